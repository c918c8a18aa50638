"""Pure functions that write the App's comments and pull request bodies."""

from __future__ import annotations

from typing import Literal, Protocol

from backendbot.core.changeset.model import ChangeSet

Stage = Literal["queued", "cloning", "generating", "pushing", "done", "failed"]
STAGES: tuple[Stage, ...] = ("queued", "cloning", "generating", "pushing", "done")
MAX_DETAIL = 3000  # characters of a failure reason shown in a comment
MAX_LISTED = 500  # files listed in a PR body (GitHub caps bodies at 65,536 characters)


class Summary(Protocol):
    """What a PR body says about the run (``backendbot.core.run.build.RunSummary`` fits)."""

    @property
    def engine(self) -> str: ...
    @property
    def model(self) -> str | None: ...
    @property
    def input_tokens(self) -> int: ...
    @property
    def output_tokens(self) -> int: ...
    @property
    def seconds(self) -> float: ...


def status_marker(issue_number: int) -> str:
    """The hidden tag that lets the App find its status comment on an issue again."""
    return f"<!-- backendbot:status issue-{issue_number} -->"


def render_status_comment(
    issue_number: int,
    stage: Stage,
    *,
    detail: str | None = None,
    pr_url: str | None = None,
    failed_at: Stage | None = None,
) -> str:
    """The status comment: one line per stage, the current one marked, then the outcome."""
    lines = [status_marker(issue_number), "**backendbot** `/backend build`", ""]
    reached = failed_at if stage == "failed" and failed_at else stage
    index = STAGES.index(reached) if reached in STAGES else 0
    for i, name in enumerate(STAGES[:-1]):
        if stage == "failed" and i == index:
            mark = "❌"
        elif i < index or stage == "done":
            mark = "✅"
        elif i == index:
            mark = "⏳"
        else:
            mark = "⬜"
        lines.append(f"- {mark} {name}")
    lines.append("")
    if detail and len(detail) > MAX_DETAIL:
        detail = detail[:MAX_DETAIL] + " …"
    if stage == "done":
        lines.append(f"Done: {pr_url}" if pr_url else "Done.")
    elif stage == "failed":
        lines.append(f"Failed: {detail or 'unknown reason'}")
    if detail and stage != "failed":
        lines.append(detail)
    return "\n".join(lines).rstrip() + "\n"


QUEUED_NOTE_MARKER = "<!-- backendbot:queued -->"


def with_queued_note(status_body: str, requester: str) -> str:
    """The status comment of a running build with a line saying another one waits behind it
    (replacing an earlier such line)."""
    body = status_body.split(QUEUED_NOTE_MARKER, 1)[0].rstrip()
    note = (
        f"⏳ Another `/backend build` (from @{requester}) is queued: it starts when this one ends."
    )
    return f"{body}\n\n{QUEUED_NOTE_MARKER}\n{note}\n"


def render_refusal(login: str, reason: str) -> str:
    return f"@{login} {reason}"


def render_pr_body(changeset: ChangeSet, summary: Summary | None, issue_number: int) -> str:
    """``Closes #N``, every persisted file with its size, and what the last run cost."""
    lines = [f"Closes #{issue_number}", "", "### Files", ""]
    if changeset:
        lines += ["| file | status | bytes |", "| --- | --- | ---: |"]
        shown = changeset.changes[:MAX_LISTED]
        lines += [f"| `{c.path}` | {c.status} | {c.bytes:,} |" for c in shown]
        if len(changeset) > len(shown):
            lines.append(f"| … and {len(changeset) - len(shown)} more | | |")
        lines += ["", f"{len(changeset)} files, {changeset.total_bytes:,} bytes in all."]
    else:
        lines.append("No files.")
    for note in changeset.notes:
        lines.append(f"- {note}")
    if summary is not None:
        lines += ["", "### Run", "", render_summary(summary)]
    return "\n".join(lines) + "\n"


def render_summary(summary: Summary) -> str:
    model = f" ({summary.model})" if summary.model else ""
    tokens = summary.input_tokens + summary.output_tokens
    return (
        f"engine **{summary.engine}**{model} · {tokens:,} tokens "
        f"({summary.input_tokens:,} in, {summary.output_tokens:,} out) · "
        f"{summary.seconds:.1f} s"
    )


def render_file_list(changeset: ChangeSet) -> str:
    return "\n".join(f"- `{c.path}` ({c.status}, {c.bytes:,} bytes)" for c in changeset.changes)
