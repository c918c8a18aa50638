"""What runs a build for the server: ``run_build``'s shape, so a test can hand in its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from backendbot.core.run.build import BuildRequest, RunResult
    from backendbot.core.run.cancel import CancelScope
    from backendbot.core.run.events import RunEvents


class Builder(Protocol):
    def __call__(
        self,
        request: BuildRequest,
        *,
        events: RunEvents | None = None,
        cancel: CancelScope | None = None,
        env: Mapping[str, str] | None = None,
    ) -> RunResult: ...


def default_builder(builder: Builder | None) -> Builder:
    """``builder``, else ``run_build`` (imported late: the server starts without the core)."""
    if builder is not None:
        return builder
    from backendbot.core.run.build import run_build

    return run_build
