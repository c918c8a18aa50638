"""``issue_comment``: ``/backend build`` on an issue, ``/backend fix`` on one of our PRs."""

from __future__ import annotations

from backendbot.github_app.events.command import parse_command
from backendbot.github_app.events.payload import IssueCommentPayload, job_fields
from backendbot.github_app.events.router import Event, Ignore, Outcome, Router
from backendbot.github_app.jobs.model import BuildJob, FollowUpJob

router = Router()


@router.register("issue_comment", action="created")
def command_comment(event: Event) -> Outcome:
    """A new comment that starts with a command becomes a build or follow-up job."""
    p = IssueCommentPayload.model_validate(event.payload)
    if p.sender.is_bot:
        return Ignore("comment by a bot")
    command = parse_command(p.comment.body)
    if command is None:
        return Ignore("comment does not start with a /backend command")
    if p.installation is None:
        return Ignore("delivery has no installation")
    base = job_fields(p, event.delivery_id, p.installation)
    on_pr = p.issue.pull_request is not None
    if command.name == "build" and not on_pr:
        return BuildJob(
            **base,
            issue_number=p.issue.number,
            issue_title=p.issue.title,
            issue_body=p.issue.body or "",
            comment_id=p.comment.id,
            comment_body=p.comment.body,
        )
    if command.name == "fix" and on_pr:
        # The payload does not carry the PR's head branch; the runner reads it (and checks
        # that the PR is one of ours) from the pull request itself.
        return FollowUpJob(
            **base,
            trigger="fix_command",
            pr_number=p.issue.number,
            head_branch="",
            body=p.comment.body,
            comment_id=p.comment.id,
        )
    where = "a pull request" if on_pr else "an issue"
    return Ignore(f"/backend {command.name} does not apply to {where}")
