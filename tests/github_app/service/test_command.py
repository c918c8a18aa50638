"""parse_command: only a comment that starts with the command counts."""

from __future__ import annotations

import pytest

from backendbot.github_app.events.command import Command, parse_command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/backend build", Command("build", "")),
        ("/backend build a todo API with users", Command("build", "a todo API with users")),
        ("\n  \n/backend build\n```yaml\nname: x\n```", Command("build", "```yaml\nname: x\n```")),
        ("   /backend fix rename the field", Command("fix", "rename the field")),
        ("/backend\tfix", Command("fix", "")),
    ],
)
def test_a_comment_starting_with_the_command_is_parsed(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "> /backend build",  # quoted
        "```\n/backend build\n```",  # fenced
        "    /backend build",  # indented code block
        "please /backend build",  # not at the start
        "Thanks!\n/backend build",  # a later line
        "/backend builder",
        "/backend build-it",
        "/backend deploy",
        "/backendbuild",
        "",
    ],
)
def test_anything_else_is_not_a_command(text: str) -> None:
    assert parse_command(text) is None
