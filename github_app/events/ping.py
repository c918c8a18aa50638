"""``ping``: GitHub's hello when a webhook is created; logged, nothing queued."""

from __future__ import annotations

import logging

from backendbot.github_app.events.router import Event, Ignore, Router

log = logging.getLogger(__name__)
router = Router()


@router.register("ping")
def pong(event: Event) -> Ignore:
    """Log the hook id and zen line."""
    log.info("ping: hook %s says %r", event.payload.get("hook_id"), event.payload.get("zen"))
    return Ignore("pong")
