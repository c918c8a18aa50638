"""The App's comments and PR bodies are pure functions of their inputs."""

from __future__ import annotations

from dataclasses import dataclass

from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.github_app.render import render_pr_body, render_status_comment, status_marker


@dataclass(frozen=True)
class Summary:
    engine: str = "anthropic"
    model: str | None = "claude-x"
    input_tokens: int = 1200
    output_tokens: int = 300
    seconds: float = 4.25


def test_pr_body_lists_every_file_with_its_size() -> None:
    changes = (
        FileChange("src/models/note.py", None, b"x" * 1500),
        FileChange("README.md", b"old", b"new!"),
    )
    body = render_pr_body(ChangeSet(changes), Summary(), 9)
    assert body.startswith("Closes #9\n")
    assert "| `src/models/note.py` | created | 1,500 |" in body
    assert "| `README.md` | modified | 4 |" in body
    assert "2 files, 1,504 bytes in all." in body
    assert "engine **anthropic** (claude-x) · 1,500 tokens (1,200 in, 300 out) · 4.2 s" in body


def test_status_comment_carries_its_marker_and_stage() -> None:
    body = render_status_comment(3, "generating")
    assert body.startswith(status_marker(3))
    assert "- ✅ cloning" in body and "- ⏳ generating" in body and "- ⬜ pushing" in body


def test_failed_status_marks_the_stage_and_gives_the_reason() -> None:
    body = render_status_comment(3, "failed", detail="push rejected: no", failed_at="pushing")
    assert "- ❌ pushing" in body and "- ✅ generating" in body
    assert "Failed: push rejected: no" in body


def test_done_status_links_the_pr() -> None:
    body = render_status_comment(3, "done", pr_url="https://x/pull/1")
    assert "Done: https://x/pull/1" in body and "⏳" not in body
