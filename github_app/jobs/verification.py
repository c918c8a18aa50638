"""The verification of a build or follow-up as GitHub shows it: the status comment while the
steps run, then a check run on the pushed head commit.

The verifier runs inside ``run_build``, before anything is committed or pushed, and GitHub
takes check runs only for commits it has. So ``StepLog`` follows the steps as they run (the
status comment shows them live) and keeps their times; once the commit is pushed,
``publish_check_run`` creates the check run ``in_progress`` with ``started_at`` the time the
verification started, updates it in place once per step in the order the steps finished (the
table so far as ``output.summary``), and completes it with ``success`` or ``failure``. Every
check-run call only decorates: GitHub refusing it (after the client's bounded retries) is a note
for the status comment, never a failed build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from backendbot.core.verify.report import StepResult, VerificationReport
from backendbot.core.workspace.tools import ToolResult
from backendbot.github_app.github.client import CheckConclusion, CheckRunOutput, RepoClient
from backendbot.github_app.github.errors import GitHubError
from backendbot.github_app.jobs.context import decorate
from backendbot.github_app.render_verification import (
    CHECK_NAME,
    check_run_progress,
    check_run_title,
    render_verification,
)

log = logging.getLogger(__name__)


class StepLog:
    """A run's events (core.run.events.RunEvents): the verification steps, with their times.

    ``on_change(summary)`` is told the steps table each time a step starts or ends (the job
    shows it in the status comment); a failure to show it is logged, never raised.
    """

    def __init__(
        self,
        on_change: Callable[[str], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.steps: list[StepResult] = []
        self.started_at: datetime | None = None
        self.running: str | None = None
        self._on_change = on_change
        self._clock = clock

    def turn_started(self, turn: int) -> None:
        return None

    def tool_called(self, name: str, arguments: Mapping[str, Any], result: ToolResult) -> None:
        return None

    def note(self, message: str) -> None:
        return None

    def verify_step_started(self, name: str) -> None:
        if self.started_at is None:
            self.started_at = self._clock()
        self.running = name
        self._changed()

    def verify_step_finished(self, step: StepResult) -> None:
        if self.started_at is None:
            self.started_at = self._clock()
        self.steps.append(step)
        self.running = None
        self._changed()

    def _changed(self) -> None:
        if self._on_change is None:
            return
        try:
            self._on_change(check_run_progress(self.steps, self.running))
        except GitHubError as exc:
            log.warning("%s; the verification goes on", exc)


def publish_check_run(
    client: RepoClient,
    head_sha: str,
    report: VerificationReport,
    steps: StepLog,
    notes: list[str],
) -> None:
    """The check run on ``head_sha``: created, updated per step, completed; refusals noted."""
    started = steps.started_at or datetime.now(UTC)
    done = list(steps.steps) or list(report.steps)
    first = done[0].name if done else None
    run_ids: list[int] = []

    def create() -> None:
        output = CheckRunOutput(check_run_title(None, first), check_run_progress([], first))
        run_ids.append(
            client.create_check_run(
                name=CHECK_NAME, head_sha=head_sha, started_at=_iso(started), output=output
            )
        )

    decorate(create, notes)
    if not run_ids:
        return
    run_id = run_ids[0]

    def update(output: CheckRunOutput) -> Callable[[], None]:
        return lambda: client.update_check_run(run_id, output)

    refused = len(notes)
    for i in range(1, len(done)):
        running = done[i].name
        output = CheckRunOutput(
            check_run_title(None, running), check_run_progress(done[:i], running)
        )
        decorate(update(output), notes)
        if len(notes) > refused:
            break  # GitHub refuses the updates: the completion below is the one worth trying
    final = CheckRunOutput(check_run_title(report), render_verification(report))
    conclusion: CheckConclusion = "success" if report.passed else "failure"
    decorate(
        lambda: client.update_check_run(
            run_id, final, conclusion=conclusion, completed_at=_iso(datetime.now(UTC))
        ),
        notes,
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
