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
    assert ".backendbot.yml:2:15: layout.api_routes:" in result.stderr  # where the bad value is


def test_every_problem_of_the_repo_config_is_named_at_its_value(
    backendbot: Runner, repo: Path
) -> None:
    (repo / ".backendbot.yml").write_text(
        "# defaults for this repository\nengine: [scaffold]\nlayot:\n  tests: t/\n"
        "layout:\n  tests: ../up\n"
    )
    before = snapshot(repo)
    result = backendbot("build", "--prompt", "x", "--repo", str(repo))
    assert result.returncode == 2
    config = repo / ".backendbot.yml"
    lines = result.stderr.splitlines()
    assert lines[0] == f"backendbot: error: {config}:2:9: engine: Input should be a valid string"
    assert (
        lines[1] == f"backendbot: error: {config}:3:1: unknown key 'layot' (did you mean 'layout'?)"
    )
    assert lines[2].startswith(f"backendbot: error: {config}:6:10: layout.tests: Value error")
    assert len(lines) == 3
    assert snapshot(repo) == before


def test_every_spec_problem_is_reported_at_once(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "name: x\nresources:\n  Thing:\n    feilds:\n      a: string\n"
        "  B:\n    fields: {a: int, b: {type: string, maxlen: 3}}\n"
    )
    result = backendbot("build", str(spec), "--repo", str(repo))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"backendbot: error: {spec}:4:5: resource 'Thing': unknown key 'feilds' (did you mean 'fields'?)",
        f"backendbot: error: {spec}:7:17: field 'a': unknown type 'int' (expected one of string, "
        "text, integer, number, boolean, date, datetime, email, url, uuid, file, enum, list[T], "
        "ref); did you mean 'integer'?",
        f"backendbot: error: {spec}:7:40: field 'b': unknown key 'maxlen' (did you mean 'max_length'?)",
    ]


def test_past_the_limit_the_other_spec_problems_are_counted(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    spec = tmp_path / "spec.yaml"
    fields = "".join(f"      f{i}: int\n" for i in range(25))
    spec.write_text(f"name: x\nresources:\n  A:\n    fields:\n{fields}")
    result = backendbot("build", str(spec), "--repo", str(repo))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert [line.split(":")[3] for line in lines[:20]] == [str(5 + i) for i in range(20)]
    assert lines[20] == "backendbot: error: and 5 more problems"


def test_version_and_help(backendbot: Runner) -> None:
    assert backendbot("--version").stdout.startswith("backendbot ")
    help_text = backendbot("--help").stdout
    assert "build" in help_text and "lsp" in help_text and "github" in help_text
