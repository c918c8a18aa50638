"""A build's acknowledgement, run as soon as the build is accepted: 👀 and the queued status.

It runs before the job (on the queue's acknowledgement queue, apart from the issue's per-key
turn), so a build waiting behind another one, or for a free worker, is visibly queued. The same
checks as the job come first and a refusal is left to the job: a user without write access, or
not in ``allowed_users``, or a repository whose config does not parse, gets nothing here, so
the job's answer is the only one. Running it twice changes nothing more.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from backendbot.core.errors import InputError
from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.jobs.build import load_repo_settings
from backendbot.github_app.jobs.context import decorate
from backendbot.github_app.jobs.model import BuildJob
from backendbot.github_app.jobs.runner import job_context
from backendbot.github_app.jobs.status import StatusComment
from backendbot.github_app.settings import AppSettings

log = logging.getLogger(__name__)


def acknowledge(
    job: BuildJob,
    settings: AppSettings,
    *,
    behind: bool,
    credentials: AppCredentials | None = None,
    env: Mapping[str, str] | None = None,
) -> bool:
    """React 👀 and show the build as queued; False when the job will refuse it instead.

    ``behind``: an earlier job of the issue is unfinished (see ``StatusComment.show_queued``).
    """
    ctx = job_context(job, settings, credentials=credentials, env=env)
    if not ctx.may_write(job.requester):
        log.info("%s: %s may not write; the job will answer", job.key, job.requester)
        return False
    try:
        repo_settings = load_repo_settings(ctx, job.default_branch)
    except InputError:
        log.info("%s: the repository's config is invalid; the job will say so", job.key)
        return False
    if not repo_settings.allows(job.requester):
        return False
    decorate(lambda: ctx.client.react(job.comment_id), [])  # logged; the job reacts again
    StatusComment.show_queued(
        ctx.client, job.issue_number, ctx.bot.name, behind=behind, requester=job.requester
    )
    return True
