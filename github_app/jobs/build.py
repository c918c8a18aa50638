"""``/backend build`` on an issue: permission, reaction, status, clone, generate, commit, push, PR.

A build runs again after a failure or a lost worker; it then resumes from what already
happened: its commit (found by the ``Backendbot-Build`` trailer) is not made again, and an open
pull request of the branch is used, not a new one. Reactions and the review request only
decorate: when GitHub refuses them the build goes on and the status says so. A generated file
that was edited on the branch is left as it is; its new version (``<file>.backendbot-new``)
never goes into the pull request, which names the file instead, as the status does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.core.errors import InputError, RunFailed
from backendbot.core.run.build import run_build
from backendbot.core.verify.report import VerificationReport
from backendbot.github_app.config import CONFIG_PATH, RepoSettings, parse_repo_settings
from backendbot.github_app.git.checkout import Checkout, Identity, temporary_clone
from backendbot.github_app.github.client import PullRequest
from backendbot.github_app.jobs.context import JobContext, decorate, push
from backendbot.github_app.jobs.generate import Generated, generate
from backendbot.github_app.jobs.model import BuildJob
from backendbot.github_app.jobs.status import StatusComment
from backendbot.github_app.jobs.text import clean_text, command_text, yaml_block
from backendbot.github_app.jobs.verification import StepLog, publish_check_run
from backendbot.github_app.queue.errors import JobFailed, RetryableJobError
from backendbot.github_app.render import (
    render_file_list,
    render_pr_body,
    render_refusal,
    render_summary,
)

log = logging.getLogger(__name__)
COMMAND = "/backend build"
# How an operator gives the App a model, for either engine (the follow-up job says it too).
MODEL_SETUP = (
    "ANTHROPIC_API_KEY on its workers for `engine: anthropic`, or `engine: openai` and "
    "`model:` in .github/backendbot.yml with OPENAI_BASE_URL of any OpenAI-compatible "
    "server on its workers, plus OPENAI_API_KEY if that server needs one"
)
NO_MODEL_HINT = (
    "To build from a spec, put a backend.yaml in a fenced ```yaml block in the issue or "
    "the comment; to build from a description, the App needs a model engine "
    f"({MODEL_SETUP})."
)


def run_build_job(job: BuildJob, ctx: JobContext) -> None:
    client = ctx.client
    if not ctx.may_write(job.requester):
        refusal = "only collaborators with write access can run `/backend build` here."
        client.create_comment(job.issue_number, render_refusal(job.requester, refusal))
        return
    status: StatusComment | None = None
    try:
        repo_settings = load_repo_settings(ctx, job.default_branch)
        if not repo_settings.allows(job.requester):
            refusal = f"you are not in `allowed_users` of `{CONFIG_PATH}`."
            client.create_comment(job.issue_number, render_refusal(job.requester, refusal))
            return
        notes: list[str] = []
        decorate(lambda: client.react(job.comment_id), notes)
        status = StatusComment.find_or_create(client, job.issue_number, ctx.bot.name)
        _build(job, ctx, repo_settings, status, notes)
    except (InputError, RunFailed) as exc:
        log.info("build for %s failed: %s", job.key, client.scrub(str(exc)))
        status = status or StatusComment.find_or_create(client, job.issue_number, ctx.bot.name)
        status.update("failed", detail=str(exc))
        raise JobFailed(client.scrub(str(exc))) from None
    except RetryableJobError as exc:
        if status is not None:  # the queue calls it if this was the job's last attempt
            exc.on_give_up = _reporter(status)
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:
        if status is not None:  # a bug or an OSError: say so, and let the queue record it
            status.update("failed", detail="internal error; the worker's log has the details")
        raise


def _reporter(status: StatusComment) -> Callable[[str], None]:
    def report(reason: str) -> None:
        status.update("failed", detail=reason)

    return report


def load_repo_settings(ctx: JobContext, default_branch: str) -> RepoSettings:
    return parse_repo_settings(ctx.client.file_text(CONFIG_PATH, default_branch))


def _build(
    job: BuildJob,
    ctx: JobContext,
    repo_settings: RepoSettings,
    status: StatusComment,
    notes: list[str],
) -> None:
    branch = repo_settings.branch_for(job.issue_number)
    status.update("cloning")
    generated: Generated | None = None
    with temporary_clone(job.clone_url, ctx.token, ctx.workdir) as checkout:
        existed = checkout.start_branch(branch, job.default_branch)
        resumed = existed and checkout.has_commit_with(
            f"origin/{job.default_branch}", _trailer(job)
        )
        if resumed:
            log.info("%s: %s already holds this build's commit; resuming", job.key, branch)
            notes.insert(0, "This build's commit was already on the branch; it was not redone.")
        else:
            status.update("generating")
            steps = StepLog(lambda table: status.update("generating", detail=table))
            generated = _generate(job, ctx, repo_settings, checkout.root, steps)
            notes[:0] = conflict_notes(generated.conflicts)
            message = _commit_message(job, generated)
            sha = checkout.commit(generated.committed, message, ctx.bot)
            if sha is None and not existed:
                status.update(
                    "done", detail=_detail("Nothing to change: the run wrote no files.", notes)
                )
                return
            status.update("pushing")
            if sha is not None:
                push(checkout, branch)
            else:
                notes.insert(0, "No new changes; the pull request already holds this build.")
            report = generated.verification
            if report is not None:
                head = sha or checkout.head_sha()
                publish_check_run(ctx.client, head, report, steps, notes)
                verdict = f"✓ Verified: {report.summary_line()}."
                notes.insert(0, verdict if report.passed else verification_failed(report))
        listing = branch_listing(checkout, job.default_branch)
    pr = _open_or_update_pr(job, ctx, repo_settings, branch, listing, generated)
    decorate(lambda: ctx.client.request_review(pr.number, job.requester), notes)
    summary = render_summary(generated.summary) if generated and generated.summary else None
    status.update("done", pr_url=pr.html_url, detail=_detail(summary, notes))


def verification_failed(report: VerificationReport) -> str:
    """The status line of a build whose result failed its own checks (still pushed, as a draft)."""
    return (
        f"⚠️ Verification failed: {report.summary_line()}. The pull request shows the failing checks "
        "(and is a draft when this build opened it); do not merge it as it is."
    )


def _detail(first: str | None, notes: list[str]) -> str | None:
    return "\n\n".join(line for line in (first, *notes) if line) or None


def conflict_notes(conflicts: list[str]) -> list[str]:
    """One line per generated file left as the branch has it (its new version not committed)."""
    return [
        f"⚠️ `{path}` was edited on the branch (or not generated by backendbot), so it was "
        "left as it is; its new version is not in the pull request: merge it by hand."
        for path in conflicts
    ]


def _generate(
    job: BuildJob, ctx: JobContext, repo_settings: RepoSettings, root: Path, steps: StepLog
) -> Generated:
    comment = clean_text(job.comment_body)
    body = clean_text(job.issue_body)
    spec = yaml_block(comment) or yaml_block(body)

    def run(spec_text: str | None, prompt: str | None) -> Generated:
        return generate(
            root,
            repo_settings,
            spec_text=spec_text,
            prompt=prompt,
            env=ctx.env,
            build=ctx.build or run_build,
            events=steps,
            verify=ctx.settings.verify,
        )

    if spec is not None:
        return run(spec, None)
    try:
        return run(None, build_prompt(job))
    except InputError as exc:
        raise InputError(f"{exc.message} {NO_MODEL_HINT}") from None


def build_prompt(job: BuildJob) -> str:
    """The issue as data for the model: title, body and the request, all cleaned."""
    request = command_text(clean_text(job.comment_body), COMMAND)
    parts = [
        f"GitHub issue #{job.issue_number}: {clean_text(job.issue_title).strip()}",
        clean_text(job.issue_body).strip(),
    ]
    if request:
        parts.append(f"Request from @{job.requester}: {request}")
    return "\n\n".join(p for p in parts if p)


def _trailer(job: BuildJob) -> str:
    """Marks the commit of one ``/backend build`` comment, so a re-run finds it."""
    return f"Backendbot-Build: {job.comment_id}"


def _commit_message(job: BuildJob, generated: Generated) -> str:
    author = Identity.github_user(job.requester, job.requester_id)
    title = clean_text(job.issue_title).strip().splitlines()[0] if job.issue_title.strip() else ""
    committed = ChangeSet(
        tuple(c for c in generated.changeset.changes if c.path in generated.committed)
    )
    kept = "".join(f"\nNot changed (edited on the branch): {p}" for p in generated.conflicts)
    return (
        f"backendbot: build for #{job.issue_number} {title}".rstrip()
        + f"\n\n{render_file_list(committed)}{kept}\n\n"
        + f"Co-authored-by: {author.trailer_form}\n{_trailer(job)}\n"
    )


def branch_listing(checkout: Checkout, default_branch: str) -> ChangeSet:
    """Every file the branch changed against the default branch, for the PR body."""
    base = f"origin/{default_branch}"
    changes = []
    for path in checkout.changed_since(base):
        before, after = checkout.read(base, path), checkout.read("HEAD", path)
        if before is not None or after is not None:
            changes.append(FileChange(path, before, after))
    return ChangeSet(tuple(changes))


def _open_or_update_pr(
    job: BuildJob,
    ctx: JobContext,
    repo_settings: RepoSettings,
    branch: str,
    listing: ChangeSet,
    generated: Generated | None,
) -> PullRequest:
    """The branch's open pull request (its body updated after a new commit), else a new one.

    ``generated`` is None on a resumed build: an open pull request is then left as it is.
    """
    summary = generated.summary if generated else None
    conflicts = generated.conflicts if generated else []
    report = generated.verification if generated else None
    body = render_pr_body(
        listing, summary, job.issue_number, conflicts=conflicts, verification=report
    )
    pr = ctx.client.open_pull(branch)
    if pr is not None:
        if generated is not None:
            ctx.client.edit_pull_body(pr.number, body)
        return pr
    title = clean_text(job.issue_title).strip() or f"Build for #{job.issue_number}"
    return ctx.client.create_pull(
        title=f"backendbot: {title}",
        head=branch,
        base=job.default_branch,
        body=body,
        draft=repo_settings.draft or (report is not None and not report.passed),
    )
