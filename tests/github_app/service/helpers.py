"""Shared by the tests and by the worker/service processes they start (no pytest imports)."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.queue.errors import JobFailed, RetryableJobError
from backendbot.github_app.queue.options import QueueOptions
from backendbot.github_app.settings import AppSettings

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "test-webhook-secret-0123456789"

# Short timings so that lost jobs and retries show up within seconds.
FAST = QueueOptions(
    lease_seconds=1.5,
    busy_retry_seconds=0.2,
    max_attempts=4,
    backoff_base_seconds=0.2,
    backoff_max_seconds=1.0,
    stale_queued_seconds=30.0,
    sweep_interval_seconds=0.5,
)


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def settings_for(queue_url: str, data_dir: Path) -> AppSettings:
    return AppSettings(webhook_secret=SECRET, queue_url=queue_url, data_dir=data_dir)


def build_job(delivery_id: str, issue: int = 1, text: str = "", repo: str = "o/r") -> BuildJob:
    return BuildJob(
        delivery_id=delivery_id,
        installation_id=1,
        repo_full_name=repo,
        clone_url=f"https://github.com/{repo}.git",
        default_branch="main",
        requester="octocat",
        requester_id=1,
        issue_number=issue,
        issue_title="t",
        issue_body="",
        comment_id=1,
        comment_body=f"/backend build {text}",
    )


class Recorder:
    """A job function that appends start/end lines to a file; the comment text steers it:
    ``sleep=S`` sleeps S seconds, ``retry=N`` raises RetryableJobError on the first N runs,
    ``fail`` raises a plain error, ``gave-up`` raises JobFailed (already reported on GitHub)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _write(self, event: str, job: BuildJob | FollowUpJob) -> None:
        line = json.dumps(
            {
                "event": event,
                "job": job.delivery_id,
                "key": job.key,
                "pid": os.getpid(),
                "t": time.time(),
            }
        )
        with self.path.open("a") as f:
            f.write(line + "\n")

    def __call__(self, job: BuildJob | FollowUpJob, settings: AppSettings) -> None:
        text = job.comment_body if isinstance(job, BuildJob) else job.body
        self._write("start", job)
        if m := re.search(r"retry=(\d+)", text):
            starts = sum(
                1
                for e in read_events(self.path)
                if e["event"] == "start" and e["job"] == job.delivery_id
            )
            if starts <= int(m.group(1)):
                raise RetryableJobError(
                    "GitHub answered 502", on_give_up=lambda reason: self._write("gave-up", job)
                )
        if "gave-up" in text.split():
            raise JobFailed("opening the pull request: GitHub answered 501 (ghs_abcdefghijklmnop1)")
        if "fail" in text.split():
            raise ValueError("boom with ghs_abcdefghijklmnop1234 inside")
        if m := re.search(r"sleep=([\d.]+)", text):
            time.sleep(float(m.group(1)))
        self._write("end", job)


def read_events(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(predicate: Any, timeout: float = 30.0, interval: float = 0.05) -> Any:
    """Poll until ``predicate()`` is truthy; fail the test after ``timeout`` (not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
