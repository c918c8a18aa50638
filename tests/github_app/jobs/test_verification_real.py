"""The real verifier (core/verify) behind a real build job: the numbers GitHub shows are its own.

One cold verification (a fresh virtual-environment cache): a minute or two.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from backendbot.github_app.github.auth import AppCredentials
from backendbot.github_app.jobs.runner import run_job
from backendbot.github_app.settings import AppSettings
from tests.fakes.git_http import GitHttpServer
from tests.fakes.github_api import FakeGitHubAPI
from tests.github_app.jobs.conftest import REPO, Jobs
from tests.github_app.jobs.test_build_job import BRANCH, spec_comment, status_comments

pytestmark = pytest.mark.slow


def test_a_build_shows_the_real_verifiers_report(
    jobs: Jobs,
    api: FakeGitHubAPI,
    git_server: GitHttpServer,
    verifying: AppSettings,
    credentials: AppCredentials,
    tmp_path: Path,
) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "BACKENDBOT_VERIFY": "1"}
    run_job(jobs.build(spec_comment()), verifying, credentials=credentials, env=env)

    [pr] = api.pulls.values()
    body = str(pr["body"])
    [run] = api.check_runs.values()
    assert run.data["head_sha"] == git_server.branches(REPO)[BRANCH]
    assert run.data["status"] == "completed"
    title = run.bodies[-1]["output"]["title"]
    verdict, summary = title.split(": ", 1)
    # the same report in the check run, the PR body and the status comment
    assert f"**{verdict}** · {summary}" in body
    assert summary in status_comments(api)[0]
    passed = re.search(r"(\d+) tests passed", summary)
    assert passed is not None and int(passed.group(1)) > 0, summary
    assert f"| tests | {passed.group(1)} passed" in body
    assert [b["output"]["summary"].count("| ⏳ |") for b in run.bodies[:-1]] == [1] * (
        len(run.bodies) - 1
    )
    conclusion = "success" if verdict == "✓ passed" else "failure"
    assert run.data["conclusion"] == conclusion, body
