"""The App's model builds and review follow-ups, the same for both model engines (``wire``):
the engine and model from .github/backendbot.yml, the server from the workers' environment."""

from __future__ import annotations

import pytest

from backendbot.github_app.jobs.runner import run_job
from backendbot.github_app.settings import AppSettings
from tests.fakes.engine_wires import Step, Wire
from tests.fakes.git_http import GitHttpServer
from tests.fakes.github_api import FakeGitHubAPI
from tests.github_app.jobs.conftest import REPO, Jobs
from tests.github_app.jobs.test_build_job import git_server_files
from tests.github_app.jobs.test_followup_job import BRANCH, SERVICE, pr_branch

pytestmark = pytest.mark.slow  # real clones and pushes over loopback


def _settings_file(wire: Wire, extra: str = "") -> str:
    return "".join(f"{k}: {v}\n" for k, v in wire.request().items()) + extra


def test_a_model_build_commits_only_what_the_jail_allows(
    wire: Wire,
    jobs: Jobs,
    api: FakeGitHubAPI,
    git_server: GitHttpServer,
    settings: AppSettings,
) -> None:
    api.files[".github/backendbot.yml"] = _settings_file(wire, "protected_paths: [migrations/]\n")
    wire.script(
        Step(
            calls=(
                ("write_file", {"path": ".github/workflows/ci.yml", "content": "on: push\n"}),
                ("write_file", {"path": ".github/backendbot.yml", "content": "draft: false\n"}),
                ("write_file", {"path": "migrations/001.sql", "content": "drop table x;\n"}),
                ("write_file", {"path": "src/routes/health.py", "content": "OK = True\n"}),
            )
        ),
        Step("Wrote the health route."),
    )
    run_job(jobs.build("/backend build a health endpoint"), settings, env=wire.env())
    assert git_server_files(git_server) == ["src/routes/health.py"]
    assert [error for _, error in wire.tool_answers(1)] == [True, True, True, False]
    pr = next(iter(api.pulls.values()))
    assert "| `src/routes/health.py` | created | 10 |" in pr["body"]
    assert f"engine **{wire.engine}**" in pr["body"]
    assert "a health endpoint" in wire.api.requests[0].raw.decode()


def test_a_review_comment_becomes_a_follow_up_commit(
    wire: Wire,
    jobs: Jobs,
    api: FakeGitHubAPI,
    git_server: GitHttpServer,
    settings: AppSettings,
) -> None:
    api.files[".github/backendbot.yml"] = _settings_file(wire)
    head = pr_branch(git_server)
    fixed = SERVICE.replace("result += item", "result += item or 0")
    wire.script(
        Step(calls=(("write_file", {"path": "src/services/total.py", "content": fixed}),)),
        Step("Done: None items now count as 0."),
    )
    job = jobs.follow_up(
        "Please handle None items.",
        pr_number=12,
        path="src/services/total.py",
        start_line=3,
        line=4,
    )
    run_job(job, settings, env=wire.env())
    assert git_server.show(REPO, BRANCH, "src/services/total.py") == fixed
    assert len(git_server.log(REPO, f"{head}..{BRANCH}")) == 1
    assert "Please handle None items." in wire.api.requests[0].raw.decode()
    assert "Made the requested change" in api.replies[0][2]
