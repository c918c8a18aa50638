"""The two kinds of failure every entry point reports: bad input (exit 2) and a failed run (exit 1)."""

from __future__ import annotations

from pathlib import Path


class BackendbotError(Exception):
    """Base of every error backendbot reports to a user."""

    exit_code = 1


class InputError(BackendbotError):
    """Bad input: an unreadable or invalid file, an unknown option, a path outside the repo.

    ``str()`` gives ``file:line:column: message`` with whatever location is known.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        super().__init__(self.location_prefix() + message)

    def location_prefix(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts) + ": " if parts else ""


class RunFailed(BackendbotError):
    """The run started but did not finish: model error, budget exhausted, verification failed."""

    exit_code = 1


class LimitsExceeded(RunFailed):
    """A budget (turns, output tokens, wall time) ran out before the agent finished."""


class Cancelled(RunFailed):
    """The run was cancelled by its caller (an editor, a signal)."""
