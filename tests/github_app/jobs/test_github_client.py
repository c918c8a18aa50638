"""App auth and the REST wrapper against the fake GitHub API over loopback."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from backendbot.core.errors import InputError
from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.github.client import RepoClient
from backendbot.github_app.github.errors import GitHubError
from backendbot.github_app.github.retry import RetryPolicy
from backendbot.github_app.settings import AppSettings
from tests.fakes.github_api import FakeGitHubAPI
from tests.github_app.jobs.conftest import REPO


def test_token_is_scoped_to_the_repository_and_cached(
    api: FakeGitHubAPI, settings: AppSettings, token: str
) -> None:
    now = [datetime.now(UTC)]
    creds = AppCredentials(settings, clock=lambda: now[0])
    first = creds.token_for(77, REPO)
    assert first.token == token
    assert creds.token_for(77, REPO) is first
    assert api.token_requests == [{"repositories": ["demo"]}]
    assert api.calls[0].authorization.startswith("Bearer ")  # a JWT the fake verified

    now[0] = first.expires_at - timedelta(minutes=4)  # inside the refresh margin
    creds.token_for(77, REPO)
    assert len(api.token_requests) == 2


def test_a_bad_app_key_is_refused(api: FakeGitHubAPI, settings: AppSettings) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    creds = AppCredentials(AppSettings(**{**settings.__dict__, "private_key": pem}))
    with pytest.raises(GitHubError, match="401"):
        creds.token_for(77, REPO)


def test_missing_app_credentials_are_an_input_error(settings: AppSettings) -> None:
    with pytest.raises(InputError, match="BACKENDBOT_GITHUB_APP_ID"):
        AppCredentials(AppSettings(webhook_secret="x", api_url=settings.api_url))


def test_errors_are_sorted(api: FakeGitHubAPI, settings: AppSettings, token: str) -> None:
    sleeps: list[float] = []
    client = RepoClient(settings, REPO, token, retry=RetryPolicy(sleep=sleeps.append))
    api.fail("GET", "/contents/", status=503)
    assert client.file_text(".github/backendbot.yml", "main") is None  # 503 retried, then 404
    assert len(api.calls_to("GET", f"/repos/{REPO}/contents/")) == 2 and sleeps == [1.0]
    api.files[".github/backendbot.yml"] = "draft: false\n"
    assert client.file_text(".github/backendbot.yml", "main") == "draft: false\n"
    api.fail("PATCH", "/issues/comments/", status=403, message="Resource not accessible")
    with pytest.raises(GitHubError, match="403 \\(Resource not accessible\\)") as info:
        client.edit_comment(1, "x")
    assert info.value.status == 403 and sleeps == [1.0]  # a 403 without a rate limit: no retry
    api.fail("GET", "/collaborators/", status=429, headers={"retry-after": "7"})
    assert client.permission("alice") == "write"
    assert sleeps == [1.0, 7.0]
    api.fail("GET", "/collaborators/", status=501, message="Not Implemented")
    with pytest.raises(GitHubError, match="501"):
        client.permission("alice")
    assert sleeps == [1.0, 7.0]


def test_a_secondary_rate_limit_without_headers_waits_a_minute(
    api: FakeGitHubAPI, settings: AppSettings, token: str
) -> None:
    sleeps: list[float] = []
    client = RepoClient(settings, REPO, token, retry=RetryPolicy(sleep=sleeps.append))
    message = "You have exceeded a secondary rate limit. Please wait a few minutes."
    api.fail("POST", "/issues/7/comments", status=403, message=message)
    client.create_comment(7, "hello")
    assert sleeps == [60.0]
    assert len(api.calls_to("POST", f"/repos/{REPO}/issues/7/comments")) == 2


def test_a_dropped_connection_is_retried_then_named(settings: AppSettings, token: str) -> None:
    sleeps: list[float] = []
    with socket.socket() as probe:  # a port nobody listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = AppSettings(**{**settings.__dict__, "api_url": f"http://127.0.0.1:{port}"})
    client = RepoClient(closed, REPO, token, retry=RetryPolicy(sleep=sleeps.append))
    with pytest.raises(GitHubError, match="ConnectError talking to GitHub, 4 tries; gave up"):
        client.permission("alice")
    assert sleeps == [1.0, 2.0, 4.0]


def test_the_budget_bounds_the_total_wait(
    api: FakeGitHubAPI, settings: AppSettings, token: str
) -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    policy = RetryPolicy(
        attempts=10, base_delay=1.0, budget=10.0, sleep=sleep, clock=lambda: now[0]
    )
    client = RepoClient(settings, REPO, token, retry=policy)
    api.fail("GET", "/collaborators/", status=502, times=100)
    with pytest.raises(GitHubError, match="502, 4 tries; gave up"):
        client.permission("alice")
    assert now[0] == 7.0  # 1 + 2 + 4; the next wait (8) would pass the 10 s budget
    assert len(api.calls_to("GET", f"/repos/{REPO}/collaborators/")) == 4


def test_a_retry_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="attempts must be >= 1"):
        RetryPolicy(attempts=0)


def test_bodies_are_redacted(api: FakeGitHubAPI, settings: AppSettings, token: str) -> None:
    client = RepoClient(settings, REPO, token, secrets=("hunter2",))
    client.create_comment(7, f"token {token} and hunter2 and ghp_{'a' * 36}")
    body = api.issue_comments(7)[0]["body"]
    assert token not in body and "hunter2" not in body and "ghp_" not in body
