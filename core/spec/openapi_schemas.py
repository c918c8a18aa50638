"""OpenAPI component schemas: local ``$ref`` resolution, ``allOf`` merging, object properties."""

from __future__ import annotations

import re
from dataclasses import dataclass

from backendbot.core.spec.yamltree import Problem, YEntry, YMap, YNode, YScalar, YSeq, head_span

REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Schemas:
    """``components.schemas`` of one document, with the resource name chosen for each object schema."""

    nodes: dict[str, YEntry]

    def ref_target(self, node: YNode, problems: list[Problem] | None = None) -> str | None:
        """Schema name of a ``{$ref: '#/components/schemas/X'}`` node (None if it is not a ref)."""
        ref = node.get("$ref") if isinstance(node, YMap) else None
        if ref is None:
            return None
        target = ref.value.value if isinstance(ref.value, YScalar) else None
        if not isinstance(target, str) or not target.startswith(REF_PREFIX):
            if problems is not None:
                problems.append(
                    Problem(
                        head_span(ref.value),
                        "only local $refs to #/components/schemas/... are supported",
                    )
                )
            return None
        name = target[len(REF_PREFIX) :]
        if name not in self.nodes:
            if problems is not None:
                problems.append(Problem(head_span(ref.value), f"$ref to unknown schema '{name}'"))
            return None
        return name

    def resolve(self, node: YNode, problems: list[Problem] | None = None) -> YNode:
        """Follow $refs (at most a few hops) to the schema itself."""
        for _ in range(8):
            name = self.ref_target(node, problems)
            if name is None:
                return node
            node = self.nodes[name].value
        return node

    def is_object(self, node: YNode) -> bool:
        node = self.resolve(node)
        if not isinstance(node, YMap):
            return False
        kind = scalar(node, "type")
        return kind == "object" or "properties" in node.entries or "allOf" in node.entries

    def properties(self, node: YNode, problems: list[Problem]) -> tuple[list[YEntry], set[str]]:
        """(properties in order, required names) of an object schema, merging ``allOf`` parts."""
        props: dict[str, YEntry] = {}
        required: set[str] = set()
        self._collect(self.resolve(node, problems), props, required, problems, 0)
        return list(props.values()), required

    def _collect(
        self,
        node: YNode,
        props: dict[str, YEntry],
        required: set[str],
        problems: list[Problem],
        depth: int,
    ) -> None:
        if not isinstance(node, YMap) or depth > 8:
            return
        parts = node.get("allOf")
        if parts is not None and isinstance(parts.value, YSeq):
            for part in parts.value.items:
                self._collect(self.resolve(part, problems), props, required, problems, depth + 1)
        for key in ("oneOf", "anyOf"):
            if (entry := node.get(key)) is not None:
                problems.append(
                    Problem(entry.key_span, f"{key} is not supported for resource schemas")
                )
        found = node.get("properties")
        if found is not None and isinstance(found.value, YMap):
            props.update(found.value.entries)
        listed = node.get("required")
        if listed is not None and isinstance(listed.value, YSeq):
            required.update(
                str(item.value) for item in listed.value.items if isinstance(item, YScalar)
            )


def scalar(node: YMap, key: str) -> object:
    entry = node.get(key)
    return entry.value.value if entry is not None and isinstance(entry.value, YScalar) else None


def pascal_case(name: str) -> str:
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", name) if p]
    return "".join(p[:1].upper() + p[1:] for p in parts) or name


def snake_case(name: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return re.sub(r"[^A-Za-z0-9]+", "_", spaced).strip("_").lower() or name
