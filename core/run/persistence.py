"""The File Persistence Protocol's last check: code shown in a final answer but never written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_FENCE = re.compile(r"^(`{3,}|~{3,})([^\n`]*)\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_NOT_CODE = frozenset(
    {"", "text", "console", "shell", "sh", "bash", "zsh", "output", "diff", "log"}
)
MIN_LINES = 3

PERSIST_REQUEST = (
    "Your answer shows code that is not in any file of the repository. Nothing that is only "
    "in a message is kept. Write each of these blocks to its file now with write_file or "
    "edit_block, or say in one line why it should not be saved:\n\n{blocks}"
)


def unpersisted_blocks(answer: str, written: Callable[[], Iterable[str]]) -> list[str]:
    """Short descriptions of code blocks in ``answer`` that no written file contains.

    ``written`` gives the written files' texts; it is called only if the answer shows code.
    """
    texts: list[str] | None = None
    missing = []
    for match in _FENCE.finditer(answer):
        lang = match.group(2).strip().lower()
        code = match.group(3)
        if lang in _NOT_CODE or len(code.strip().splitlines()) < MIN_LINES:
            continue
        if texts is None:
            texts = [_squash(t) for t in written()]
        squashed = _squash(code)
        if any(squashed in text for text in texts):
            continue
        first = next((ln.strip() for ln in code.splitlines() if ln.strip()), "")
        missing.append(f"```{lang} block of {len(code.splitlines())} lines starting {first[:60]!r}")
    return missing


def _squash(text: str) -> str:
    return " ".join(text.split())
