"""Route a webhook event to the handlers registered for its name (and action)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from backendbot.github_app.jobs.model import BuildJob, FollowUpJob


@dataclass(frozen=True)
class Event:
    """One delivery: the ``X-GitHub-Event`` name, its delivery id and the JSON payload."""

    name: str
    delivery_id: str
    payload: Mapping[str, Any] = field(repr=False)

    @property
    def action(self) -> str | None:
        action = self.payload.get("action")
        return action if isinstance(action, str) else None


@dataclass(frozen=True)
class Ignore:
    """A handler's answer when the event asks for no work; ``reason`` says why."""

    reason: str


Outcome = BuildJob | FollowUpJob | Ignore
Handler = Callable[[Event], Outcome]


class Router:
    """Handlers registered per (event, action); ``Router(a, b)`` joins other routers."""

    def __init__(self, *routers: Router) -> None:
        self._handlers: dict[tuple[str, str | None], list[Handler]] = {}
        for other in routers:
            for route, handlers in other._handlers.items():
                self._handlers.setdefault(route, []).extend(handlers)

    def register(self, event: str, action: str | None = None) -> Callable[[Handler], Handler]:
        """Decorator: call the handler for ``event`` (only for ``action`` when given)."""

        def decorator(handler: Handler) -> Handler:
            self._handlers.setdefault((event, action), []).append(handler)
            return handler

        return decorator

    def handles(self, event: str) -> bool:
        return any(name == event for name, _ in self._handlers)

    def dispatch(self, event: Event) -> list[Outcome]:
        """Every registered handler's outcome, in registration order; [] when none matches."""
        handlers = self._handlers.get((event.name, None), []) + (
            self._handlers.get((event.name, event.action), []) if event.action else []
        )
        return [handler(event) for handler in handlers]
