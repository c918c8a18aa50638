"""Progress: a status line redrawn in place on a terminal, plain lines in a pipe."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from backendbot.core.workspace.tools import ToolResult
from backendbot.progress import LiveProgress, PlainProgress

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_live_progress_redraws_one_line() -> None:
    out = io.StringIO()
    live = LiveProgress(out)
    live.turn_started(1)
    live.tool_called("write_file", {"path": "src/a.py"}, ToolResult("ok"))
    live.tool_called("write_file", {"path": "/etc/x"}, ToolResult("refused", is_error=True))
    live.note("asking the model to save 1 unsaved code block(s)")
    live.finish()
    text = out.getvalue()
    assert "\r\x1b[2Kturn 1 · 1 tool calls · 1 files written · write_file src/a.py" in text
    assert "turn 1 · 2 tool calls · 1 files written · write_file /etc/x (refused)" in text
    assert "asking the model to save 1 unsaved code block(s)\n" in text
    assert text.endswith("\r\x1b[2K")


def test_live_progress_of_the_scaffold_engine_counts_files_not_turns() -> None:
    out = io.StringIO()
    live = LiveProgress(out)
    live.engine_chosen("scaffold")
    live.turn_started(1)
    live.tool_called("write_file", {"path": "src/a.py"}, ToolResult("ok"))
    live.finish()
    text = out.getvalue()
    assert "\r\x1b[2Kgenerating · 0 files written\r" in text
    assert "\r\x1b[2Kgenerating · 1 files written · write_file src/a.py" in text
    assert "turn" not in text and "tool calls" not in text and "thinking" not in text


def test_plain_progress_lines_name_no_file() -> None:
    out = io.StringIO()
    plain = PlainProgress(out)
    plain.engine_chosen("anthropic")
    plain.turn_started(1)
    plain.tool_called("read_file", {"path": "a"}, ToolResult("..."))
    plain.tool_called("edit_block", {"path": "b.py"}, ToolResult("ok"))
    plain.tool_called("write_file", {"path": ".git/x"}, ToolResult("write_file: .git/x: no", True))
    plain.turn_started(2)
    assert out.getvalue().splitlines() == [
        "backendbot: turn 1",
        "backendbot: refused: write_file: .git/x: no",
        "backendbot: turn 2 (3 tool calls, 1 files written so far)",
    ]


def test_plain_progress_of_the_scaffold_engine_says_only_what_needs_saying() -> None:
    out = io.StringIO()
    plain = PlainProgress(out)
    plain.engine_chosen("scaffold")
    plain.turn_started(1)
    plain.tool_called("write_file", {"path": "src/a.py"}, ToolResult("ok"))
    plain.turn_started(2)
    assert out.getvalue() == ""


def test_cli_on_a_terminal_shows_the_live_line(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "backendbot",
                "build",
                str(EXAMPLES / "inventory.yaml"),
                "--repo",
                "repo",
            ],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=60,
            check=False,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    terminal = b"".join(chunks).decode()
    assert proc.returncode == 0
    assert "\x1b[2Kgenerating · 0 files written" in terminal
    assert "files written · write_file " in terminal
    assert "turn " not in terminal and "thinking" not in terminal
    assert "file(s) persisted" in proc.stdout


def test_verification_steps_are_shown_as_they_run() -> None:
    from backendbot.core.verify.report import StepResult

    out = io.StringIO()
    plain = PlainProgress(out)
    plain.verify_step_started("test")
    plain.verify_step_finished(
        StepResult("test", "failed", 2.5, "1 failing, first tests.t::test_x")
    )
    assert out.getvalue().splitlines() == [
        "backendbot: verifying: test",
        "backendbot: verify test failed (2.5 s): 1 failing, first tests.t::test_x",
    ]
    tty = io.StringIO()
    live = LiveProgress(tty)
    live.verify_step_started("schemathesis")
    live.verify_step_finished(StepResult("schemathesis", "passed", 9.0))
    live.verify_step_finished(StepResult("latency", "timeout", 3.0, "time limit of 3 s hit"))
    assert "verifying · schemathesis" in tty.getvalue()
    assert "verify latency: timeout: time limit of 3 s hit\n" in tty.getvalue()
    assert "schemathesis: passed" not in tty.getvalue()
