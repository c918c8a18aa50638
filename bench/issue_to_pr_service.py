"""Issue → PR wall time through the whole service: a signed ``/backend build`` POST → queue →
worker → the real runner → a PR on the GitHub half's fakes (REST API, ``git http-backend``).

    python bench/issue_to_pr_service.py [RUNS]

Scaffold engine, the 5-resource spec of bench/issue_to_pr.py (which times ``run_job`` alone);
``backendbot github serve`` runs in its own process with a SQLite queue. Goal: under 5 s.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from issue_to_pr import REPO, SPEC, TOKEN, _keys  # noqa: E402 - the GitHub half's bench
from webhook_load import FIXTURE, SECRET, free_port, wait_healthy  # noqa: E402

from backendbot.github_app.webhook.signature import sign  # noqa: E402
from tests.fakes.git_http import GitHttpServer  # noqa: E402
from tests.fakes.github_api import FakeGitHubAPI  # noqa: E402


def issue_to_pr_through_service(runs: int) -> dict[str, Any]:
    """Issue → PR wall time through the whole service: signed POST → queue → worker → runner →
    PR on the GitHub half's fakes (REST API, ``git http-backend``), scaffold engine, the
    5-resource spec of bench/issue_to_pr.py (which times ``run_job`` alone)."""
    private, public = _keys()
    tmp = Path(tempfile.mkdtemp(prefix="issue-to-pr-"))
    git = GitHttpServer(tmp / "remote", TOKEN).start()
    git.create_repo(REPO, {"README.md": "# bench\n"})
    api = FakeGitHubAPI(public, token=TOKEN, repo=REPO, app_id=1).start()
    api.permissions["alice"] = "write"
    api.users["alice"] = 101
    port = free_port()
    env = {
        **os.environ,
        "BACKENDBOT_GITHUB_WEBHOOK_SECRET": SECRET,
        "BACKENDBOT_GITHUB_APP_ID": "1",
        "BACKENDBOT_GITHUB_PRIVATE_KEY": private,
        "BACKENDBOT_GITHUB_API_URL": api.base_url,
        "BACKENDBOT_QUEUE_URL": f"sqlite:///{tmp / 'queue.sqlite3'}",
        "BACKENDBOT_DATA_DIR": str(tmp / "data"),
    }
    service = subprocess.Popen(
        [sys.executable, "-m", "backendbot", "github", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "service.log").open("wb"),
    )
    times = []
    try:
        wait_healthy(f"http://127.0.0.1:{port}", service)
        base = json.loads(FIXTURE.read_text())
        for issue in range(1, runs + 1):
            text = f"/backend build\n\n```yaml\n{SPEC}```\n"
            payload = copy.deepcopy(base)
            payload["repository"].update(
                full_name=REPO, clone_url=git.clone_url(REPO), default_branch="main"
            )
            payload["installation"] = {"id": 1}
            payload["sender"].update(login="alice", id=101, type="User")
            payload["issue"].update(number=issue, title="A shop", body="")
            payload["comment"].update(id=api.add_comment(issue, text, "alice"), body=text)
            body = json.dumps(payload).encode()
            headers = {
                "X-GitHub-Event": "issue_comment",
                "X-GitHub-Delivery": f"pr-bench-{issue}",
                "X-Hub-Signature-256": sign(SECRET, body),
                "Content-Type": "application/json",
            }
            start = time.perf_counter()
            httpx.post(f"http://127.0.0.1:{port}/webhook", content=body, headers=headers)
            branch = f"backendbot/issue-{issue}"
            while not any(p["head"]["ref"] == branch for p in list(api.pulls.values())):
                if time.perf_counter() - start > 120 or service.poll() is not None:
                    raise SystemExit(f"no PR for issue {issue}; see {tmp / 'service.log'}")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
    finally:
        service.terminate()
        service.wait(timeout=30)
        api.stop()
        git.stop()
    shutil.rmtree(tmp, ignore_errors=True)
    return {
        "runs": runs,
        "p50_s": round(statistics.median(times), 2),
        "max_s": round(max(times), 2),
    }


if __name__ == "__main__":
    result = issue_to_pr_through_service(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    print(
        f"issue -> PR through the service (scaffold, 5 resources): "
        f"p50 {result['p50_s']:.2f} s, max {result['max_s']:.2f} s over {result['runs']} runs"
    )
