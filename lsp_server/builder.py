"""What runs a build for the server: ``run_build``, unless a test hands in a Builder of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backendbot.core.run.build import Builder


def default_builder(builder: Builder | None) -> Builder:
    """``builder``, else ``run_build`` (imported late: the server starts without the core)."""
    if builder is not None:
        return builder
    from backendbot.core.run.build import run_build

    return run_build
