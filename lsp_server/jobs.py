"""Model-backed generations in flight, found by request id or progress token to be cancelled.

pygls answers a ``$/cancelRequest`` for ``workspace/executeCommand`` but keeps the command's
coroutine running, and a ``window/workDoneProgress/cancel`` only cancels a future nobody
awaits; both end up here, where the run's CancelScope aborts the model call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lsprotocol.types import ProgressToken

from backendbot.core.run.cancel import CancelScope


@dataclass
class Job:
    title: str
    request_id: int | str | None
    token: ProgressToken | None
    scope: CancelScope = field(default_factory=CancelScope)


class Jobs:
    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def start(self, title: str, request_id: int | str | None, token: ProgressToken | None) -> Job:
        job = Job(title, request_id, token)
        self._jobs.append(job)
        return job

    def finish(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)

    def named(self, title: str) -> list[Job]:
        return [j for j in self._jobs if j.title == title]

    def cancel_request(self, request_id: int | str) -> bool:
        return self._cancel([j for j in self._jobs if j.request_id == request_id])

    def cancel_token(self, token: ProgressToken) -> bool:
        return self._cancel([j for j in self._jobs if j.token is not None and j.token == token])

    def cancel_all(self) -> bool:
        return self._cancel(list(self._jobs))

    @staticmethod
    def _cancel(jobs: list[Job]) -> bool:
        for job in jobs:
            job.scope.cancel()
        return bool(jobs)
