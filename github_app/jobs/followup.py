"""Review feedback on the App's own pull requests → a follow-up commit and a reply.

A ```suggestion block on a review comment is applied to exactly the commented lines, no
model involved; any other request goes to the model engine with the file and lines as context.
"""

from __future__ import annotations

import logging
from pathlib import Path

from backendbot.core.changeset.model import ChangeSet
from backendbot.core.errors import InputError, RunFailed
from backendbot.core.run.build import run_build
from backendbot.github_app.config import CONFIG_PATH, RepoSettings
from backendbot.github_app.git.checkout import Identity, temporary_clone
from backendbot.github_app.jobs.build import MODEL_SETUP, conflict_notes, load_repo_settings
from backendbot.github_app.jobs.context import JobContext, decorate, push
from backendbot.github_app.jobs.generate import Generated, generate, read_file, write_file
from backendbot.github_app.jobs.model import FollowUpJob
from backendbot.github_app.jobs.suggestion import apply_suggestion
from backendbot.github_app.jobs.text import clean_text, command_text, suggestion_block
from backendbot.github_app.jobs.verification import StepLog, publish_check_run
from backendbot.github_app.queue.errors import JobFailed, RetryableJobError
from backendbot.github_app.render import render_file_list, render_refusal, render_summary

log = logging.getLogger(__name__)
COMMAND = "/backend fix"
NO_MODEL = (
    "No model engine is configured for this App, so only ```suggestion blocks can be "
    f"applied without one (set {MODEL_SETUP})."
)


def run_followup_job(job: FollowUpJob, ctx: JobContext) -> None:
    try:
        repo_settings = load_repo_settings(ctx, job.default_branch)
        ours = _ours(job, ctx, repo_settings)
        if ours is None:
            return
        job = ours
        refusal = _refusal(job, ctx, repo_settings)
        if refusal is not None:
            _reply(job, ctx, render_refusal(job.requester, refusal))
            return
        notes: list[str] = []
        comment_id = job.comment_id
        if job.trigger == "fix_command" and comment_id is not None:
            decorate(lambda: ctx.client.react(comment_id), notes)
        elif job.trigger == "review_comment" and comment_id is not None:
            decorate(lambda: ctx.client.react_review_comment(comment_id), notes)
        reply = "\n\n".join([_follow_up(job, ctx, repo_settings), *notes])
    except RetryableJobError as exc:  # the queue calls it if this was the job's last attempt
        exc.on_give_up = lambda reason: _reply(job, ctx, f"Could not do this: {reason}")
        raise
    except (InputError, RunFailed) as exc:
        log.info("follow-up on %s failed: %s", job.key, ctx.client.scrub(str(exc)))
        _reply(job, ctx, f"Could not do this: {exc}")
        raise JobFailed(ctx.client.scrub(str(exc))) from None
    _reply(job, ctx, reply)


def _refusal(job: FollowUpJob, ctx: JobContext, repo_settings: RepoSettings) -> str | None:
    if not ctx.may_write(job.requester):
        return "only collaborators with write access can ask for changes here."
    if not repo_settings.allows(job.requester):
        return f"you are not in `allowed_users` of `{CONFIG_PATH}`."
    return None


def _ours(job: FollowUpJob, ctx: JobContext, repo_settings: RepoSettings) -> FollowUpJob | None:
    """The job with its PR's head branch filled in, or None when the PR is not the App's:
    opened by another user or App, or on a branch without the repository's ``branch_prefix``."""
    if not job.head_branch:
        pr = ctx.client.pull(job.pr_number)
        job = job.model_copy(update={"head_branch": pr.head_ref, "pr_author": pr.author})
    if job.pr_author and job.pr_author != ctx.bot.name:
        log.info("%s: opened by %s, not by the App; ignored", job.key, job.pr_author)
        return None
    if not job.head_branch.startswith(repo_settings.branch_prefix):
        log.info("%s: %s is not one of the App's branches; ignored", job.key, job.head_branch)
        return None
    return job


def _follow_up(job: FollowUpJob, ctx: JobContext, repo_settings: RepoSettings) -> str:
    with temporary_clone(job.clone_url, ctx.token, ctx.workdir) as checkout:
        if not checkout.has_remote_branch(job.head_branch):
            raise RunFailed(f"the branch {job.head_branch} no longer exists")
        checkout.start_branch(job.head_branch, job.default_branch)
        steps = StepLog()
        generated, what = _change(job, ctx, repo_settings, checkout.root, steps)
        message = _commit_message(job, generated, what)
        sha = checkout.commit(generated.committed, message, ctx.bot)
        kept = conflict_notes(generated.conflicts)
        if sha is None:
            return "\n\n".join([f"{what}: nothing changed, so nothing was committed.", *kept])
        push(checkout, job.head_branch)
    committed = [c for c in generated.changeset.changes if c.path in generated.committed]
    lines = [f"{what} in {sha[:12]}.", "", render_file_list(ChangeSet(tuple(committed))), *kept]
    report = generated.verification
    if report is not None:
        notes: list[str] = []
        publish_check_run(ctx.client, sha, report, steps, notes)
        mark = "✓ Verified" if report.passed else "✗ Verification failed"
        lines += ["", f"{mark}: {report.summary_line()}", *notes]
    if generated.summary is not None:
        lines += ["", render_summary(generated.summary)]
    return "\n".join(lines)


def _change(
    job: FollowUpJob, ctx: JobContext, repo_settings: RepoSettings, root: Path, steps: StepLog
) -> tuple[Generated, str]:
    suggestion = suggestion_block(job.body) if job.trigger == "review_comment" else None
    if suggestion is not None and job.path and job.line:
        start = job.start_line or job.line
        after = apply_suggestion(read_file(root, job.path), start, job.line, suggestion)
        span = f"line {start}" if start == job.line else f"lines {start}-{job.line}"
        return write_file(root, repo_settings, job.path, after), (
            f"Applied the suggestion to `{job.path}` {span}"
        )
    prompt = followup_prompt(job, root)
    try:
        generated = generate(
            root,
            repo_settings,
            spec_text=None,
            prompt=prompt,
            env=ctx.env,
            build=ctx.build or run_build,
            events=steps,
            verify=ctx.settings.verify,
        )
    except InputError as exc:
        raise InputError(f"{NO_MODEL} ({exc.message})") from None
    return generated, "Made the requested change"


def followup_prompt(job: FollowUpJob, root: Path) -> str:
    """The reviewer's request as data, with the commented file and lines as context."""
    request = clean_text(job.body).strip()
    if job.trigger == "fix_command":
        request = command_text(request, COMMAND)
    parts = [f"A reviewer asked for a change on pull request #{job.pr_number}."]
    if job.path:
        parts.append(_context(job, root))
    parts.append(f"Request from @{job.requester}:\n{request}")
    return "\n\n".join(parts)


def _context(job: FollowUpJob, root: Path) -> str:
    assert job.path is not None
    where = f"`{job.path}`"
    try:
        lines = read_file(root, job.path).decode("utf-8", "replace").splitlines()
    except InputError:
        return f"The comment is on {where}, which does not exist on the branch now."
    if not job.line:
        return f"The comment is on {where}."
    start = job.start_line or job.line
    shown = "\n".join(
        f"{n:>5}  {lines[n - 1]}" for n in range(start, min(job.line, len(lines)) + 1)
    )
    return f"The comment is on {where}, lines {start}-{job.line}:\n```\n{shown}\n```"


def _commit_message(job: FollowUpJob, generated: Generated, what: str) -> str:
    author = Identity.github_user(job.requester, job.requester_id)
    committed = ChangeSet(
        tuple(c for c in generated.changeset.changes if c.path in generated.committed)
    )
    return (
        f"backendbot: follow-up on #{job.pr_number}\n\n{what}.\n\n"
        f"{render_file_list(committed)}\n\nCo-authored-by: {author.trailer_form}\n"
    )


def _reply(job: FollowUpJob, ctx: JobContext, body: str) -> None:
    if job.trigger == "review_comment" and job.comment_id is not None:
        ctx.client.reply_in_thread(job.pr_number, job.comment_id, body)
    else:
        ctx.client.create_comment(job.pr_number, body)
