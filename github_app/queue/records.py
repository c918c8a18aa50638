"""What the job store keeps about each job, and the answers of its operations."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob, job_from_json


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class AckState(StrEnum):
    """A build job's acknowledgement (👀 and the queued status), run apart from the job."""

    NONE = "none"  # the job has none (follow-ups)
    PENDING = "pending"  # not run yet: the job waits for it (up to ``ack_wait_seconds``)
    RUNNING = "running"  # under a lease: the job and other acknowledgements of its key wait
    DONE = "done"
    SKIPPED = "skipped"  # the job started first (its acknowledgement was lost or late)


def initial_ack(job: BuildJob | FollowUpJob) -> AckState:
    return AckState.PENDING if isinstance(job, BuildJob) else AckState.NONE


class StartOutcome(StrEnum):
    STARTED = "started"  # the caller now runs the job under a lease
    BUSY = "busy"  # an earlier job of the same key is queued or running: try again later
    DUPLICATE = "duplicate"  # another worker holds a live lease on this very job
    GONE = "gone"  # done, failed or unknown: nothing to do


@dataclass(frozen=True)
class JobRecord:
    job_id: str
    key: str
    state: JobState
    job_json: str
    attempts: int
    created_at: float
    updated_at: float
    started_at: float | None = None
    finished_at: float | None = None
    lease_until: float | None = None
    worker: str | None = None
    reason: str | None = None
    ack: AckState = AckState.NONE

    def job(self) -> BuildJob | FollowUpJob:
        return job_from_json(self.job_json)


@dataclass(frozen=True)
class Submitted:
    """What the webhook answers: whether the delivery was new, and the job ids it queued."""

    accepted: bool
    job_ids: tuple[str, ...]


def job_ids(delivery_id: str, count: int) -> list[str]:
    """Ids of the jobs one delivery produced: the delivery id itself for the first."""
    return [delivery_id if i == 0 else f"{delivery_id}:{i}" for i in range(count)]
