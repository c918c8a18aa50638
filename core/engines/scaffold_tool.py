"""The ``scaffold`` tool: lets a model produce CRUD code deterministically and spend tokens on the rest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.workspace.jail import ToolRefused
from backendbot.core.workspace.tools import ToolSpec, Workspace

DESCRIPTION = (
    "Generate complete, tested CRUD code (models, schemas, routes, controllers, services, "
    "tests, auth) from a backend.yaml document. Use it for plain resources before writing "
    "custom logic by hand. Answers the list of files written."
)


def scaffold_tool(workspace: Workspace, layout: Layout) -> ToolSpec:
    def handler(arguments: Mapping[str, Any]) -> str:
        from backendbot.core.scaffold.plan import plan_scaffold
        from backendbot.core.spec.parse import parse_spec

        text = arguments.get("spec")
        if not isinstance(text, str) or not text.strip():
            raise ToolRefused("spec must be a backend.yaml document as a string")
        try:
            spec = parse_spec(text, "spec")
            plan = plan_scaffold(spec, layout, workspace.jail.root)
        except InputError as exc:
            raise ToolRefused(f"invalid spec: {exc}") from exc
        lines = [
            workspace.write_file(path, content) for path, content in sorted(plan.writes.items())
        ]
        lines += [
            f"conflict: {c.path}: {c.reason}; new version in {c.new_path}" for c in plan.conflicts
        ]
        return "\n".join(lines) if lines else "nothing to write: the generated files are up to date"

    return ToolSpec(
        "scaffold",
        DESCRIPTION,
        {
            "type": "object",
            "properties": {"spec": {"type": "string", "description": "backend.yaml content"}},
            "required": ["spec"],
            "additionalProperties": False,
        },
        handler,
    )
