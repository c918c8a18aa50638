"""What `backendbot build` prints and writes, as a new user meets it (issue 13, the command line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from backendbot.core.spec.parse import load_spec, parse_spec
from tests.cli.conftest import Runner, snapshot

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMALL = (
    "name: notes\nresources:\n  Note:\n    fields:\n      title: {type: string, max_length: 80}\n"
)


def _spec(tmp_path: Path, text: str = SMALL) -> Path:
    path = tmp_path / "specs" / "notes.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


def test_nothing_to_build_shows_both_ways(backendbot: Runner, repo: Path) -> None:
    before = snapshot(repo)
    result = backendbot("build", "--repo", str(repo))
    assert result.returncode == 2
    assert "nothing to build" in result.stderr
    assert "backendbot build backend.yaml" in result.stderr and "--prompt" in result.stderr
    assert "API key" not in result.stderr
    assert snapshot(repo) == before


def test_stack_express_without_a_stack_line_is_refused(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    before = snapshot(repo)
    result = backendbot("build", str(_spec(tmp_path)), "--stack", "express", "--repo", str(repo))
    assert result.returncode == 2
    assert "--stack express: the express stack is not built yet" in result.stderr
    assert result.stdout == ""
    assert snapshot(repo) == before


def test_an_explicit_stack_wins_over_the_spec(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    spec = _spec(tmp_path, SMALL.replace("name: notes\n", "name: notes\nstack: express\n"))
    refused = backendbot("build", str(spec), "--repo", str(repo))
    assert refused.returncode == 2
    assert "stack: express in the spec: the express stack is not built yet" in refused.stderr
    result = backendbot("build", str(spec), "--stack", "fastapi", "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    assert (repo / "src" / "main.py").is_file()


def test_json_on_failure_prints_the_error_on_stdout(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    spec = _spec(tmp_path, SMALL.replace("    fields:", "    feilds:"))
    result = backendbot("build", str(spec), "--json", "--repo", str(repo))
    assert result.returncode == 2
    answer = json.loads(result.stdout)
    assert answer["exit_code"] == 2
    error = answer["error"]
    assert (error["file"], error["line"], error["column"]) == (str(spec), 4, 5)
    assert error["message"] == "resource 'Note': unknown key 'feilds' (did you mean 'fields'?)"
    assert [p["line"] for p in error["problems"]] == [4]


def test_json_on_a_failure_without_location(backendbot: Runner, repo: Path) -> None:
    result = backendbot("build", "--json", "--repo", str(repo))
    assert result.returncode == 2
    answer = json.loads(result.stdout)
    assert answer["exit_code"] == 2
    assert answer["error"]["message"].startswith("nothing to build")
    assert (answer["error"]["file"], answer["error"]["line"]) == (None, None)


def test_dry_run_json_does_not_say_written(backendbot: Runner, repo: Path, tmp_path: Path) -> None:
    before = snapshot(repo)
    result = backendbot("build", str(_spec(tmp_path)), "--dry-run", "--json", "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["dry_run"] is True
    del answer["diff"]  # the generated files' own text may use the word
    assert "written" not in json.dumps(answer)
    assert answer["message"].startswith("Generated notes (1 resource(s)): ")
    assert snapshot(repo) == before


def test_in_a_pipe_each_file_is_listed_once(backendbot: Runner, repo: Path, tmp_path: Path) -> None:
    result = backendbot("build", str(EXAMPLES / "inventory.yaml"), "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    listed = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("created")]
    assert len(listed) == len(set(listed)) > 40
    assert "src/main.py" in listed


def test_the_scaffold_summary_says_what_it_did(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    result = backendbot("build", str(EXAMPLES / "recipes.yaml"), "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    last = result.stdout.splitlines()[-1]
    files = sum(1 for line in result.stdout.splitlines() if line.startswith("created"))
    assert last.startswith(f"engine scaffold · 4 resource(s) · {files} file(s) written · ")
    assert last.endswith(" s")
    for jargon in ("turn", "tool call", "thinking"):
        assert jargon not in result.stdout


def test_the_kept_file_note_says_it_once(backendbot: Runner, repo: Path, tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    assert backendbot("build", str(spec), "--repo", str(repo)).returncode == 0
    main = repo / "src" / "main.py"
    main.write_text(main.read_text() + "# mine\n")
    result = backendbot(
        "build", str(spec.parent / ".." / "specs" / "notes.yaml"), "--repo", str(repo)
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ")]
    mine = [n for n in notes if n.startswith("note: src/main.py:")]
    assert mine == [
        "note: src/main.py: edited since backendbot generated it; "
        "the new version is in src/main.py.backendbot-new"
    ]
    for note in notes:
        assert note.count("new version") <= 1 and note.count("beside") == 0
    assert main.read_text().endswith("# mine\n")


def test_the_spec_is_kept_in_the_project_as_backend_yaml(
    backendbot: Runner, tmp_path: Path
) -> None:
    spec = _spec(tmp_path)
    repo = tmp_path / "notes-api"
    repo.mkdir()
    result = backendbot("build", str(spec), "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    assert (repo / "backend.yaml").read_text() == SMALL
    assert any(
        line.split()[:2] == ["created", "backend.yaml"] for line in result.stdout.splitlines()
    )
    assert "`backend.yaml`" in (repo / "README.md").read_text()
    again = backendbot("build", str(repo / "backend.yaml"), "--repo", str(repo))
    assert again.returncode == 0, again.stderr
    assert "Nothing to write" in again.stdout


def test_the_copy_of_an_edited_spec_follows_it(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    spec = _spec(tmp_path)
    assert backendbot("build", str(spec), "--repo", str(repo)).returncode == 0
    spec.write_text(SMALL.replace("max_length: 80", "max_length: 120"))
    result = backendbot("build", str(spec), "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    assert "modified  backend.yaml" in result.stdout
    assert (repo / "backend.yaml").read_text() == spec.read_text()


def test_the_projects_own_backend_yaml_is_left_alone(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    own = "# the team's spec, not this one\n" + SMALL.replace("notes", "team")
    (repo / "backend.yaml").write_text(own)
    result = backendbot("build", str(_spec(tmp_path)), "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    assert (repo / "backend.yaml").read_text() == own
    assert not (repo / "backend.yaml.backendbot-new").exists()
    assert "backend.yaml" not in result.stdout


def test_an_openapi_spec_is_kept_as_its_backend_yaml(
    backendbot: Runner, repo: Path, tmp_path: Path
) -> None:
    openapi = EXAMPLES / "petstore-openapi.yaml"
    result = backendbot("build", str(openapi), "--repo", str(repo))
    assert result.returncode == 0, result.stderr
    copy = (repo / "backend.yaml").read_text()
    assert "openapi" not in copy
    assert parse_spec(copy, "backend.yaml") == load_spec(openapi)


def test_engine_and_stack_have_help_text(backendbot: Runner) -> None:
    text = " ".join(backendbot("build", "--help").stdout.split())
    assert "scaffold: offline, from SPEC" in text
    assert "anthropic: Claude with tools, needs ANTHROPIC_API_KEY" in text
    assert "openai: any OpenAI-compatible server with tools" in text
    assert "the stack to generate; overrides the spec's stack:" in text


def test_github_serve_without_the_extra_names_it(tmp_path: Path) -> None:
    # as after a plain `pip install .`: the github extra's packages cannot be imported
    missing = ("httpx", "uvicorn", "starlette", "huey", "githubkit", "redis")
    script = (
        "import sys\n"
        f"for name in {missing!r}: sys.modules[name] = None\n"
        "from backendbot.app import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    for command in (["serve"], ["worker"], ["replay", "delivery.json"]):
        result = subprocess.run(
            [sys.executable, "-c", script, "github", *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2
        assert result.stderr == (
            f"backendbot: error: `backendbot github {command[0]}` needs the github extra "
            "(httpx is not installed): pip install 'backendbot[github]'\n"
        )
