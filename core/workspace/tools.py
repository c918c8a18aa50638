"""The agent's four tools (read_file, write_file, search_files, edit_block) over a jailed, staged checkout.

Each tool answers a short text for the model. A refusal or failure raises ToolRefused,
which ``Workspace.call`` turns into an ``is_error`` result: the run goes on.
"""

from __future__ import annotations

import difflib
import fnmatch
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backendbot.core.errors import RunFailed
from backendbot.core.workspace.files import list_files
from backendbot.core.workspace.jail import Jail, ToolRefused
from backendbot.core.workspace.results import (
    MAX_RESULT_BYTES,
    cap_bytes,
    describe_exception,
    one_line,
)
from backendbot.core.workspace.search import Pattern, compile_pattern
from backendbot.core.workspace.staging import Staging

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    max_write_bytes: int = 1024 * 1024
    page_lines: int = 2000
    page_bytes: int = 48 * 1024  # UTF-8 bytes of file text in one read_file page
    max_line_chars: int = 2000
    max_result_bytes: int = MAX_RESULT_BYTES  # any tool's answer, error or not
    search_results: int = 200
    search_bytes: int = 48 * 1024
    search_file_bytes: int = 1024 * 1024
    max_pattern_chars: int = 1000


@dataclass(frozen=True)
class ToolResult:
    content: str
    is_error: bool = False


Handler = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class ToolSpec:
    """A tool as a model sees it: name, description, JSON schema; plus the handler that runs it."""

    name: str
    description: str
    input_schema: dict[str, Any]
    handler: Handler = field(compare=False, repr=False)


def _schema(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


_PATH = {"type": "string", "description": "Project-relative path, e.g. src/routes/users.py"}


class Workspace:
    """A jailed view of one checkout. Writes are staged; ``changeset()`` lists them."""

    def __init__(self, jail: Jail, limits: Limits | None = None) -> None:
        self.jail = jail
        self.limits = limits or Limits()
        self.staging = Staging(jail.root)
        self._tools: dict[str, ToolSpec] = {}
        for spec in self._builtin_tools():
            self.register(spec)

    def close(self) -> None:
        self.staging.close()

    def register(self, spec: ToolSpec) -> None:
        self._tools[spec.name] = spec

    def tool_specs(self, names: list[str] | None = None) -> list[ToolSpec]:
        if names is None:
            return list(self._tools.values())
        return [self._tools[n] for n in names if n in self._tools]

    def call(self, name: str, arguments: object) -> ToolResult:
        spec = self._tools.get(name)
        if spec is None:
            return ToolResult(f"unknown tool {name!r}; available: {', '.join(self._tools)}", True)
        if not isinstance(arguments, Mapping):
            return ToolResult(f"{name}: arguments must be a JSON object", True)
        try:
            result = ToolResult(spec.handler(arguments))
        except ToolRefused as exc:
            result = ToolResult(f"{name}: {exc}", True)
        except RunFailed:
            raise  # a deliberate stop (verification failed, cancelled), not the model's input
        except Exception as exc:  # whatever a tool input provokes, the run goes on
            log.debug("tool %s failed", name, exc_info=True)
            result = ToolResult(f"{name}: {_failure(arguments, exc)}", True)
        return ToolResult(cap_bytes(result.content, self.limits.max_result_bytes), result.is_error)

    # -- the four tools -------------------------------------------------------------

    def read_file(self, path: object, offset: object = 1, limit: object = None) -> str:
        rel = self.jail.check(path)
        first = _int_arg("offset", offset, default=1, minimum=1)
        count = _int_arg("limit", limit, default=self.limits.page_lines, minimum=1)
        count = min(count, self.limits.page_lines)
        text = self._text(rel)
        lines = text.splitlines(keepends=True)
        if first > max(len(lines), 1):
            raise ToolRefused(f"{rel}: offset {first} is past the end ({len(lines)} lines)")
        out: list[str] = []
        size = 0
        last = first - 1
        for line in lines[first - 1 : first - 1 + count]:
            if len(line) > self.limits.max_line_chars:
                line = line[: self.limits.max_line_chars] + " [line cut]\n"
            width = len(line.encode("utf-8"))
            if size + width > self.limits.page_bytes and out:
                break
            out.append(line)
            size += width
            last += 1
        header = f"{rel} (lines {first}-{last} of {len(lines)})\n"
        more = (
            f"\n[more: read_file offset={last + 1}] for the next page "
            f"(a page holds up to {count} lines, {self.limits.page_bytes // 1024} KiB)"
            if last < len(lines)
            else ""
        )
        return header + "".join(out) + more

    def write_file(self, path: object, content: object) -> str:
        rel = self.jail.check(path, write=True)
        if not isinstance(content, str):
            raise ToolRefused("content must be a string")
        data = content.encode("utf-8")
        if len(data) > self.limits.max_write_bytes:
            raise ToolRefused(
                f"{rel}: {len(data)} bytes is over the {self.limits.max_write_bytes}-byte write limit"
            )
        if self.jail.absolute(rel).is_dir() and not self.staging.is_staged(rel):
            raise ToolRefused(f"{rel}: is a directory")
        self._check_parents(rel)
        existed = self.staging.read(rel) is not None
        digest = self.staging.write(rel, data)
        status = "modified" if existed else "created"
        return f"wrote {rel} ({status}, {len(data)} bytes, sha256 {digest}); verified by read-back"

    def edit_block(
        self, path: object, old_text: object, new_text: object, expected_replacements: object = 1
    ) -> str:
        rel = self.jail.check(path, write=True)
        if not isinstance(old_text, str) or not isinstance(new_text, str):
            raise ToolRefused("old_text and new_text must be strings")
        if not old_text:
            raise ToolRefused("old_text is empty; use write_file to create a file")
        expected = _int_arg("expected_replacements", expected_replacements, default=1, minimum=1)
        text = self._text(rel)
        found = text.count(old_text)
        if found == 0:
            raise ToolRefused(f"{rel}: old_text not found. {_closest(text, old_text)}")
        if found != expected:
            raise ToolRefused(
                f"{rel}: old_text occurs {found} times, expected {expected}; "
                "add surrounding lines to make it unique or set expected_replacements"
            )
        result = self.write_file(rel, text.replace(old_text, new_text))
        return f"replaced {found} occurrence(s); {result}"

    def search_files(self, pattern: object, path: object = ".", glob: object = None) -> str:
        if not isinstance(pattern, str) or not pattern:
            raise ToolRefused("pattern must be a non-empty regular expression")
        if len(pattern) > self.limits.max_pattern_chars:
            raise ToolRefused(f"pattern is longer than {self.limits.max_pattern_chars} characters")
        regex = compile_pattern(pattern)
        under = self.jail.check(path if path is not None else ".", allow_root=True)
        if glob is not None and not isinstance(glob, str):
            raise ToolRefused("glob must be a string such as '*.py'")
        if glob is not None and len(glob) > self.limits.max_pattern_chars:
            raise ToolRefused(f"glob is longer than {self.limits.max_pattern_chars} characters")
        hits: list[str] = []
        size = 0
        for rel in self._candidates(under):
            if glob and not (fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(Path(rel).name, glob)):
                continue
            found = [f"{rel} (name matches)"] if regex.search(rel) else []
            found += self._grep(rel, regex, self.limits.search_results - len(hits))
            for hit in found:
                size += len(hit.encode("utf-8")) + 1
                if len(hits) >= self.limits.search_results or size > self.limits.search_bytes:
                    return "\n".join(hits) + (
                        f"\n[stopped at {len(hits)} results; narrow the search with path or glob]"
                    )
                hits.append(hit)
        return "\n".join(hits) if hits else f"no matches for /{pattern}/ under {under}"

    # -- helpers -----------------------------------------------------------------------

    def _text(self, rel: str) -> str:
        if self.jail.absolute(rel).is_dir() and not self.staging.is_staged(rel):
            raise ToolRefused(f"{rel}: is a directory; use search_files to list it")
        data = self.staging.read(rel)
        if data is None:
            raise ToolRefused(f"{rel}: no such file")
        if b"\x00" in data[:8192]:
            raise ToolRefused(f"{rel}: binary file, not shown")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ToolRefused(f"{rel}: not UTF-8 text, not shown") from exc

    def _candidates(self, under: str) -> list[str]:
        names = [p for p in list_files(self.jail.root, under) if not _under_git(p)]
        prefix = "" if under == "." else under.rstrip("/") + "/"
        names += [p for p in self.staging.staged_paths() if p.startswith(prefix) or under == "."]
        return sorted(set(names))

    def _check_parents(self, rel: str) -> None:
        """Refuse a write below something that is a file, on disk or staged."""
        parts = rel.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            on_disk = self.jail.absolute(parent)
            if self.staging.is_staged(parent) or (on_disk.exists() and not on_disk.is_dir()):
                raise ToolRefused(f"{rel}: {parent} is a file, not a folder")

    def _grep(self, rel: str, regex: Pattern, room: int) -> list[str]:
        data = self.staging.read(rel)
        if data is None or len(data) > self.limits.search_file_bytes or b"\x00" in data[:8192]:
            return []
        out = []
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if regex.search(line):
                out.append(f"{rel}:{number}: {line[:200]}")
                if len(out) >= room:
                    break
        return out

    def _builtin_tools(self) -> list[ToolSpec]:
        return [
            ToolSpec(
                "read_file",
                "Read a text file of the project, a page at a time.",
                _schema(
                    {
                        "path": _PATH,
                        "offset": {
                            "type": "integer",
                            "minimum": 1,
                            "description": "First line (1-based)",
                        },
                        "limit": {
                            "type": "integer",
                            "minimum": 1,
                            "description": "Number of lines",
                        },
                    },
                    ["path"],
                ),
                lambda a: self.read_file(a.get("path"), a.get("offset", 1), a.get("limit")),
            ),
            ToolSpec(
                "write_file",
                "Create or replace a file with the complete content given. Parent folders are "
                "created. The answer confirms path, size and sha256 after reading the file back.",
                _schema({"path": _PATH, "content": {"type": "string"}}, ["path", "content"]),
                lambda a: self.write_file(a.get("path"), a.get("content")),
            ),
            ToolSpec(
                "search_files",
                "Search file names and contents with a regular expression (files ignored by "
                ".gitignore are skipped). Answers path:line: text rows.",
                _schema(
                    {
                        "pattern": {
                            "type": "string",
                            "description": "Regular expression (RE2 syntax: no backreferences "
                            "or look-around)",
                        },
                        "path": {"type": "string", "description": "Folder to search, default '.'"},
                        "glob": {"type": "string", "description": "File filter such as '*.py'"},
                    },
                    ["pattern"],
                ),
                lambda a: self.search_files(a.get("pattern"), a.get("path", "."), a.get("glob")),
            ),
            ToolSpec(
                "edit_block",
                "Replace an exact block of text in a file. old_text must match exactly, "
                "expected_replacements times (default 1).",
                _schema(
                    {
                        "path": _PATH,
                        "old_text": {"type": "string"},
                        "new_text": {"type": "string"},
                        "expected_replacements": {"type": "integer", "minimum": 1, "default": 1},
                    },
                    ["path", "old_text", "new_text"],
                ),
                lambda a: self.edit_block(
                    a.get("path"),
                    a.get("old_text"),
                    a.get("new_text"),
                    a.get("expected_replacements", 1),
                ),
            ),
        ]


def _failure(arguments: Mapping[str, Any], exc: Exception) -> str:
    """One line for an unexpected failure: the path the model gave, and what went wrong."""
    path = arguments.get("path")
    where = f"{path[:200]!r}: " if isinstance(path, str) else ""
    return one_line(where + describe_exception(exc))


def _under_git(rel: str) -> bool:
    return any(part.lower() == ".git" for part in rel.split("/"))


def _int_arg(name: str, value: object, *, default: int, minimum: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise ToolRefused(f"{name} must be an integer")
    if value < minimum:
        raise ToolRefused(f"{name} must be at least {minimum}")
    return value


def _closest(text: str, old_text: str) -> str:
    """Where the file comes closest to ``old_text``, so the model can retry with the real lines."""
    lines = text.splitlines()
    want = old_text.splitlines() or [old_text]
    width = max(len(want), 1)
    best_ratio, best_at = 0.0, 0
    for start in range(max(len(lines) - width + 1, 1)):
        window = "\n".join(lines[start : start + width])
        ratio = difflib.SequenceMatcher(None, window, old_text, autojunk=False).quick_ratio()
        if ratio > best_ratio:
            best_ratio, best_at = ratio, start
    if not lines:
        return "The file is empty."
    shown = "\n".join(lines[best_at : best_at + width])
    return f"Closest lines are {best_at + 1}-{best_at + width}:\n{shown}"
