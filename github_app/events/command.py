"""``parse_command(text)``: the ``/backend build|fix`` command a comment starts with, if any."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CommandName = Literal["build", "fix"]

# The first non-blank line must start with the command. Up to three spaces of indentation are
# still a paragraph in Markdown; four make a code block, and `>` or ``` start a quote or fence.
_COMMAND = re.compile(r"\A(?:[ \t]*\r?\n)*[ ]{0,3}/backend[ \t]+(build|fix)(?![\w-])(.*)\Z", re.S)


@dataclass(frozen=True)
class Command:
    name: CommandName
    text: str  # whatever follows the command word, stripped (may span several lines)


def parse_command(text: str) -> Command | None:
    """The command that ``text`` starts with, or None (quoted, fenced, indented or absent)."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    name: CommandName = "build" if match.group(1) == "build" else "fix"
    return Command(name=name, text=match.group(2).strip())
