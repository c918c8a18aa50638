"""apply_suggestion: exactly the commented lines, nothing else."""

from __future__ import annotations

import pytest

from backendbot.core.errors import InputError
from backendbot.github_app.jobs.suggestion import apply_suggestion

FILE = b"one\ntwo\nthree\nfour\n"


def test_replaces_a_range() -> None:
    assert apply_suggestion(FILE, 2, 3, "TWO\nTHREE\nextra\n") == b"one\nTWO\nTHREE\nextra\nfour\n"


def test_empty_suggestion_deletes_the_lines() -> None:
    assert apply_suggestion(FILE, 1, 2, "") == b"three\nfour\n"


def test_keeps_crlf_line_endings() -> None:
    assert apply_suggestion(b"a\r\nb\r\nc\r\n", 2, 2, "B\n") == b"a\r\nB\r\nc\r\n"


def test_keeps_a_missing_final_newline() -> None:
    assert apply_suggestion(b"a\nb", 2, 2, "B\n") == b"a\nB"


def test_lines_outside_the_file_are_an_input_error() -> None:
    with pytest.raises(InputError, match="file has 4 lines"):
        apply_suggestion(FILE, 4, 5, "x\n")
    with pytest.raises(InputError):
        apply_suggestion(FILE, 3, 2, "x\n")
