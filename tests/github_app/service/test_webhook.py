"""POST /webhook through the ASGI app and a real SQLite queue (no workers: nothing runs)."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from backendbot.core.errors import InputError
from backendbot.github_app.queue.jobqueue import JobQueue
from backendbot.github_app.queue.records import JobState
from backendbot.github_app.webhook.app import create_app
from backendbot.github_app.webhook.signature import sign
from tests.github_app.service.helpers import SECRET, fixture, settings_for


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[JobQueue]:
    q = JobQueue(settings_for(f"sqlite:///{tmp_path / 'q.sqlite3'}", tmp_path))
    yield q
    q.close()


@pytest.fixture
async def client(queue: JobQueue) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SECRET, queue, max_body=64 * 1024)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as c:
        yield c


def build_comment() -> dict[str, Any]:
    payload = copy.deepcopy(fixture("issue_comment.created"))
    payload["comment"]["body"] = "/backend build a recipes API"
    return payload


def headers(
    body: bytes, event: str = "issue_comment", delivery: str = "d-1", **extra: str
) -> dict[str, str]:
    return {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": sign(SECRET, body),
        "Content-Type": "application/json",
        **extra,
    }


async def post(client: httpx.AsyncClient, payload: Any, **kw: str) -> httpx.Response:
    body = json.dumps(payload).encode()
    return await client.post("/webhook", content=body, headers=headers(body, **kw))


async def test_a_signed_build_comment_is_queued_once(
    client: httpx.AsyncClient, queue: JobQueue
) -> None:
    response = await post(client, build_comment())
    assert response.status_code == 202
    assert response.json() == {"status": "queued", "jobs": ["d-1"]}
    assert response.headers["server-timing"].startswith("app;dur=")
    [record] = queue.store.records()
    assert (record.job_id, record.state) == ("d-1", JobState.QUEUED)
    assert record.job().kind == "build"
    assert queue.huey.pending_count() == 1


async def test_the_same_delivery_twice_queues_nothing_the_second_time(
    client: httpx.AsyncClient, queue: JobQueue
) -> None:
    assert (await post(client, build_comment())).status_code == 202
    again = await post(client, build_comment())
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert len(queue.store.records()) == 1
    assert queue.huey.pending_count() == 1


async def test_a_bad_signature_is_refused(client: httpx.AsyncClient, queue: JobQueue) -> None:
    body = json.dumps(build_comment()).encode()
    h = headers(body)
    h["X-Hub-Signature-256"] = sign("another-secret", body)
    response = await client.post("/webhook", content=body, headers=h)
    assert response.status_code == 401
    assert "does not match" in response.json()["detail"]
    tampered = body.replace(b"recipes", b"RECIPES")
    response = await client.post("/webhook", content=tampered, headers=headers(body))
    assert response.status_code == 401
    assert queue.store.records() == []


@pytest.mark.parametrize(
    ("signature", "detail"),
    [(None, "missing X-Hub-Signature-256"), ("sha1=abc", "must start with 'sha256='")],
)
async def test_a_missing_or_sha1_signature_is_refused(
    client: httpx.AsyncClient, signature: str | None, detail: str
) -> None:
    body = json.dumps(build_comment()).encode()
    h = headers(body)
    del h["X-Hub-Signature-256"]
    if signature:
        h["X-Hub-Signature-256"] = signature
    response = await client.post("/webhook", content=body, headers=h)
    assert response.status_code == 401
    assert detail in response.json()["detail"]


async def test_malformed_bodies_get_400_naming_the_problem(
    client: httpx.AsyncClient, queue: JobQueue
) -> None:
    for body, detail in [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "must be an object"),
        (b"\xff\xfe", "not valid JSON"),
    ]:
        response = await client.post("/webhook", content=body, headers=headers(body))
        assert response.status_code == 400, body
        assert detail in response.json()["detail"]
    payload = build_comment()
    del payload["comment"]
    response = await post(client, payload)
    assert response.status_code == 400
    assert "issue_comment payload" in response.json()["detail"]
    assert "comment" in response.json()["detail"]
    assert queue.store.records() == []


async def test_missing_event_or_delivery_headers_get_400(client: httpx.AsyncClient) -> None:
    body = json.dumps(build_comment()).encode()
    for name in ("X-GitHub-Event", "X-GitHub-Delivery"):
        h = headers(body)
        del h[name]
        response = await client.post("/webhook", content=body, headers=h)
        assert response.status_code == 400
        assert response.json()["detail"] == f"missing {name} header"


async def test_a_delivery_id_that_is_not_an_id_gets_400(client: httpx.AsyncClient) -> None:
    for bad in ("x" * 101, "a b", "../../etc"):
        response = await post(client, build_comment(), delivery=bad)
        assert response.status_code == 400, bad
        assert "X-GitHub-Delivery must be" in response.json()["detail"]


async def test_a_form_encoded_delivery_is_refused_with_415(client: httpx.AsyncClient) -> None:
    body = b"payload=%7B%7D"
    h = headers(body, **{"Content-Type": "application/x-www-form-urlencoded"})
    response = await client.post("/webhook", content=body, headers=h)
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


async def test_an_oversize_body_gets_413(client: httpx.AsyncClient, queue: JobQueue) -> None:
    payload = build_comment()
    payload["comment"]["body"] = "/backend build " + "x" * 70_000
    response = await post(client, payload)
    assert response.status_code == 413
    assert "larger than 65536 bytes" in response.json()["detail"]

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted while streaming
        for _ in range(100):
            yield b"x" * 1024

    response = await client.post("/webhook", content=chunks(), headers=headers(b""))
    assert response.status_code == 413
    assert queue.store.records() == []


async def test_unknown_events_and_events_without_work_are_acknowledged_and_ignored(
    client: httpx.AsyncClient, queue: JobQueue
) -> None:
    response = await post(client, {"zen": "hi"}, event="star", delivery="d-star")
    assert (response.status_code, response.json()["status"]) == (202, "ignored")
    assert "'star' is not handled" in response.json()["detail"]
    response = await post(client, fixture("ping"), event="ping", delivery="d-ping")
    assert response.json() == {"status": "ignored", "detail": "pong"}
    edited = copy.deepcopy(fixture("issue_comment.edited"))
    edited["comment"]["body"] = "/backend build"
    response = await post(client, edited, delivery="d-edit")
    assert (response.status_code, response.json()["status"]) == (202, "ignored")
    quoted = build_comment()
    quoted["comment"]["body"] = "> /backend build"
    response = await post(client, quoted, delivery="d-quote")
    assert response.json()["status"] == "ignored"
    bot = build_comment()
    bot["sender"]["type"] = "Bot"
    response = await post(client, bot, delivery="d-bot")
    assert response.json() == {"status": "ignored", "detail": "comment by a bot"}
    assert queue.store.records() == []
    assert queue.huey.pending_count() == 0


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_the_app_refuses_to_start_without_a_secret(queue: JobQueue) -> None:
    with pytest.raises(InputError, match="webhook secret is required"):
        create_app("", queue)
