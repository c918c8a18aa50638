"""Queue timing rules and the queue URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.core.errors import InputError
from backendbot.github_app.queue.options import QueueOptions
from backendbot.github_app.queue.url import RedisQueueUrl, SqliteQueueUrl, parse_queue_url


def test_backoff_doubles_up_to_the_maximum_and_honours_retry_after() -> None:
    o = QueueOptions(backoff_base_seconds=2, backoff_max_seconds=30)
    assert [o.backoff(n) for n in (1, 2, 3, 4, 5, 6)] == [2, 4, 8, 16, 30, 30]
    assert o.backoff(1, retry_after=60) == 60


def test_a_waiting_job_looks_again_less_often_the_longer_it_waits() -> None:
    o = QueueOptions(busy_retry_seconds=1, busy_retry_max_seconds=15)
    assert [o.busy_delay(w) for w in (0, 4, 20, 1000)] == [1, 1, 5, 15]


def test_queue_urls() -> None:
    assert parse_queue_url("sqlite:////var/lib/q.db") == SqliteQueueUrl(Path("/var/lib/q.db"))
    assert parse_queue_url("sqlite:///rel/q.db") == SqliteQueueUrl(Path("rel/q.db"))
    assert parse_queue_url("redis://127.0.0.1:6379/2") == RedisQueueUrl("redis://127.0.0.1:6379/2")
    for bad in ("postgres://x/y", "sqlite:///", "q.db"):
        with pytest.raises(InputError, match="BACKENDBOT_QUEUE_URL"):
            parse_queue_url(bad)


def test_service_entry_points_refuse_bad_worker_counts(tmp_path: Path) -> None:
    from backendbot.github_app.service import run_worker, serve
    from tests.github_app.service.helpers import settings_for

    settings = settings_for(f"sqlite:///{tmp_path / 'q.db'}", tmp_path)
    with pytest.raises(InputError, match="--workers must be 1 or more, not 0"):
        run_worker(settings, 0)
    with pytest.raises(InputError, match="--workers must be 0 or more, not -1"):
        serve(settings, "127.0.0.1", 0, workers_in_process=-1)
