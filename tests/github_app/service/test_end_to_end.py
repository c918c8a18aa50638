"""``backendbot github serve`` end to end: a signed ``/backend build`` delivery → a pull request.

The CLI's service in its own process, with the real runner, against the GitHub half's fakes on
loopback (REST API, ``git http-backend``); the scaffold engine (the comment carries a spec).
"""

from __future__ import annotations

import copy
import json
import secrets
import signal
import string
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from backendbot.github_app.events.router import Event
from backendbot.github_app.events.routes import default_router
from backendbot.github_app.jobs.model import BuildJob
from backendbot.github_app.queue.jobqueue import JobQueue
from backendbot.github_app.queue.records import JobState
from backendbot.github_app.queue.store import open_store
from backendbot.github_app.queue.url import parse_queue_url
from backendbot.github_app.webhook.signature import sign
from tests.fakes.git_http import GitHttpServer
from tests.fakes.github_api import FakeGitHubAPI
from tests.github_app.service.conftest import Spawn, free_port
from tests.github_app.service.helpers import SECRET, fixture, settings_for, wait_for

pytestmark = pytest.mark.slow
REPO = "octo-org/demo"
BRANCH = "backendbot/issue-7"
WORKER = "tests.github_app.service.real_worker_main"
APP_ID = 4242
SPEC_COMMENT = """/backend build a notes service

```yaml
name: notes
stack: fastapi
resources:
  Note:
    fields:
      title: {type: string, required: true, max_length: 200}
      body: text
```
"""


@pytest.fixture
def github(tmp_path: Path) -> Iterator[tuple[FakeGitHubAPI, GitHttpServer, str]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    token = "ghs_" + "".join(secrets.choice(string.ascii_letters) for _ in range(36))
    git = GitHttpServer(tmp_path / "remote", token).start()
    git.create_repo(REPO, {"README.md": "# demo\n"})
    api = FakeGitHubAPI(
        public,
        token=token,
        repo=REPO,
        app_id=APP_ID,
        branch_exists=lambda b: b in git.branches(REPO),
    ).start()
    api.permissions["alice"] = "write"
    api.users["alice"] = 101
    yield api, git, private
    api.stop()
    git.stop()
    assert [f"{c.method} {c.path}" for c in api.undeclared] == []


def delivery(api: FakeGitHubAPI, git: GitHttpServer, body: str) -> dict[str, Any]:
    payload = copy.deepcopy(fixture("issue_comment.created"))
    payload["repository"].update(
        full_name=REPO, clone_url=git.clone_url(REPO), default_branch="main"
    )
    payload["installation"] = {"id": 77}
    payload["sender"].update(login="alice", id=101, type="User")
    payload["issue"].update(number=7, title="A notes service", body="")
    payload["comment"].update(id=api.add_comment(7, body, "alice"), body=body)
    return payload


def test_a_build_comment_becomes_one_pull_request_through_the_service(
    github: tuple[FakeGitHubAPI, GitHttpServer, str], tmp_path: Path, spawn: Spawn, queue_url: str
) -> None:
    """SQLite: serve with its in-process worker. Redis: serve only receives; two
    ``backendbot github worker`` processes run the jobs."""
    api, git, private_key = github
    port = free_port()
    env = {
        "BACKENDBOT_GITHUB_WEBHOOK_SECRET": SECRET,
        "BACKENDBOT_GITHUB_APP_ID": str(APP_ID),
        "BACKENDBOT_GITHUB_PRIVATE_KEY": private_key,
        "BACKENDBOT_GITHUB_API_URL": api.base_url,
        "BACKENDBOT_QUEUE_URL": queue_url,
        "BACKENDBOT_DATA_DIR": str(tmp_path / "data"),
    }
    scale_out = queue_url.startswith("redis")
    in_process = "0" if scale_out else "1"
    proc = spawn(
        "backendbot", "github", "serve", "--port", str(port), "--workers", in_process, env=env
    )
    if scale_out:
        for _ in range(2):
            spawn("backendbot", "github", "worker", env=env)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert proc.poll() is None, "the service exited"
        try:
            return httpx.get(f"{base}/healthz").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(up)

    def post(payload: dict[str, Any], delivery_id: str) -> httpx.Response:
        body = json.dumps(payload).encode()
        headers = {
            "X-GitHub-Event": "issue_comment",
            "X-GitHub-Delivery": delivery_id,
            "X-Hub-Signature-256": sign(SECRET, body),
            "Content-Type": "application/json",
        }
        return httpx.post(f"{base}/webhook", content=body, headers=headers)

    first = delivery(api, git, SPEC_COMMENT)
    assert post(first, "e2e-1").status_code == 202
    assert post(first, "e2e-1").json()["status"] == "duplicate"
    # a second trigger on the same issue right away: queued behind the first
    assert post(delivery(api, git, SPEC_COMMENT), "e2e-2").status_code == 202

    store = open_store(parse_queue_url(queue_url), delivery_ttl=3600)
    try:

        def both_finished() -> bool:
            records = store.records()
            return len(records) == 2 and all(
                r.state in (JobState.DONE, JobState.FAILED) for r in records
            )

        wait_for(both_finished, timeout=120)
        records = store.records()
    finally:
        store.close()
    assert [(r.job_id, r.state, r.reason) for r in records] == [
        ("e2e-1", JobState.DONE, None),
        ("e2e-2", JobState.DONE, None),
    ]
    first_run, second_run = records
    assert first_run.finished_at is not None and second_run.started_at is not None
    assert first_run.finished_at <= second_run.started_at  # one at a time per issue
    assert len(api.pulls) == 1
    [pr] = api.pulls.values()
    assert pr["head"]["ref"] == "backendbot/issue-7"
    assert pr["body"].startswith("Closes #7")
    assert set(git.branches(REPO)) == {"main", "backendbot/issue-7"}
    log_text = "".join(p.read_text() for p in tmp_path.glob("backendbot-*.log"))
    assert "e2e-1" in log_text and api.token not in log_text


def test_a_worker_killed_mid_build_leaves_one_branch_and_one_pull_request(
    github: tuple[FakeGitHubAPI, GitHttpServer, str], tmp_path: Path, spawn: Spawn, queue_url: str
) -> None:
    """The first worker is killed after it pushed the branch, while its PR request is in
    flight; the next worker runs the job again: still one branch (not force-pushed), one PR."""
    api, git, private_key = github
    pr_requested, release = threading.Event(), threading.Event()
    real_handle = api.handle

    def handle(
        method: str, path: str, query: dict[str, str], body: Any, auth: str
    ) -> tuple[int, Any, dict[str, str]]:
        if method == "POST" and path.endswith("/pulls") and not pr_requested.is_set():
            pr_requested.set()
            release.wait(30)
            return 502, {"message": "Bad Gateway"}, {}  # nobody is listening any more
        return real_handle(method, path, query, body, auth)

    api.handle = handle  # type: ignore[method-assign]
    env = {
        "BACKENDBOT_GITHUB_WEBHOOK_SECRET": SECRET,
        "BACKENDBOT_GITHUB_APP_ID": str(APP_ID),
        "BACKENDBOT_GITHUB_PRIVATE_KEY": private_key,
        "BACKENDBOT_GITHUB_API_URL": api.base_url,
        "BACKENDBOT_QUEUE_URL": queue_url,
        "BACKENDBOT_DATA_DIR": str(tmp_path / "data"),
    }
    queue = JobQueue(settings_for(queue_url, tmp_path))
    try:
        payload = delivery(api, git, SPEC_COMMENT)
        [job] = default_router().dispatch(Event("issue_comment", "kill-1", payload))
        assert isinstance(job, BuildJob)
        queue.submit("kill-1", [job])
        first = spawn(WORKER, env=env)
        wait_for(pr_requested.is_set, timeout=60)
        pushed = git.branches(REPO)[BRANCH]
        first.send_signal(signal.SIGKILL)
        first.wait()
        release.set()
        killed = queue.store.get("kill-1")
        assert killed is not None and killed.state is JobState.RUNNING
        spawn(WORKER, env=env)

        def finished() -> bool:
            record = queue.store.get("kill-1")
            return record is not None and record.state in (JobState.DONE, JobState.FAILED)

        wait_for(finished, timeout=90)
        record = queue.store.get("kill-1")
    finally:
        queue.close()
    assert record is not None
    assert (record.state, record.attempts) == (JobState.DONE, 2)
    assert len(api.pulls) == 1
    [pr] = api.pulls.values()
    assert pr["head"]["ref"] == BRANCH
    assert set(git.branches(REPO)) == {"main", BRANCH}
    assert pushed in [sha for sha, *_ in git.log(REPO, f"main..{BRANCH}")]  # no force-push
