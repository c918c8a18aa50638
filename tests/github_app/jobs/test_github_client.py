"""App auth and the REST wrapper against the fake GitHub API over loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backendbot.core.errors import InputError
from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.github.client import RepoClient
from backendbot.github_app.github.errors import GitHubError
from backendbot.github_app.queue.errors import RetryableJobError
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
    client = RepoClient(settings, REPO, token)
    api.fail("GET", "/contents/", status=503)
    with pytest.raises(RetryableJobError, match="503"):
        client.file_text(".github/backendbot.yml", "main")
    assert client.file_text(".github/backendbot.yml", "main") is None  # 404: no file
    api.files[".github/backendbot.yml"] = "draft: false\n"
    assert client.file_text(".github/backendbot.yml", "main") == "draft: false\n"
    api.fail("PATCH", "/issues/comments/", status=403, message="Resource not accessible")
    with pytest.raises(GitHubError, match="403"):
        client.edit_comment(1, "x")
    api.fail("GET", "/collaborators/", status=429, headers={"retry-after": "7"})
    with pytest.raises(RetryableJobError) as info:
        client.permission("alice")
    assert info.value.retry_after == 7


def test_bodies_are_redacted(api: FakeGitHubAPI, settings: AppSettings, token: str) -> None:
    client = RepoClient(settings, REPO, token, secrets=("hunter2",))
    client.create_comment(7, f"token {token} and hunter2 and ghp_{'a' * 36}")
    body = api.issue_comments(7)[0]["body"]
    assert token not in body and "hunter2" not in body and "ghp_" not in body
