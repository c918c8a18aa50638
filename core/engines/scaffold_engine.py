"""The offline engine: turns a validated spec into write_file calls, deterministically.

It plays the model's part in the same loop as any other engine, so its files go through
the same jail, staging, verification and ChangeSet as a model's would.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from backendbot.core.engines.base import AssistantTurn, ToolCall, TurnInput
from backendbot.core.errors import RunFailed
from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import ScaffoldPlan, Selection, plan_scaffold
from backendbot.core.spec.model import BackendSpec
from backendbot.core.workspace.tools import ToolSpec


class ScaffoldEngine:
    name = "scaffold"
    model: str | None = None

    def __init__(
        self,
        spec: BackendSpec,
        layout: Layout,
        repo: Path,
        selection: Selection | None = None,
        *,
        spec_copy: str | None = None,
    ) -> None:
        self._spec = spec
        self._layout = layout
        self._repo = repo
        self._selection = selection
        self._spec_copy = spec_copy
        self._plan: ScaffoldPlan | None = None

    @property
    def resources(self) -> int:
        """How many resources this run generates."""
        wanted = self._selection.resources if self._selection else None
        return sum(1 for r in self._spec.resources if wanted is None or r.name in wanted)

    @property
    def notes(self) -> tuple[str, ...]:
        if self._plan is None:
            return ()
        conflicts = tuple(
            f"{c.path}: {c.reason}; the new version is in {c.new_path}"
            for c in self._plan.conflicts
        )
        return conflicts + self._plan.notes

    def begin(self, system: str, tools: Sequence[ToolSpec], task: str) -> None:
        if "write_file" not in {t.name for t in tools}:
            raise ValueError("the scaffold engine needs the write_file tool")

    def next_turn(self, given: TurnInput) -> AssistantTurn:
        if self._plan is None:
            self._plan = plan_scaffold(
                self._spec, self._layout, self._repo, self._selection, spec_copy=self._spec_copy
            )
            calls = tuple(
                ToolCall(f"scaffold-{i}", "write_file", {"path": path, "content": content})
                for i, (path, content) in enumerate(sorted(self._plan.writes.items()))
            )
            if calls:
                return AssistantTurn("Writing the generated files.", calls, "tool_use")
        failed = [] if isinstance(given, str) else [o for o in given if o.is_error]
        if failed:
            reasons = "; ".join(o.content for o in failed[:3])
            raise RunFailed(f"{len(failed)} generated file(s) could not be written: {reasons}")
        return AssistantTurn(self._summary(), (), "end_turn")

    def cancel(self) -> None:
        return None

    def _summary(self) -> str:
        """What the generation amounts to; true whether or not the files are then written."""
        plan = self._plan
        assert plan is not None
        return (
            f"Generated {self._spec.name} ({self.resources} resource(s)): "
            f"{len(plan.writes)} file(s) new or changed, {len(plan.unchanged)} unchanged, "
            f"{len(plan.conflicts)} conflict(s)."
        )
