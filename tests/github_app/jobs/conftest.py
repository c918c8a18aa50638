"""A GitHub of our own on loopback: the fake REST API and bare repositories over smart HTTP."""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.github.retry import RetryPolicy
from backendbot.github_app.jobs.model import BuildJob, FollowUpJob
from backendbot.github_app.settings import AppSettings
from tests.fakes.git_http import GitHttpServer
from tests.fakes.github_api import FakeGitHubAPI

REPO = "octo-org/demo"
APP_ID = 4242
SPEC = """\
name: notes
stack: fastapi
resources:
  Note:
    fields:
      title: {type: string, required: true, max_length: 200}
      body: text
"""


@pytest.fixture(scope="session")
def app_key() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@pytest.fixture
def token() -> str:
    alphabet = string.ascii_letters + string.digits
    return "ghs_" + "".join(secrets.choice(alphabet) for _ in range(36))


@pytest.fixture
def git_server(tmp_path: Path, token: str) -> Iterator[GitHttpServer]:
    server = GitHttpServer(tmp_path / "remote", token).start()
    server.create_repo(REPO, {"README.md": "# demo\n", "app/main.py": "print('hi')\n"})
    yield server
    server.stop()


@pytest.fixture
def api(app_key: tuple[str, str], token: str, git_server: GitHttpServer) -> Iterator[FakeGitHubAPI]:
    fake = FakeGitHubAPI(
        app_key[1],
        token=token,
        repo=REPO,
        app_id=APP_ID,
        branch_exists=lambda branch: branch in git_server.branches(REPO),
    ).start()
    fake.permissions.update(alice="write", admin1="admin", reader="read")
    fake.users.update(alice=101, admin1=102, reader=103)
    yield fake
    fake.stop()
    undeclared = [f"{c.method} {c.path}" for c in fake.undeclared]
    assert undeclared == [], "calls to operations not in github_app/github/endpoints.py"


@pytest.fixture
def settings(api: FakeGitHubAPI, app_key: tuple[str, str], tmp_path: Path) -> AppSettings:
    return AppSettings(
        webhook_secret="whsec",
        app_id=APP_ID,
        private_key=app_key[0],
        api_url=api.base_url,
        data_dir=tmp_path / "data",
        verify=False,  # the project's checks: only in the tests of verification (verifying)
    )


@pytest.fixture
def verifying(settings: AppSettings) -> AppSettings:
    """The settings with verification on, for the tests of what GitHub shows of it."""
    return replace(settings, verify=True)


@dataclass
class FakeClock:
    """The retry policy's clock and sleep: a sleep only moves the clock and is recorded."""

    now: float = 0.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def retry(clock: FakeClock) -> RetryPolicy:
    return RetryPolicy(sleep=clock.sleep, clock=clock)


@pytest.fixture
def credentials(settings: AppSettings, retry: RetryPolicy) -> AppCredentials:
    return AppCredentials(settings, retry=retry)


@dataclass
class Jobs:
    api: FakeGitHubAPI
    git: GitHttpServer

    def build(
        self,
        comment: str,
        *,
        issue_body: str = "",
        login: str = "alice",
        issue: int = 7,
        **extra: Any,
    ) -> BuildJob:
        comment_id = self.api.add_comment(issue, comment, login)
        fields: dict[str, Any] = {
            "delivery_id": f"delivery-{comment_id}",
            "installation_id": 77,
            "repo_full_name": REPO,
            "clone_url": self.git.clone_url(REPO),
            "default_branch": "main",
            "requester": login,
            "requester_id": self.api.users[login],
            "issue_number": issue,
            "issue_title": "A notes service",
            "issue_body": issue_body,
            "comment_id": comment_id,
            "comment_body": comment,
        }
        fields.update(extra)
        return BuildJob(**fields)

    def follow_up(
        self,
        body: str,
        *,
        pr_number: int,
        branch: str = "backendbot/issue-7",
        login: str = "alice",
        **extra: Any,
    ) -> FollowUpJob:
        fields: dict[str, Any] = {
            "delivery_id": f"delivery-fu-{len(self.api.calls)}",
            "installation_id": 77,
            "repo_full_name": REPO,
            "clone_url": self.git.clone_url(REPO),
            "default_branch": "main",
            "requester": login,
            "requester_id": self.api.users[login],
            "trigger": "review_comment",
            "pr_number": pr_number,
            "head_branch": branch,
            "body": body,
            "comment_id": 555,
        }
        fields.update(extra)
        return FollowUpJob(**fields)


@pytest.fixture
def jobs(api: FakeGitHubAPI, git_server: GitHttpServer) -> Jobs:
    return Jobs(api, git_server)
