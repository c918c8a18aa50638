"""YAML text → a small located tree: mappings with unique string keys, sequences, scalars.

PyYAML (libyaml when present) composes the nodes; this walk keeps each node's character offsets,
reports what PyYAML lets pass silently (a repeated key keeps only its last value there), and never
raises: every problem is returned with the span it concerns. Anchors are shared, not re-walked,
so alias "bombs" cost nothing; nesting is capped.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor

MAX_DEPTH = 64
MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"


class Span(NamedTuple):
    """Half-open range of code-point offsets in the source text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Problem:
    span: Span
    message: str


# Named tuples rather than dataclasses: a 2,000-line spec makes tens of thousands of them.
class YScalar(NamedTuple):
    value: object
    span: Span


class YSeq(NamedTuple):
    items: tuple[YNode, ...]
    span: Span


class YEntry(NamedTuple):
    key: str
    key_span: Span
    value: YNode


class YMap(NamedTuple):
    entries: dict[str, YEntry]
    span: Span

    def get(self, key: str) -> YEntry | None:
        return self.entries.get(key)


YNode = YScalar | YSeq | YMap
Path = tuple[str | int, ...]
DuplicateMessage = Callable[[Path, str, int], str]


def default_duplicate_message(path: Path, key: str, first_line: int) -> str:
    return f"duplicate key '{key}' (first on line {first_line})"


@dataclass(frozen=True, slots=True)
class Composed:
    root: YNode | None
    problems: tuple[Problem, ...]


def compose(text: str, duplicate_message: DuplicateMessage = default_duplicate_message) -> Composed:
    """Parse ``text`` as one YAML document; ``root`` is None when it is empty or does not parse."""
    with gc_paused():
        return _compose(text, duplicate_message)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Composing allocates a node per scalar and none of them is garbage yet: without this the
    cyclic collector re-scans the growing tree again and again (superlinear on long documents)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compose(text: str, duplicate_message: DuplicateMessage) -> Composed:
    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as exc:
        return Composed(None, (_yaml_error_problem(exc, len(text)),))
    except (ValueError, RecursionError, MemoryError) as exc:  # defensive: never raise on garbage
        return Composed(None, (Problem(Span(0, 0), f"cannot read the YAML: {exc}"),))
    if node is None:
        return Composed(None, ())
    walker = _Walker(duplicate_message)
    return Composed(walker.walk(node, (), 0), tuple(walker.problems))


def data_of(node: YNode, depth: int) -> Any:
    """Plain Python data (dicts, lists, scalars) of a subtree, for pydantic, ``depth`` levels deep.

    Deeper collections become empty ones of the same kind: enough for a type check, and the
    cost stays small however large (or alias-repeated) the subtree below is.
    """
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [data_of(item, depth - 1) for item in node.items] if depth > 0 else []
    if depth <= 0:
        return {}
    return {key: data_of(entry.value, depth - 1) for key, entry in node.entries.items()}


def head_span(node: YNode) -> Span:
    """The node's span, but for a collection only its first character (block mappings run long)."""
    if isinstance(node, YScalar):
        return node.span
    return Span(node.span.start, node.span.start + 1)


def _loader() -> type[yaml.SafeLoader]:
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def _node_span(node: yaml.Node) -> Span:
    return Span(node.start_mark.index, node.end_mark.index)


def _yaml_error_problem(exc: yaml.YAMLError, length: int) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        start = min(mark.index, length) if mark is not None else 0
        detail = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            detail = f"{exc.problem} ({exc.context})"
        return Problem(Span(start, min(start + 1, length)), f"invalid YAML: {detail}")
    if isinstance(exc, yaml.reader.ReaderError):
        start = min(exc.position, length)
        return Problem(
            Span(start, min(start + 1, length)),
            f"invalid character {chr(exc.character)!r} in YAML ({exc.reason})"
            if isinstance(exc.character, int)
            else f"invalid YAML ({exc.reason})",
        )
    return Problem(Span(0, 0), f"invalid YAML: {exc}")


class _Walker:
    def __init__(self, duplicate_message: DuplicateMessage) -> None:
        self.problems: list[Problem] = []
        self._duplicate_message = duplicate_message
        self._constructor = SafeConstructor()
        self._memo: dict[int, YNode] = {}
        self._key_lines: dict[int, dict[int, int]] = {}

    def walk(self, node: yaml.Node, path: _Trail, depth: int) -> YNode:
        if isinstance(node, yaml.ScalarNode):
            span = Span(node.start_mark.index, node.end_mark.index)
            if node.tag == STR_TAG:
                return YScalar(node.value, span)
            return YScalar(self._scalar(node), span)
        seen = self._memo.get(id(node))
        if seen is not None:
            return seen
        result: YNode
        if depth > MAX_DEPTH:
            self.problems.append(Problem(_node_span(node), f"nested more than {MAX_DEPTH} levels"))
            result = YScalar(None, _node_span(node))
        elif isinstance(node, yaml.MappingNode):
            result = self._mapping(node, path, depth)
        else:
            items = tuple(
                self.walk(item, (path, i), depth + 1) for i, item in enumerate(node.value)
            )
            result = YSeq(items, _node_span(node))
        self._memo[id(node)] = result
        return result

    def _scalar(self, node: yaml.Node) -> object:
        if node.tag not in self._constructor.yaml_constructors:
            return str(node.value)
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.problems.append(Problem(_node_span(node), f"invalid value: {exc}"))
            return str(node.value)

    def _mapping(self, node: yaml.MappingNode, path: _Trail, depth: int) -> YMap:
        entries: dict[str, YEntry] = {}
        for key_node, value_node in node.value:
            key_span = Span(key_node.start_mark.index, key_node.end_mark.index)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                self._bad_key(key_node, key_span)
                continue
            key = key_node.value
            first = entries.get(key)
            if first is not None:
                line = self._line_of(node, first.key_span)
                self.problems.append(
                    Problem(key_span, self._duplicate_message(_path(path), key, line))
                )
                continue
            value = self.walk(value_node, (path, key), depth + 1)
            entries[key] = YEntry(key, key_span, value)
        return YMap(entries, _node_span(node))

    def _bad_key(self, key_node: yaml.Node, span: Span) -> None:
        if isinstance(key_node, yaml.ScalarNode):
            message = "merge keys ('<<') are not supported; repeat the keys instead"
        else:
            message = "a key must be a plain name"
        self.problems.append(Problem(span, message))

    def _line_of(self, node: yaml.MappingNode, key_span: Span) -> int:
        """1-based YAML line of the key at ``key_span`` (looked up only for a duplicate)."""
        lines = self._key_lines.get(id(node))
        if lines is None:
            lines = {k.start_mark.index: int(k.start_mark.line) + 1 for k, _ in node.value}
            self._key_lines[id(node)] = lines
        return lines.get(key_span.start, 0)


# the path to a node as nested pairs ((((), "resources"), "Recipe"), "fields"): cheap to extend
_Trail = tuple[Any, ...]


def _path(trail: _Trail) -> Path:
    parts: list[str | int] = []
    while trail:
        trail, part = trail
        parts.append(part)
    return tuple(reversed(parts))
