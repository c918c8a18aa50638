"""The scaffold engine through run_build, in-process: the same loop, jail and ChangeSet as a model's run."""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.core.changeset.apply import apply_changeset
from backendbot.core.engines.base import ToolCall
from backendbot.core.engines.scaffold_tool import scaffold_tool
from backendbot.core.errors import InputError, RunFailed
from backendbot.core.layout import Layout
from backendbot.core.run.build import BuildRequest, run_build
from backendbot.core.run.loop import run_agent
from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.tools import Workspace
from tests.core.conftest import snapshot
from tests.core.test_loop import ScriptedEngine, done, tools_turn

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMALL = """\
name: notes
resources:
  Note:
    fields:
      title: {type: string, required: true, max_length: 80}
      body: text
"""


def test_scaffold_run_is_deterministic_and_planned_only(repo: Path) -> None:
    before = snapshot(repo)
    first = run_build(BuildRequest(repo=repo, spec_path=EXAMPLES / "recipes.yaml"), env={})
    second = run_build(BuildRequest(repo=repo, spec_path=EXAMPLES / "recipes.yaml"), env={})
    assert snapshot(repo) == before
    assert first.summary.engine == "scaffold" and first.summary.turns == 2
    assert [(c.path, c.sha256) for c in first.changeset.changes] == [
        (c.path, c.sha256) for c in second.changeset.changes
    ]
    paths = first.changeset.paths
    assert ".backendbot/manifest.json" in paths
    assert {"src/routes/recipe.py", "src/models/recipe.py", "tests/test_recipe.py"} <= set(
        paths
    ) or any(p.startswith("src/routes/") for p in paths)
    assert first.summary.tool_calls == len(paths)


def test_rerun_keeps_a_user_edit_and_says_so(repo: Path) -> None:
    result = run_build(BuildRequest(repo=repo, spec_text=SMALL), env={})
    apply_changeset(result.changeset, result.jail)
    routes = sorted((repo / "src" / "routes").glob("*.py"))
    edited = next(p for p in routes if p.name != "__init__.py")
    edited.write_text(edited.read_text() + "\n# my change\n")
    changed_spec = SMALL.replace("max_length: 80", "max_length: 120")
    rerun = run_build(BuildRequest(repo=repo, spec_text=changed_spec), env={})
    rel = edited.relative_to(repo).as_posix()
    assert rel not in rerun.changeset.paths
    assert any(
        note.startswith(f"{rel}:") and "backendbot-new" in note for note in rerun.changeset.notes
    )


def test_up_to_date_repo_gives_empty_changeset(repo: Path) -> None:
    result = run_build(BuildRequest(repo=repo, spec_text=SMALL), env={})
    apply_changeset(result.changeset, result.jail)
    again = run_build(BuildRequest(repo=repo, spec_text=SMALL), env={})
    assert not again.changeset
    assert again.final_text.startswith("Generated notes (1 resource(s)): 0 file(s) new or changed")


def test_generating_into_a_protected_path_fails_the_run(repo: Path) -> None:
    before = snapshot(repo)
    request = BuildRequest(repo=repo, spec_text=SMALL, protected=("src/models",))
    with pytest.raises(RunFailed, match=r"could not be written: .*src/models is protected"):
        run_build(request, env={})
    assert snapshot(repo) == before


def test_layout_folder_must_be_a_package_name(repo: Path) -> None:
    with pytest.raises(InputError, match=r"'\.github' is not a valid Python package name"):
        run_build(
            BuildRequest(repo=repo, spec_text=SMALL, layout=Layout(api_routes=".github/x/")), env={}
        )


def test_bad_spec_text_names_its_line(repo: Path) -> None:
    with pytest.raises(InputError) as info:
        run_build(
            BuildRequest(
                repo=repo, spec_text="name: x\nresources: {}\nbogus: 1\n", spec_name="issue.yaml"
            ),
            env={},
        )
    assert str(info.value).startswith("issue.yaml:")


def test_scaffold_tool_for_model_engines(repo: Path) -> None:
    workspace = Workspace(Jail(repo))
    workspace.register(scaffold_tool(workspace, Layout()))
    engine = ScriptedEngine(
        [
            tools_turn(
                ToolCall("s1", "scaffold", {"spec": SMALL}),
                ToolCall("s2", "scaffold", {"spec": "name: [broken"}),
                ToolCall("s3", "scaffold", {}),
            ),
            done(),
        ]
    )
    try:
        result = run_agent(engine, workspace, system="s", task="t", tool_names=["scaffold"])
    finally:
        workspace.close()
    outcomes = engine.given[1]
    assert not isinstance(outcomes, str)
    assert [o.is_error for o in outcomes] == [False, True, True]
    assert "wrote src/" in outcomes[0].content
    assert "invalid spec" in outcomes[1].content
    assert "spec must be a backend.yaml document" in outcomes[2].content
    assert any(p.startswith("src/models/") for p in result.changeset.paths)
