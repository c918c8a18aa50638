"""What every job step needs: the repository client, the token for git, the bot's identity."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from backendbot.core.run.build import Builder
from backendbot.github_app.git.checkout import Checkout, Identity, PushRejected
from backendbot.github_app.github.client import RepoClient
from backendbot.github_app.github.errors import GitHubError
from backendbot.github_app.queue.errors import RetryableJobError
from backendbot.github_app.settings import AppSettings

log = logging.getLogger(__name__)
WRITE_PERMISSIONS = ("admin", "write")


@dataclass(frozen=True)
class JobContext:
    settings: AppSettings
    client: RepoClient
    token: str = field(repr=False)
    bot: Identity
    workdir: Path  # checkouts are made (and removed) under here
    env: Mapping[str, str] | None = field(default=None, repr=False)  # for the model engine
    build: Builder | None = field(default=None, repr=False)  # run_build unless a test says

    def may_write(self, login: str) -> bool:
        return self.client.permission(login) in WRITE_PERMISSIONS


def push(checkout: Checkout, branch: str) -> None:
    """Push, turning "the branch moved meanwhile" into a retry on the new head."""
    try:
        checkout.push(branch)
    except PushRejected as exc:
        if exc.stale:
            raise RetryableJobError(f"{branch} moved while the job ran; running it again") from None
        raise


def decorate(step: Callable[[], None], notes: list[str]) -> None:
    """Run a step that only decorates the result (a reaction, a review request): when GitHub
    refuses it, log it and add a note for the status comment instead of failing the job."""
    try:
        step()
    except GitHubError as exc:
        log.warning("%s; the job goes on without it", exc)
        notes.append(f"Skipped: {exc}.")
