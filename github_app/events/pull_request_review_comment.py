"""``pull_request_review_comment``: a new review comment on one of our PRs."""

from __future__ import annotations

from backendbot.github_app.events.payload import ReviewCommentPayload, job_fields
from backendbot.github_app.events.router import Event, Ignore, Outcome, Router
from backendbot.github_app.jobs.model import FollowUpJob

router = Router()


@router.register("pull_request_review_comment", action="created")
def review_comment_created(event: Event) -> Outcome:
    """A review comment on a pull request an App opened becomes a follow-up job with its lines
    (the runner checks that the App is ours and the branch carries the repository's prefix)."""
    p = ReviewCommentPayload.model_validate(event.payload)
    if p.sender.is_bot:
        return Ignore("review comment by a bot")
    if not p.pull_request.opened_by_a_bot:
        return Ignore("pull request was not opened by an App")
    if p.installation is None:
        return Ignore("delivery has no installation")
    c = p.comment
    return FollowUpJob(
        **job_fields(p, event.delivery_id, p.installation),
        trigger="review_comment",
        pr_number=p.pull_request.number,
        head_branch=p.pull_request.head.ref,
        pr_author=p.pull_request.author,
        body=c.body,
        comment_id=c.id,
        path=c.path,
        line=c.line,
        start_line=c.start_line,
        diff_hunk=c.diff_hunk,
    )
