"""The GitHub App's settings, read once from the environment at start-up and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from backendbot.core.errors import InputError

DEFAULT_API_URL = "https://api.github.com"
_OFF = ("0", "false", "no", "off")
_ON = ("", "1", "true", "yes", "on")


@dataclass(frozen=True)
class AppSettings:
    webhook_secret: str = field(repr=False)
    app_id: int | None = None
    private_key: str | None = field(default=None, repr=False)  # PEM text
    api_url: str = DEFAULT_API_URL
    queue_url: str | None = None  # None: a SQLite file in data_dir
    data_dir: Path = field(default_factory=lambda: Path("~/.local/share/backendbot").expanduser())
    verify: bool = True  # BACKENDBOT_VERIFY=0: no verification on these workers, for any repository

    @property
    def resolved_queue_url(self) -> str:
        return self.queue_url or f"sqlite:///{self.data_dir / 'queue.sqlite3'}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AppSettings:
        """Settings from BACKENDBOT_GITHUB_* variables; InputError names what is missing or wrong."""
        env = os.environ if env is None else env
        secret = env.get("BACKENDBOT_GITHUB_WEBHOOK_SECRET", "")
        if not secret:
            raise InputError(
                "BACKENDBOT_GITHUB_WEBHOOK_SECRET is not set; the service refuses to start without it"
            )
        app_id_text = env.get("BACKENDBOT_GITHUB_APP_ID")
        try:
            app_id = int(app_id_text) if app_id_text else None
        except ValueError as exc:
            raise InputError(
                f"BACKENDBOT_GITHUB_APP_ID must be a number, not {app_id_text!r}"
            ) from exc
        key = env.get("BACKENDBOT_GITHUB_PRIVATE_KEY")
        key_path = env.get("BACKENDBOT_GITHUB_PRIVATE_KEY_PATH")
        if not key and key_path:
            try:
                key = Path(key_path).expanduser().read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(
                    f"cannot read the App's private key: {exc.strerror}", file=key_path
                ) from exc
        data_dir = Path(env.get("BACKENDBOT_DATA_DIR") or "~/.local/share/backendbot").expanduser()
        verify = env.get("BACKENDBOT_VERIFY", "").strip().lower()
        if verify not in _OFF + _ON:
            raise InputError(f"BACKENDBOT_VERIFY must be 1 or 0 (true or false), not {verify!r}")
        return cls(
            webhook_secret=secret,
            app_id=app_id,
            private_key=key or None,
            api_url=(env.get("BACKENDBOT_GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
            queue_url=env.get("BACKENDBOT_QUEUE_URL") or None,
            data_dir=data_dir,
            verify=verify not in _OFF,
        )
