"""A per-user cache of compiled templates, so that a run does not compile every template again.

Jinja keeps each template's compiled code under ``$XDG_CACHE_HOME/backendbot/templates`` (else
``~/.cache/...``) with the checksum of its source: an edited template or another Jinja or Python
version is compiled afresh. A folder that is not the user's own, or that cannot be read or
written, means no cache: templates are then compiled in memory as before.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


def bytecode_cache(env: Mapping[str, str]) -> jinja2.BytecodeCache | None:
    """The cache for this user, or None when no safe folder for it can be had."""
    try:
        base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
        folder = base / "backendbot" / "templates"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None
    foreign = hasattr(os, "getuid") and info.st_uid != os.getuid()
    if foreign or info.st_mode & 0o022:  # code loaded from here must be ours alone
        return None
    return _QuietCache(str(folder))


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A cache entry that cannot be read or written is simply compiled again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)
