"""Prints issue → PR wall time: ``/backend build`` with a 5-resource spec on the scaffold engine.

Everything runs on loopback: the fake GitHub REST API, a bare repository served by
``git http-backend``, the real clone, commit and push. Goal: under 5 s per build.

python bench/issue_to_pr.py [runs] [--show]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.jobs.model import BuildJob
from backendbot.github_app.jobs.runner import run_job
from backendbot.github_app.settings import AppSettings
from tests.fakes.git_http import GitHttpServer
from tests.fakes.github_api import FakeGitHubAPI

REPO = "octo-org/bench"
TOKEN = "ghs_" + "b" * 36
SPEC = """\
name: shop
stack: fastapi
auth: {jwt: true, roles: [admin, user]}
resources:
  User:
    fields:
      email: {type: email, unique: true, required: true}
      name: {type: string, max_length: 100}
  Category:
    fields:
      title: {type: string, required: true}
  Product:
    fields:
      name: {type: string, required: true, max_length: 200}
      price: {type: number, min: 0}
      category: {type: ref, to: Category}
  Order:
    fields:
      buyer: {type: ref, to: User, required: true}
      placed_at: datetime
  Review:
    fields:
      product: {type: ref, to: Product, required: true}
      stars: {type: integer, min: 1, max: 5}
      text: text
"""


def _keys() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 5
    private, public = _keys()
    with tempfile.TemporaryDirectory() as tmp:
        git_server = GitHttpServer(Path(tmp) / "remote", TOKEN).start()
        git_server.create_repo(REPO, {"README.md": "# bench\n"})
        api = FakeGitHubAPI(public, token=TOKEN, repo=REPO, app_id=1).start()
        api.permissions["alice"] = "write"
        api.users["alice"] = 101
        settings = AppSettings("s", 1, private, api.base_url, data_dir=Path(tmp) / "data")
        credentials = AppCredentials(settings)
        times = []
        try:
            for issue in range(1, runs + 1):
                body = f"/backend build\n\n```yaml\n{SPEC}```\n"
                comment_id = api.add_comment(issue, body, "alice")
                job = BuildJob(
                    delivery_id=f"d{issue}", installation_id=1, repo_full_name=REPO,
                    clone_url=git_server.clone_url(REPO), default_branch="main",
                    requester="alice", requester_id=101, issue_number=issue,
                    issue_title="A shop", issue_body="", comment_id=comment_id, comment_body=body,
                )  # fmt: skip
                start = time.perf_counter()
                run_job(job, settings, credentials=credentials, env={})
                times.append(time.perf_counter() - start)
            pulls = list(api.pulls.values())
        finally:
            api.stop()
            git_server.stop()
    if len(pulls) != runs:
        raise SystemExit(f"expected {runs} pull requests, got {len(pulls)}")
    if "--show" in sys.argv:
        print(pulls[0]["body"])
    files = sum(1 for line in pulls[0]["body"].splitlines() if line.startswith("| `"))
    print(
        f"issue -> PR (scaffold, 5 resources, {files} files): "
        f"p50 {statistics.median(times):.2f} s, max {max(times):.2f} s over {runs} runs"
    )


if __name__ == "__main__":
    main()
