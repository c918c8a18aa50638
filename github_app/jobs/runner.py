"""``run_job``: what a worker calls for each queued job.

GitHub calls retry transient failures in place (``github/retry.py``); a job that still fails
reports it on GitHub (status comment or reply) and raises ``JobFailed``, so the queue records
it as failed and runs the next one. ``RetryableJobError`` (the branch moved under a push) asks
the queue to run the job again later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from backendbot.core.errors import InputError
from backendbot.core.run.build import Builder
from backendbot.github_app.git.auth import same_github, token_forms
from backendbot.github_app.git.checkout import Identity
from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.github.client import RepoClient
from backendbot.github_app.jobs.build import run_build_job
from backendbot.github_app.jobs.context import JobContext
from backendbot.github_app.jobs.followup import run_followup_job
from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.settings import AppSettings


def run_job(
    job: BuildJob | FollowUpJob,
    settings: AppSettings,
    *,
    credentials: AppCredentials | None = None,
    env: Mapping[str, str] | None = None,
    build: Builder | None = None,
) -> None:
    """Run one job. Pass one ``credentials`` per worker so installation tokens are reused;
    ``build`` replaces ``run_build`` (tests: a verifier's report of their own)."""
    ctx = job_context(job, settings, credentials=credentials, env=env, build=build)
    if isinstance(job, BuildJob):
        run_build_job(job, ctx)
    else:
        run_followup_job(job, ctx)


def job_context(
    job: BuildJob | FollowUpJob,
    settings: AppSettings,
    *,
    credentials: AppCredentials | None = None,
    env: Mapping[str, str] | None = None,
    build: Builder | None = None,
) -> JobContext:
    """Token, client and bot identity for one job on its repository."""
    if not same_github(job.clone_url, settings.api_url):
        raise InputError(
            f"clone URL {job.clone_url} is not on the GitHub at {settings.api_url}; "
            "the installation token is not sent there"
        )
    creds = credentials or AppCredentials(settings)
    token = creds.token_for(job.installation_id, job.repo_full_name).token
    client = RepoClient(
        settings, job.repo_full_name, token, secrets=token_forms(token), retry=creds.retry
    )
    bot_login = f"{creds.app_slug()}[bot]"
    workdir = settings.data_dir / "checkouts"
    workdir.mkdir(parents=True, exist_ok=True)
    return JobContext(
        settings=settings,
        client=client,
        token=token,
        bot=Identity.github_user(bot_login, creds.bot_user_id(client.user_id, bot_login)),
        workdir=workdir,
        env=env,
        build=build,
    )


def job_runner(
    settings: AppSettings, *, env: Mapping[str, str] | None = None
) -> Callable[[BuildJob | FollowUpJob, AppSettings], None]:
    """``run_job`` for one worker: its installation tokens are kept and reused across jobs."""
    credentials = AppCredentials(settings)

    def run(job: BuildJob | FollowUpJob, job_settings: AppSettings) -> None:
        run_job(job, job_settings, credentials=credentials, env=env)

    return run
