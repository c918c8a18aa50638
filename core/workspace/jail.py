"""Turns a path the model gave into a checked project-relative path, or refuses it.

Every rule here is a refusal with a one-line reason; the agent loop hands that reason
back to the model as an ``is_error`` tool result and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255  # NAME_MAX: the longest file or folder name the file system takes
ALWAYS_PROTECTED: tuple[str, ...] = (".github/workflows",)


class ToolRefused(Exception):
    """A tool call the jail or a tool refused; the message is the reason the model sees."""


@dataclass(frozen=True)
class Jail:
    """The checkout an agent may touch, and the paths in it that are off limits.

    ``protected`` holds project-relative prefixes (files or folders) that may be read but
    never written; ``.git`` is neither readable nor writable anywhere in the tree.
    """

    root: Path
    protected: tuple[str, ...] = field(default=ALWAYS_PROTECTED)

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(os.path.realpath(self.root)))
        object.__setattr__(self, "protected", tuple(_norm_prefix(p) for p in self.protected))

    @classmethod
    def with_protected(cls, root: Path, extra: Iterable[str] = ()) -> Jail:
        return cls(root, (*ALWAYS_PROTECTED, *extra))

    def check(self, path: object, *, write: bool = False, allow_root: bool = False) -> str:
        """The normalised project-relative path for ``path``, or ToolRefused.

        With ``allow_root`` the root itself (``.``) is accepted, as ``"."``.
        """
        if allow_root and isinstance(path, str) and path.strip() in (".", "./"):
            return "."
        rel = _lexical_check(path)
        self._check_rules(rel, write=write)
        real = Path(os.path.realpath(self.root / rel))
        if real != self.root and self.root not in real.parents:
            raise ToolRefused(f"{rel}: resolves outside the repository through a symlink")
        real_rel = real.relative_to(self.root).as_posix()
        if real_rel != rel:
            # A symlink inside the tree: its target must pass the same rules.
            self._check_rules(real_rel, write=write, via=rel)
        return rel

    def absolute(self, rel: str) -> Path:
        """The on-disk path of a project-relative path that ``check`` accepted."""
        return self.root / rel

    def _check_rules(self, rel: str, *, write: bool, via: str | None = None) -> None:
        shown = rel if via is None else f"{via} (-> {rel})"
        parts = rel.split("/")
        if any(p.lower() == ".git" for p in parts):
            raise ToolRefused(f"{shown}: paths under .git/ are off limits")
        if write:
            for prefix in self.protected:
                if rel.lower() == prefix or rel.lower().startswith(prefix + "/"):
                    raise ToolRefused(f"{shown}: {prefix} is protected and never written")


def _norm_prefix(prefix: str) -> str:
    return prefix.strip("/").lower()


def _lexical_check(path: object) -> str:
    if not isinstance(path, str):
        raise ToolRefused("path must be a string")
    if not path.strip():
        raise ToolRefused("path is empty")
    if "\x00" in path:
        raise ToolRefused("path contains a NUL byte")
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        raise ToolRefused(f"path is longer than {MAX_PATH_BYTES} bytes")
    try:
        path.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ToolRefused("path is not valid Unicode (it holds a lone surrogate)") from exc
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in path):
        raise ToolRefused(f"{path!r}: control characters are not allowed in paths")
    for part in path.split("/"):
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            raise ToolRefused(
                f"{part[:40]}...: a file or folder name is longer than {MAX_NAME_BYTES} bytes"
            )
    if "\\" in path:
        raise ToolRefused(f"{path}: use forward slashes; backslashes are not allowed in paths")
    if path.startswith("/"):
        raise ToolRefused(f"{path}: absolute paths are not allowed; use a project-relative path")
    pure = PurePosixPath(path)
    if any(part == ".." for part in pure.parts):
        raise ToolRefused(f"{path}: '..' is not allowed in paths")
    rel = pure.as_posix()
    if rel in ("", "."):
        raise ToolRefused(f"{path}: names the repository root, not a file")
    # Checked on the normal form, so that "./~" or "./C:" cannot slip past as "~" or "C:",
    # and normalising an accepted path again always gives the same accepted path.
    if rel.startswith("~"):
        raise ToolRefused(
            f"{path}: home-relative paths are not allowed; use a project-relative path"
        )
    if len(rel) > 1 and rel[1] == ":":
        raise ToolRefused(f"{path}: absolute paths are not allowed; use a project-relative path")
    return rel
