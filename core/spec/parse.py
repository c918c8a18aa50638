"""Public entry points: backend.yaml or OpenAPI text → ``BackendSpec``, or its located problems.

- ``parse_spec`` / ``load_spec`` raise ``InputError`` (file, 1-based line and column) for the
  first problem in document order, carrying the next ones too (``InputError.problems``, up to
  ``MAX_REPORTED``, the rest counted): for the CLI, the scaffold engine and the GitHub App.
- ``validate_spec_text`` never raises and returns every problem it can find with 0-based LSP
  ranges (UTF-16 characters): for the language server's diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backendbot.core.errors import InputError
from backendbot.core.spec.build import build_spec, duplicate_message
from backendbot.core.spec.model import BackendSpec
from backendbot.core.spec.openapi import is_openapi, openapi_tree
from backendbot.core.spec.positions import LineIndex
from backendbot.core.spec.yamltree import Problem, Span, compose

MAX_PROBLEMS = 100
DEFAULT_MAX_CHARS = 1_000_000  # about 20,000 lines: beyond that the editor would stall


@dataclass(frozen=True, slots=True)
class SpecProblem:
    """One problem, as an LSP range: 0-based lines, characters in UTF-16 code units, end exclusive."""

    line: int
    character: int
    end_line: int
    end_character: int
    message: str


def analyze(text: str, *, openapi_only: bool = False) -> tuple[BackendSpec | None, list[Problem]]:
    """The spec (None unless there was no problem at all) and every problem, in document order."""
    composed = compose(text, duplicate_message)
    problems = list(composed.problems)
    root = composed.root
    if root is None and problems:
        return None, problems
    if openapi_only and not is_openapi(root):
        problems.append(Problem(Span(0, 0), "not an OpenAPI document (no top-level 'openapi' key)"))
        return None, ordered(problems)
    if is_openapi(root):
        root = openapi_tree(root, problems)
        if root is None:
            return None, ordered(problems)
    spec = build_spec(root, problems)
    return (spec if not problems else None), ordered(problems)


def ordered(problems: list[Problem]) -> list[Problem]:
    unique = {(p.span.start, p.span.end, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.span.start, p.span.end))


def parse_spec(text: str, filename: str) -> BackendSpec:
    """The validated spec; ``InputError`` naming ``filename``, line and column of the first problem.

    ``text`` is a backend.yaml or, with a top-level ``openapi:`` key, an OpenAPI 3 document.
    """
    return _raise_or_return(text, filename, *analyze(text))


def parse_openapi(text: str, filename: str) -> BackendSpec:
    """Like ``parse_spec``, but ``text`` must be an OpenAPI 3.0/3.1 document (YAML or JSON)."""
    return _raise_or_return(text, filename, *analyze(text, openapi_only=True))


def _raise_or_return(
    text: str, filename: str, spec: BackendSpec | None, problems: list[Problem]
) -> BackendSpec:
    if spec is not None:
        return spec
    index = LineIndex(text)
    located = [
        _located(p, index, filename) for p in problems or [Problem(Span(0, 0), "invalid spec")]
    ]
    raise InputError.of(located)


def _located(problem: Problem, index: LineIndex, filename: str) -> InputError:
    line, column = index.position(problem.span.start)
    return InputError(problem.message, file=filename, line=line + 1, column=column + 1)


def load_spec(path: Path) -> BackendSpec:
    """Read and parse a backend.yaml or OpenAPI 3 document (YAML or JSON)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the spec: {exc.strerror or exc}", file=path) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"the spec is not UTF-8 text (byte {data[exc.start]:#04x})", file=path, line=line
        ) from exc
    return parse_spec(text, str(path))


def validate_spec_text(
    text: str, filename: str, *, max_chars: int = DEFAULT_MAX_CHARS
) -> list[SpecProblem]:
    """Every problem found (none for a valid spec), ready to become LSP diagnostics. Never raises.

    ``filename`` is accepted for symmetry with ``parse_spec``; ranges do not depend on it.
    """
    if len(text) > max_chars:
        return [
            SpecProblem(0, 0, 0, 0, f"the file is too large to be a spec ({len(text)} characters)")
        ]
    try:
        _, problems = analyze(text)
    except Exception as exc:  # the editor must keep working whatever the text is
        return [SpecProblem(0, 0, 0, 0, f"internal error while checking the spec: {exc!r}")]
    index = LineIndex(text)
    return [to_lsp(problem, index) for problem in problems[:MAX_PROBLEMS]]


def to_lsp(problem: Problem, index: LineIndex) -> SpecProblem:
    line, character = index.lsp_position(problem.span.start)
    end_line, end_character = index.lsp_position(problem.span.end)
    if (end_line, end_character) < (line, character):
        end_line, end_character = line, character
    return SpecProblem(line, character, end_line, end_character, problem.message)
