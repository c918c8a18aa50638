"""``validate_spec_text`` for a document being edited: unchanged resources are not checked again.

A ``SpecChecker`` (one per open document, held by the language server) splits a block-style spec
into its top level and one block per resource, each composed on its own and cached by its text
(and, for the cross-checks, by the set of resource names and the auth settings). Typing inside one
resource then re-parses only that resource. The answer is the same as ``validate_spec_text``'s:
whenever the text is outside the simple shape this relies on (anchors, tabs, flow-style
resources, several documents, a YAML error anywhere) it simply calls ``validate_spec_text``.
"""

from __future__ import annotations

import re
from typing import Any

from backendbot.core.spec.blocks import Blocks, split_blocks
from backendbot.core.spec.build import case_clash, check_resource, check_top, duplicate_message
from backendbot.core.spec.model import Auth
from backendbot.core.spec.parse import (
    DEFAULT_MAX_CHARS,
    MAX_PROBLEMS,
    SpecProblem,
    ordered,
    to_lsp,
    validate_spec_text,
)
from backendbot.core.spec.positions import LineIndex
from backendbot.core.spec.yamltree import Composed, Path, Problem, Span, YMap, YScalar, compose

_LINE_MARK = re.compile(r"\x00(\d+)\x00")


class SpecChecker:
    """Holds the parsed resource blocks of one document between calls."""

    def __init__(self, max_cached: int = 4096) -> None:
        self._max_cached = max_cached
        self._composed: dict[str, Composed] = {}
        self._checked: dict[tuple[str, frozenset[str], Auth | None], tuple[Problem, ...]] = {}

    def problems(
        self, text: str, filename: str, *, max_chars: int = DEFAULT_MAX_CHARS
    ) -> list[SpecProblem]:
        """Exactly what ``validate_spec_text(text, filename)`` returns."""
        split = split_blocks(text) if len(text) <= max_chars else None
        index = LineIndex(text)
        found = self._chunked(split, index) if split is not None else None
        if found is None:
            return validate_spec_text(text, filename, max_chars=max_chars)
        return [to_lsp(problem, index) for problem in found[:MAX_PROBLEMS]]

    def _chunked(self, split: Blocks, index: LineIndex) -> list[Problem] | None:
        head = compose(split.head, duplicate_message)
        root = head.root
        entry = root.get("resources") if isinstance(root, YMap) else None
        if not isinstance(root, YMap) or entry is None or not _is_null(entry.value):
            return None
        problems = list(head.problems)
        _, auth = check_top(root, problems, resources_apart=True)
        blocks = [(start, self._compose(chunk)) for start, chunk in split.chunks]
        if any(not _single_entry(c) for _, c in blocks):
            return None
        names = frozenset(_key(c) for _, c in blocks)
        first_line: dict[str, int] = {}
        by_lower: dict[str, str] = {}
        for (start, composed), (_, chunk) in zip(blocks, split.chunks, strict=True):
            name, key_span = _key(composed), _shift(_key_span(composed), start)
            if name in first_line:
                message = duplicate_message(("resources",), name, first_line[name])
                problems.append(Problem(key_span, message))
                continue
            first_line[name] = index.line_of(key_span.start) + 1
            line = index.line_of(start)
            problems += [_moved(p, start, line) for p in composed.problems]
            problems += [_moved(p, start, line) for p in self._check(chunk, composed, names, auth)]
            if clash := case_clash(name, by_lower):
                problems.append(Problem(key_span, clash))
        return ordered(problems)

    def _compose(self, chunk: str) -> Composed:
        found = self._composed.get(chunk)
        if found is None:
            self._trim(self._composed)
            found = compose(chunk, _relative_duplicate_message)
            self._composed[chunk] = found
        return found

    def _check(
        self, chunk: str, composed: Composed, names: frozenset[str], auth: Auth | None
    ) -> tuple[Problem, ...]:
        key = (chunk, names, auth)
        found = self._checked.get(key)
        if found is None:
            self._trim(self._checked)
            assert isinstance(composed.root, YMap)  # _single_entry checked it
            problems: list[Problem] = []
            entry = next(iter(composed.root.entries.values()))
            check_resource(entry, set(names), auth, problems)
            found = self._checked[key] = tuple(problems)
        return found

    def _trim(self, cache: dict[Any, Any]) -> None:
        if len(cache) >= self._max_cached:
            cache.clear()


def _relative_duplicate_message(path: Path, key: str, first_line: int) -> str:
    # the block's line in the document is not known when it is cached: mark it, fill it in later
    return duplicate_message(("resources", *path), key, 0).replace(
        "(first on line 0)", f"(first on line \x00{first_line}\x00)"
    )


def _moved(problem: Problem, start: int, line: int) -> Problem:
    message = _LINE_MARK.sub(lambda m: str(int(m.group(1)) + line), problem.message)
    return Problem(_shift(problem.span, start), message)


def _shift(span: Span, start: int) -> Span:
    return Span(span.start + start, span.end + start)


def _is_null(node: object) -> bool:
    return isinstance(node, YScalar) and node.value is None


def _single_entry(composed: Composed) -> bool:
    """One resource and no YAML error (a YAML error leaves no root)."""
    root = composed.root
    return isinstance(root, YMap) and len(root.entries) == 1


def _key(composed: Composed) -> str:
    assert isinstance(composed.root, YMap)
    return next(iter(composed.root.entries))


def _key_span(composed: Composed) -> Span:
    assert isinstance(composed.root, YMap)
    return next(iter(composed.root.entries.values())).key_span
