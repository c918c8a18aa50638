"""The jobs that cross the queue: plain, frozen, JSON-serialisable data.

A webhook handler turns an event into one of these; a worker runs it. ``key`` names the
issue or pull request, so that two jobs on the same one never run at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _JobBase(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    delivery_id: str
    installation_id: int
    repo_full_name: str  # owner/name
    clone_url: str  # https clone URL from the payload
    default_branch: str
    requester: str  # login of the user who asked
    requester_id: int


class BuildJob(_JobBase):
    """``/backend build [text]`` on an issue."""

    kind: Literal["build"] = "build"
    issue_number: int
    issue_title: str
    issue_body: str
    comment_id: int
    comment_body: str

    @property
    def key(self) -> str:
        return f"{self.repo_full_name}#{self.issue_number}"


FollowUpTrigger = Literal["review_comment", "review", "fix_command"]


class FollowUpJob(_JobBase):
    """A review comment, a submitted review, or ``/backend fix ...`` on one of the App's PRs."""

    kind: Literal["follow_up"] = "follow_up"
    trigger: FollowUpTrigger
    pr_number: int
    head_branch: str
    body: str
    pr_author: str = ""  # who opened the PR, from the payload ("": the runner reads the PR)
    comment_id: int | None = None  # review comment to reply to in its thread
    review_id: int | None = None
    path: str | None = None
    line: int | None = None
    start_line: int | None = None
    diff_hunk: str | None = None

    @property
    def key(self) -> str:
        return f"{self.repo_full_name}#{self.pr_number}"


Job = Annotated[BuildJob | FollowUpJob, Field(discriminator="kind")]
JOB_ADAPTER: TypeAdapter[BuildJob | FollowUpJob] = TypeAdapter(Job)


def job_to_json(job: BuildJob | FollowUpJob) -> str:
    return job.model_dump_json()


def job_from_json(data: str | bytes) -> BuildJob | FollowUpJob:
    return JOB_ADAPTER.validate_json(data)
