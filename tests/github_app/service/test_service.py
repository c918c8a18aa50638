"""``serve`` on a real uvicorn over loopback with an in-process worker, and ``replay`` against it."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backendbot.core.errors import InputError, RunFailed
from backendbot.github_app.service import replay
from backendbot.github_app.webhook.signature import sign
from tests.github_app.service.conftest import Spawn, free_port
from tests.github_app.service.helpers import SECRET, fixture, read_events, wait_for

SERVE = "tests.github_app.service.serve_main"
pytestmark = pytest.mark.slow


@pytest.fixture
def service(tmp_path: Path, spawn: Spawn) -> Iterator[tuple[str, Path]]:
    """A running service (SQLite queue, one in-process worker); its base URL and event file."""
    port = free_port()
    record = tmp_path / "events.jsonl"
    queue_url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    proc = spawn(SERVE, queue_url, str(tmp_path), str(record), str(port), "1")
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert proc.poll() is None, "the service exited"
        try:
            return httpx.get(f"{base}/healthz").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(up)
    yield base, record


def build_comment(body: str = "/backend build a todo API") -> dict[str, Any]:
    payload = copy.deepcopy(fixture("issue_comment.created"))
    payload["comment"]["body"] = body
    return payload


def test_a_signed_delivery_is_acknowledged_queued_and_run_once(service: tuple[str, Path]) -> None:
    base, record = service
    body = json.dumps(build_comment()).encode()
    headers = {
        "X-GitHub-Event": "issue_comment",
        "X-GitHub-Delivery": "live-1",
        "X-Hub-Signature-256": sign(SECRET, body),
        "Content-Type": "application/json",
    }
    first = httpx.post(f"{base}/webhook", content=body, headers=headers)
    assert (first.status_code, first.json()) == (202, {"status": "queued", "jobs": ["live-1"]})
    again = httpx.post(f"{base}/webhook", content=body, headers=headers)
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    wait_for(lambda: any(e["event"] == "end" for e in read_events(record)))
    bad = httpx.post(
        f"{base}/webhook", content=body, headers={**headers, "X-Hub-Signature-256": "sha256=00"}
    )
    assert bad.status_code == 401
    events = read_events(record)
    assert [(e["event"], e["job"]) for e in events] == [("start", "live-1"), ("end", "live-1")]


def test_replay_posts_a_saved_delivery_signed_with_the_secret(
    service: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, record = service
    saved = tmp_path / "delivery.json"
    saved.write_text(
        json.dumps(
            {
                "headers": {
                    "X-GitHub-Event": "issue_comment",
                    "X-GitHub-Delivery": "saved-1",
                    "X-Hub-Signature-256": "sha256=stale",
                    "User-Agent": "GitHub-Hookshot/abc",
                },
                "payload": build_comment(),
            }
        )
    )
    assert replay(saved, f"{base}/webhook", SECRET).status_code == 202
    assert replay(saved, f"{base}/webhook", SECRET).json()["status"] == "duplicate"
    fresh = replay(saved, f"{base}/webhook", SECRET, new_delivery_id=True)
    assert fresh.status_code == 202 and fresh.json()["jobs"] != ["saved-1"]
    assert "202 " in capsys.readouterr().out
    with pytest.raises(RunFailed, match="401"):
        replay(saved, f"{base}/webhook", "wrong-secret", new_delivery_id=True)
    # GitHub's "get a delivery" REST shape works too
    api_shape = tmp_path / "api.json"
    api_shape.write_text(
        json.dumps(
            {
                "guid": "x",
                "request": {
                    "headers": {"X-GitHub-Event": "ping", "X-GitHub-Delivery": "p-1"},
                    "payload": fixture("ping"),
                },
            }
        )
    )
    assert replay(api_shape, f"{base}/webhook", SECRET).json() == {
        "status": "ignored",
        "detail": "pong",
    }
    wait_for(lambda: sum(e["event"] == "end" for e in read_events(record)) == 2)


def test_replay_names_what_is_wrong_with_a_delivery_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for text, message in [
        ("{", "not valid JSON"),
        ('{"payload": {}}', '"headers" and "payload"'),
        ('{"headers": {}}', 'no "payload"'),
        ('{"headers": {}, "payload": {}}', "no X-GitHub-Event header"),
    ]:
        bad.write_text(text)
        with pytest.raises(InputError, match=message) as info:
            replay(bad, "http://127.0.0.1:9/webhook", SECRET)
        assert info.value.file == str(bad)
    with pytest.raises(InputError, match="cannot read"):
        replay(tmp_path / "missing.json", "http://127.0.0.1:9/webhook", SECRET)
