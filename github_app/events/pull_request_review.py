"""``pull_request_review``: a submitted review with a body on one of our PRs."""

from __future__ import annotations

from backendbot.github_app.events.payload import ReviewPayload, job_fields
from backendbot.github_app.events.router import Event, Ignore, Outcome, Router
from backendbot.github_app.jobs.model import FollowUpJob

router = Router()


@router.register("pull_request_review", action="submitted")
def review_submitted(event: Event) -> Outcome:
    """A review body on a pull request an App opened becomes a follow-up job (the runner checks
    that the App is ours and the branch carries the repository's prefix)."""
    p = ReviewPayload.model_validate(event.payload)
    if p.sender.is_bot:
        return Ignore("review by a bot")
    if not p.pull_request.opened_by_a_bot:
        return Ignore("pull request was not opened by an App")
    if not (p.review.body or "").strip():
        return Ignore("review has no body")
    if p.installation is None:
        return Ignore("delivery has no installation")
    return FollowUpJob(
        **job_fields(p, event.delivery_id, p.installation),
        trigger="review",
        pr_number=p.pull_request.number,
        head_branch=p.pull_request.head.ref,
        pr_author=p.pull_request.author,
        body=p.review.body or "",
        review_id=p.review.id,
    )
