"""Bad input answers exit 2 with a message naming what is wrong, and writes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Runner, snapshot


def test_unknown_option(backendbot: Runner) -> None:
    result = backendbot("build", "--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments: --frobnicate" in result.stderr


def test_missing_repo(backendbot: Runner, tmp_path: Path) -> None:
    result = backendbot(
        "build", "--engine", "anthropic", "--prompt", "x", "--repo", str(tmp_path / "nope")
    )
    assert result.returncode == 2
    assert "nope: repository folder does not exist" in result.stderr


def test_scaffold_without_spec(backendbot: Runner, repo: Path) -> None:
    result = backendbot("build", "--engine", "scaffold", "--repo", str(repo))
    assert result.returncode == 2
    assert "the scaffold engine needs a SPEC" in result.stderr


def test_no_api_key(backendbot: Runner, repo: Path) -> None:
    before = snapshot(repo)
    result = backendbot("build", "--prompt", "add an endpoint", "--repo", str(repo))
    assert result.returncode == 2
    assert "needs an API key: set ANTHROPIC_API_KEY" in result.stderr
    assert snapshot(repo) == before


def test_openai_engine_without_server_or_key(backendbot: Runner, repo: Path) -> None:
    before = snapshot(repo)
    result = backendbot(
        "build", "--engine", "openai", "--model", "m", "--prompt", "x", "--repo", str(repo)
    )
    assert result.returncode == 2
    assert "needs OPENAI_BASE_URL" in result.stderr and "or OPENAI_API_KEY" in result.stderr
    assert snapshot(repo) == before


def test_bad_agent_file(backendbot: Runner, repo: Path, tmp_path: Path) -> None:
    agent = tmp_path / "agent.md"
    agent.write_text("---\nname: a\ntools: read_file, delete_everything\n---\nbody\n")
    result = backendbot("build", "--prompt", "x", "--repo", str(repo), "--agent", str(agent))
    assert result.returncode == 2
    assert f"{agent}:3: unknown tool 'delete_everything'" in result.stderr


def test_bad_repo_config(backendbot: Runner, repo: Path) -> None:
    (repo / ".backendbot.yml").write_text("layout:\n  api_routes: ../../etc\n")
    result = backendbot("build", "--prompt", "x", "--repo", str(repo))
    assert result.returncode == 2
    assert ".backendbot.yml" in result.stderr and "api_routes" in result.stderr
    assert ".backendbot.yml:1: layout.api_routes:" in result.stderr  # the line of the key


def test_version_and_help(backendbot: Runner) -> None:
    assert backendbot("--version").stdout.startswith("backendbot ")
    help_text = backendbot("--help").stdout
    assert "build" in help_text and "lsp" in help_text and "github" in help_text
