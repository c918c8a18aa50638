"""The two kinds of failure every entry point reports: bad input (exit 2) and a failed run (exit 1)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

MAX_REPORTED = 20  # problems listed at once; the rest are counted


class BackendbotError(Exception):
    """Base of every error backendbot reports to a user."""

    exit_code = 1


class InputError(BackendbotError):
    """Bad input: an unreadable or invalid file, an unknown option, a path outside the repo.

    ``str()`` gives ``file:line:column: message`` with whatever location is known, one line per
    problem when several were found at once (``more``), then ``and N more`` for those not shown.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        more: Sequence[InputError] = (),
        unshown: int = 0,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.more = tuple(more)
        self.unshown = unshown
        super().__init__("\n".join(self.lines()))

    @classmethod
    def of(cls, problems: Sequence[InputError], *, limit: int = MAX_REPORTED) -> InputError:
        """One error carrying the first ``limit`` of ``problems`` (at least one), counting the rest."""
        first, *rest = problems[:limit]
        return cls(
            first.message,
            file=first.file,
            line=first.line,
            column=first.column,
            more=rest,
            unshown=max(0, len(problems) - limit),
        )

    @property
    def problems(self) -> tuple[InputError, ...]:
        """This error and the others found with it, in document order."""
        return (self, *self.more)

    def lines(self) -> list[str]:
        """One ``file:line:column: message`` line per problem shown, then the count of the rest."""
        shown = [p.location_prefix() + p.message for p in self.problems]
        if self.unshown:
            shown.append(f"and {self.unshown} more problem{'s' if self.unshown > 1 else ''}")
        return shown

    def location_prefix(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts) + ": " if parts else ""

    def as_json(self) -> dict[str, object]:
        """``{"message", "file", "line", "column"}`` of the first problem, and ``problems`` for all."""
        return {
            **_located(self),
            "problems": [_located(p) for p in self.problems],
            "unshown": self.unshown,
        }


def _located(error: InputError) -> dict[str, object]:
    return {
        "message": error.message,
        "file": error.file,
        "line": error.line,
        "column": error.column,
    }


class RunFailed(BackendbotError):
    """The run started but did not finish: model error, budget exhausted, verification failed."""

    exit_code = 1


class LimitsExceeded(RunFailed):
    """A budget (turns, output tokens, wall time) ran out before the agent finished."""


class Cancelled(RunFailed):
    """The run was cancelled by its caller (an editor, a signal)."""
