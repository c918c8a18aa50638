"""What ``backendbot github serve|worker|replay`` call: the service, its workers, a replay tool."""

from __future__ import annotations

import json
import logging
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from backendbot.core.errors import InputError, RunFailed
from backendbot.github_app.queue.acknowledge import AckFn
from backendbot.github_app.queue.execution import JobFn, real_job_fns
from backendbot.github_app.queue.jobqueue import JobQueue
from backendbot.github_app.queue.options import QueueOptions
from backendbot.github_app.redact import install_redaction
from backendbot.github_app.settings import AppSettings
from backendbot.github_app.webhook.app import create_app
from backendbot.github_app.webhook.signature import sign

log = logging.getLogger(__name__)
SHUTDOWN_TIMEOUT = 30.0  # seconds serve waits for in-process jobs; the rest run again later


def configure_logging(settings: AppSettings, level: int = logging.INFO) -> None:
    """Log to stderr with tokens and the webhook secret masked in every line."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("huey").setLevel(logging.WARNING)  # our own lines say started/done
    install_redaction([settings.webhook_secret])


def serve(
    settings: AppSettings,
    host: str,
    port: int,
    workers_in_process: int = 1,
    *,
    options: QueueOptions | None = None,
    job_fn: JobFn | None = None,
    ack_fn: AckFn | None = None,
) -> None:
    """Run the webhook receiver on uvicorn, with ``workers_in_process`` worker threads (and
    the acknowledgement threads beside them). A test's ``job_fn`` comes without ``ack_fn``."""
    if workers_in_process < 0:
        raise InputError(f"--workers must be 0 or more, not {workers_in_process}")
    configure_logging(settings)
    if workers_in_process > 0 and job_fn is None:
        job_fn, ack_fn = real_job_fns(settings)
    working = workers_in_process > 0
    queue = JobQueue(settings, options, job_fn if working else None, ack_fn if working else None)
    app = create_app(settings.webhook_secret, queue)
    consumer: Any = None
    ack_consumer: Any = None
    sweeper, checkpointer = queue.sweeper(), queue.checkpointer()
    checkpointer.start()
    if workers_in_process > 0:
        # Worker threads share the GIL with the event loop: hand it over more often (default
        # 5 ms) so that a busy worker delays a webhook answer by less.
        sys.setswitchinterval(0.0005)
        ack_consumer = queue.ack_consumer()
        ack_consumer.start()
        consumer = queue.consumer(workers_in_process)
        consumer.shutdown_timeout = SHUTDOWN_TIMEOUT
        consumer.start()
        sweeper.start()
    try:
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, lifespan="off")
    finally:
        if consumer is not None:
            sweeper.stop()
            consumer.stop(graceful=True)
            ack_consumer.stop(graceful=True)
        checkpointer.stop()
        queue.close()


def run_worker(
    settings: AppSettings,
    workers: int = 1,
    *,
    options: QueueOptions | None = None,
    job_fn: JobFn | None = None,
    ack_fn: AckFn | None = None,
) -> None:
    """Run ``workers`` worker threads in this process, and the acknowledgement threads beside
    them, until SIGINT (graceful) or SIGTERM. A test's ``job_fn`` comes without ``ack_fn``."""
    if workers < 1:
        raise InputError(f"--workers must be 1 or more, not {workers}")
    configure_logging(settings)
    if job_fn is None:
        job_fn, ack_fn = real_job_fns(settings)
    queue = JobQueue(settings, options, job_fn, ack_fn)
    background = [queue.sweeper(), queue.checkpointer()]
    for thread in background:
        thread.start()
    ack_consumer = queue.ack_consumer()
    ack_consumer.start()
    try:
        queue.consumer(workers).run()
    finally:
        ack_consumer.stop(graceful=True)
        for thread in background:
            thread.stop()
        queue.close()


def load_delivery(path: Path) -> tuple[dict[str, str], Any]:
    """Headers and payload of a saved delivery.

    Two shapes are read: ``{"headers": {...}, "payload": {...}}``, and what GitHub's
    ``GET /app/hook/deliveries/{id}`` returns (``{"request": {"headers", "payload"}, ...}``).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the delivery: {exc.strerror}", file=path) from exc
    except ValueError as exc:
        raise InputError(f"the delivery is not valid JSON: {exc}", file=path) from exc
    if isinstance(data, dict) and isinstance(data.get("request"), dict):
        data = data["request"]
    if not isinstance(data, dict) or not isinstance(data.get("headers"), dict):
        raise InputError('expected an object with "headers" and "payload"', file=path)
    if "payload" not in data:
        raise InputError('the delivery has no "payload"', file=path)
    headers = {str(k): str(v) for k, v in data["headers"].items()}
    return headers, data["payload"]


def replay(
    delivery_file: Path, url: str, secret: str, *, new_delivery_id: bool = False
) -> httpx.Response:
    """POST a saved delivery to ``url``, signed with ``secret``; prints and returns the answer.

    The saved delivery id is kept (the service then answers "duplicate" if it saw it) unless
    ``new_delivery_id``. Raises RunFailed when the service answers with an error.
    """
    saved, payload = load_delivery(delivery_file)
    keep = {k: v for k, v in saved.items() if k.lower().startswith("x-github-")}
    keep = {
        k: v for k, v in keep.items() if k.lower() != "x-github-delivery" or not new_delivery_id
    }
    if new_delivery_id or not any(k.lower() == "x-github-delivery" for k in keep):
        keep["X-GitHub-Delivery"] = str(uuid.uuid4())
    if not any(k.lower() == "x-github-event" for k in keep):
        raise InputError("the delivery has no X-GitHub-Event header", file=delivery_file)
    body = json.dumps(payload, separators=(",", ":")).encode()
    headers = {
        **keep,
        "Content-Type": "application/json",
        "X-Hub-Signature-256": sign(secret, body),
    }
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=30.0)
    except httpx.HTTPError as exc:
        raise RunFailed(f"could not post the delivery to {url}: {exc}") from exc
    sys.stdout.write(f"{response.status_code} {response.text}\n")
    if response.status_code >= 400:
        raise RunFailed(f"{url} answered {response.status_code}: {response.text}")
    return response
