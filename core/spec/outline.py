"""Where the ``resources:`` block and each resource sit, by line: cheap, and tolerant of broken YAML.

The language server asks this on every code-action request to know which resource the cursor is
in. A plainly block-style spec is answered from its resource blocks (blocks.py: one pass over the
lines, the same answer as the YAML parser's); anything else goes through libyaml's composer,
looking only at the top two levels; when that does not parse (the user is typing) a line scan of
the indentation answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from backendbot.core.spec.blocks import Blocks, split_blocks
from backendbot.core.spec.positions import LineIndex
from backendbot.core.spec.yamltree import gc_paused


@dataclass(frozen=True, slots=True)
class LineRange:
    """0-based lines, both ends included."""

    start: int
    end: int

    def __contains__(self, line: object) -> bool:
        return isinstance(line, int) and self.start <= line <= self.end


@dataclass(frozen=True, slots=True)
class ResourceOutline:
    name: str
    lines: LineRange  # from the line of the name's key to the last line of its block


@dataclass(frozen=True, slots=True)
class SpecOutline:
    resources_lines: LineRange | None  # the ``resources:`` key through its last resource
    resources: tuple[ResourceOutline, ...]
    parsed: bool  # True when the YAML parser answered; False for a line scan (see spec_outline)

    def resource_at(self, line: int) -> ResourceOutline | None:
        return next((r for r in self.resources if line in r.lines), None)


def spec_outline(text: str) -> SpecOutline:
    """From the resource blocks when the spec is plainly block style (the cheap common case, the
    same answer as the YAML parser's), else from YAML, else from a line scan of broken YAML."""
    index = LineIndex(text)
    blocks = split_blocks(text)
    from_blocks = _from_blocks(blocks, index) if blocks is not None else None
    return from_blocks or outline_from_yaml(text, index) or _scan(index)


def outline_from_yaml(text: str, index: LineIndex) -> SpecOutline | None:
    """The outline by the YAML parser; None when the text does not parse."""
    try:
        with gc_paused():
            root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return SpecOutline(None, (), True)
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "resources":
            return _from_nodes(key, value, index)
    return SpecOutline(None, (), True)


def _from_blocks(blocks: Blocks, index: LineIndex) -> SpecOutline | None:
    resources = []
    for first, after in blocks.lines:
        match = _KEY.match(index.line_text(first))
        name = match and (match.group(2) or match.group(3) or match.group(4))
        if not name or "\\" in name:
            return None  # not a plain key: let the YAML parser say what it is
        resources.append(
            ResourceOutline(name, LineRange(first, _last_content(index, first, after)))
        )
    return SpecOutline(
        LineRange(blocks.resources_line, resources[-1].lines.end), tuple(resources), False
    )


def _last_content(index: LineIndex, first: int, after: int) -> int:
    end = after - 1
    while end > first and _is_blank_or_comment(index.line_text(end)):
        end -= 1
    return end


def _from_nodes(key: yaml.Node, value: yaml.Node, index: LineIndex) -> SpecOutline:
    resources: list[ResourceOutline] = []
    if isinstance(value, yaml.MappingNode):
        for name, body in value.value:
            if isinstance(name, yaml.ScalarNode):
                resources.append(ResourceOutline(str(name.value), _range(name, body, index)))
    return SpecOutline(_range(key, value, index), tuple(resources), True)


def _range(first: yaml.Node, last: yaml.Node, index: LineIndex) -> LineRange:
    start = index.line_of(first.start_mark.index)
    end_offset = _end_offset(last)
    end = index.line_of(max(end_offset - 1, first.start_mark.index))
    while end > start and _is_blank_or_comment(index.line_text(end)):
        end -= 1  # a block scalar keeps the blank lines after it
    return LineRange(start, max(start, end))


def _end_offset(node: yaml.Node) -> int:
    """Where the node's content ends: a block collection's own end mark is the next token's start."""
    while (
        isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        and not node.flow_style
        and node.value
    ):
        child = node.value[-1]
        node = child[1] if isinstance(child, tuple) else child
    return int(node.end_mark.index)


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


_KEY = re.compile(r"""(\s*)(?:"([^"]*)"|'([^']*)'|([^\s#:'"][^:#]*?))\s*:(?:\s|$)""")


def _scan(index: LineIndex) -> SpecOutline:
    """Indentation-based outline for block-style YAML that does not parse."""
    start: int | None = None
    child_indent: int | None = None
    resources: list[tuple[str, int]] = []
    last_content = 0
    for number in range(index.line_count):
        line = index.line_text(number)
        if _is_blank_or_comment(line):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if start is None:
            if indent == 0 and re.match(r"resources\s*:", line):
                start = last_content = number
            continue
        if indent == 0:
            break
        last_content = number
        if child_indent is None:
            child_indent = indent
        match = _KEY.match(line)
        if indent == child_indent and match is not None:
            resources.append((match.group(2) or match.group(3) or match.group(4) or "", number))
    if start is None:
        return SpecOutline(None, (), False)
    outlines = []
    for i, (name, first) in enumerate(resources):
        next_start = resources[i + 1][1] if i + 1 < len(resources) else last_content + 1
        end = next_start - 1
        while end > first and _is_blank_or_comment(index.line_text(end)):
            end -= 1
        outlines.append(ResourceOutline(name, LineRange(first, end)))
    return SpecOutline(LineRange(start, last_content), tuple(outlines), False)
