"""App authentication: a JWT signed with the App's key buys installation tokens.

One ``AppCredentials`` lives as long as a worker; it keeps each token, scoped to the one
repository a job works on, until shortly before GitHub lets it expire.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from githubkit import AppAuthStrategy, GitHub
from githubkit.cache import MemCacheStrategy

from backendbot.core.errors import InputError
from backendbot.github_app.github.errors import GitHubError
from backendbot.github_app.github.retry import RetryPolicy, call_github
from backendbot.github_app.settings import AppSettings

log = logging.getLogger(__name__)
REFRESH_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True)
class InstallationToken:
    token: str = field(repr=False)
    expires_at: datetime


def app_github(settings: AppSettings, app_id: int, private_key: str) -> GitHub[AppAuthStrategy]:
    """A githubkit client signing as the App; retries are ``call_github``'s, not githubkit's.

    Its own cache: githubkit's default one is shared by the whole process, so a JWT made
    with one key would otherwise outlive a change of key.
    """
    return GitHub(
        AppAuthStrategy(app_id, private_key),
        base_url=settings.api_url + "/",
        auto_retry=False,
        http_cache=False,
        cache_strategy=MemCacheStrategy(),
    )


class AppCredentials:
    """Installation tokens per (installation, repository), cached until shortly before expiry."""

    def __init__(
        self,
        settings: AppSettings,
        *,
        margin: timedelta = REFRESH_MARGIN,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        retry: RetryPolicy | None = None,
    ) -> None:
        if settings.app_id is None or not settings.private_key:
            raise InputError(
                "BACKENDBOT_GITHUB_APP_ID and BACKENDBOT_GITHUB_PRIVATE_KEY (or _PATH) "
                "are needed to act as the App"
            )
        self._settings = settings
        self._app = app_github(settings, settings.app_id, settings.private_key)
        self._margin = margin
        self._clock = clock
        self.retry = retry or RetryPolicy()  # for every call of this worker, repositories too
        self._tokens: dict[tuple[int, str], InstallationToken] = {}
        self._slug: str | None = None
        self._bot_id: int | None = None
        self._bot_id_known = False  # asked, and GitHub gave the id or refused for good
        self._lock = threading.Lock()

    def token_for(self, installation_id: int, repo_full_name: str) -> InstallationToken:
        """A token that can reach only ``repo_full_name``, fresh for at least ``margin``."""
        key = (installation_id, repo_full_name.lower())
        with self._lock:
            cached = self._tokens.get(key)
            if cached is not None and cached.expires_at - self._margin > self._clock():
                return cached
        name = repo_full_name.split("/", 1)[1]
        resp = call_github(
            "minting an installation token",
            lambda: self._app.rest.apps.create_installation_access_token(
                installation_id, repositories=[name]
            ),
            self.retry,
        )
        data = resp.parsed_data
        expires = datetime.fromisoformat(data.expires_at.replace("Z", "+00:00"))
        token = InstallationToken(data.token, expires)
        with self._lock:
            self._tokens[key] = token
        return token

    def app_slug(self) -> str:
        """The App's slug (its bot user is ``<slug>[bot]``), asked once."""
        if self._slug is None:
            resp = call_github("reading the App", self._app.rest.apps.get_authenticated, self.retry)
            app = resp.parsed_data
            slug = app.slug if app is not None else None
            self._slug = slug if isinstance(slug, str) else "backendbot"
        return self._slug

    def bot_user_id(self, lookup: Callable[[str], int], login: str) -> int | None:
        """The id of the App's bot user, for its no-reply e-mail; None when GitHub will not say.

        It only decorates commits, so a failed lookup never fails a job: the commit gets the
        no-reply address without the id. The id, or GitHub's refusal (404, 501, any 4xx), is
        kept for the process; a transient failure is not, so the next job asks again.
        """
        if self._bot_id_known:
            return self._bot_id
        try:
            found: int | None = lookup(login)
        except GitHubError as exc:
            log.warning("%s; commits use the no-reply e-mail without the bot's id", exc)
            if exc.transient:
                return None
            found = None
        self._bot_id, self._bot_id_known = found, True
        return found
