"""The token goes to git in a header, and only to the GitHub the App talks to."""

from __future__ import annotations

import base64

import pytest

from backendbot.core.errors import InputError
from backendbot.github_app.git.auth import same_github, token_env
from backendbot.github_app.jobs.runner import run_job
from backendbot.github_app.settings import AppSettings
from tests.fakes.github_api import FakeGitHubAPI
from tests.github_app.jobs.conftest import Jobs


def test_token_env_is_a_basic_header() -> None:
    env = token_env("ghs_abc")
    assert env["GIT_CONFIG_KEY_0"] == "http.extraHeader"
    basic = env["GIT_CONFIG_VALUE_0"].removeprefix("Authorization: Basic ")
    assert base64.b64decode(basic) == b"x-access-token:ghs_abc"
    assert env["GIT_TERMINAL_PROMPT"] == "0"


@pytest.mark.parametrize(
    ("clone_url", "api_url", "ok"),
    [
        ("https://github.com/o/r.git", "https://api.github.com", True),
        ("https://ghe.example/o/r.git", "https://ghe.example/api/v3", True),
        ("https://evil.example/o/r.git", "https://api.github.com", False),
        ("http://github.com/o/r.git", "https://api.github.com", False),
        ("https://x@github.com/o/r.git", "https://api.github.com", False),
        ("file:///tmp/r.git", "https://api.github.com", False),
    ],
)
def test_same_github(clone_url: str, api_url: str, ok: bool) -> None:
    assert same_github(clone_url, api_url) is ok


def test_a_foreign_clone_url_gets_no_token(
    jobs: Jobs, api: FakeGitHubAPI, settings: AppSettings
) -> None:
    job = jobs.build("/backend build", clone_url="http://203.0.113.9/octo-org/demo.git")
    with pytest.raises(InputError, match="not on the GitHub"):
        run_job(job, settings)
    assert api.token_requests == []
