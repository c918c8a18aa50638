"""``create_app``: ``POST /webhook`` verifies, routes and enqueues; ``GET /healthz`` says ok.

The endpoint does no GitHub calls: it checks the signature, turns the event into jobs through
the router and hands them to the intake (the queue), which remembers the delivery id so that a
redelivery queues nothing. Every refusal names what is wrong.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from typing import Protocol

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from backendbot.core.errors import InputError
from backendbot.github_app.events.router import Event, Ignore, Router
from backendbot.github_app.events.routes import default_router
from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.queue.records import Submitted
from backendbot.github_app.webhook.body import DEFAULT_MAX_BODY, BodyTooLarge, read_limited
from backendbot.github_app.webhook.signature import signature_problem

log = logging.getLogger(__name__)
_DELIVERY_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")  # GitHub sends UUIDs


class Intake(Protocol):
    def submit(self, delivery_id: str, jobs: Sequence[BuildJob | FollowUpJob]) -> Submitted: ...


def _answer(code: int, status: str, detail: str | None = None, **extra: object) -> JSONResponse:
    body: dict[str, object] = {"status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=code)


def _validation_summary(event: str, error: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:3]]
    return f"{event} payload is missing or has wrong fields: " + "; ".join(parts)


class WebhookEndpoint:
    def __init__(self, secret: str, intake: Intake, router: Router, max_body: int) -> None:
        self._secret, self._intake, self._router, self._max_body = secret, intake, router, max_body

    async def handle(self, request: Request) -> JSONResponse:
        """The answer, with a ``Server-Timing`` header: the milliseconds spent here."""
        start = time.perf_counter()
        response = await self._answer(request)
        elapsed_ms = (time.perf_counter() - start) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.2f}"
        return response

    async def _answer(self, request: Request) -> JSONResponse:
        try:
            body = await read_limited(request, self._max_body)
        except BodyTooLarge as exc:
            return _answer(413, "rejected", str(exc))
        headers = request.headers
        problem = signature_problem(self._secret, body, headers.get("x-hub-signature-256"))
        if problem:
            log.warning("webhook refused: %s", problem)
            return _answer(401, "rejected", problem)
        name, delivery_id = headers.get("x-github-event"), headers.get("x-github-delivery")
        if not name or not delivery_id:
            missing = "X-GitHub-Event" if not name else "X-GitHub-Delivery"
            return _answer(400, "rejected", f"missing {missing} header")
        if not _DELIVERY_ID.fullmatch(delivery_id):
            detail = "X-GitHub-Delivery must be 1-100 letters, digits or . _ : -"
            return _answer(400, "rejected", detail)
        content_type = headers.get("content-type", "application/json")
        if "json" not in content_type:
            detail = f"content type {content_type!r} is not supported; set the webhook to application/json"
            return _answer(415, "rejected", detail)
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            return _answer(400, "rejected", f"body is not valid JSON: {exc}")
        if not isinstance(payload, dict):
            return _answer(400, "rejected", "JSON body must be an object")
        if not self._router.handles(name):
            return _answer(202, "ignored", f"event {name!r} is not handled")
        return await self._route(Event(name, delivery_id, payload))

    async def _route(self, event: Event) -> JSONResponse:
        try:
            outcomes = self._router.dispatch(event)
        except ValidationError as exc:
            return _answer(400, "rejected", _validation_summary(event.name, exc))
        jobs = [o for o in outcomes if not isinstance(o, Ignore)]
        reasons = [o.reason for o in outcomes if isinstance(o, Ignore)]
        try:
            submitted = await run_in_threadpool(self._intake.submit, event.delivery_id, jobs)
        except Exception:
            log.exception("delivery %s: the queue is unavailable", event.delivery_id)
            return _answer(503, "unavailable", "the job queue is unavailable; redeliver later")
        label = f"{event.name}.{event.action}" if event.action else event.name
        if not submitted.accepted:
            log.info("delivery %s (%s): duplicate, nothing queued", event.delivery_id, label)
            return _answer(200, "duplicate", f"delivery {event.delivery_id} was already received")
        if jobs:
            log.info("delivery %s (%s): queued %s", event.delivery_id, label, submitted.job_ids)
            return _answer(202, "queued", jobs=list(submitted.job_ids))
        reason = "; ".join(reasons) or f"no handler for {label}"
        log.info("delivery %s (%s): ignored: %s", event.delivery_id, label, reason)
        return _answer(202, "ignored", reason)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def create_app(
    secret: str,
    intake: Intake,
    router: Router | None = None,
    max_body: int = DEFAULT_MAX_BODY,
) -> Starlette:
    """The ASGI app; refuses to be built without a webhook secret."""
    if not secret:
        raise InputError("a webhook secret is required; the service refuses to start without it")
    endpoint = WebhookEndpoint(secret, intake, router or default_router(), max_body)
    return Starlette(
        routes=[
            Route("/webhook", endpoint.handle, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
