"""``installation``: the App was installed, removed or changed; logged, nothing queued."""

from __future__ import annotations

import logging

from backendbot.github_app.events.router import Event, Ignore, Router

log = logging.getLogger(__name__)
router = Router()


@router.register("installation")
def log_installation(event: Event) -> Ignore:
    """Log which account the installation belongs to and what happened."""
    installation = event.payload.get("installation")
    account = installation.get("account") if isinstance(installation, dict) else None
    login = account.get("login") if isinstance(account, dict) else None
    log.info("installation %s for %s", event.action, login)
    return Ignore(f"installation {event.action} logged")
