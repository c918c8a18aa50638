"""Parse ``BACKENDBOT_QUEUE_URL``: ``sqlite:///path`` or ``redis://host:port/db``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backendbot.core.errors import InputError


@dataclass(frozen=True)
class SqliteQueueUrl:
    path: Path


@dataclass(frozen=True)
class RedisQueueUrl:
    url: str


QueueUrl = SqliteQueueUrl | RedisQueueUrl


def parse_queue_url(url: str) -> QueueUrl:
    """``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``redis[s]://host:port/db``."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        if not path or path.endswith("/"):
            raise InputError(f"BACKENDBOT_QUEUE_URL {url!r} names no SQLite file")
        return SqliteQueueUrl(Path(path).expanduser())
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisQueueUrl(url)
    raise InputError(
        f"BACKENDBOT_QUEUE_URL {url!r} is not supported; use sqlite:///PATH or redis://HOST:PORT/DB"
    )
