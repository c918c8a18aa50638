"""End to end: generate each example, run the generated project's own tests (coverage ≥ 90%),
lint it, and fuzz it with schemathesis's default checks (positive_data_acceptance among them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import Selection, plan_scaffold, render_files
from backendbot.core.spec.model import BackendSpec, Field, Resource
from tests.scaffold.conftest import (
    CUSTOM,
    events_spec,
    gallery_spec,
    notes_spec,
    shop_spec,
    write_tree,
)

pytestmark = pytest.mark.slow
HARNESS = Path(__file__).parent / "data" / "schemathesis_run.py"


def _env() -> dict[str, str]:
    # Our own pytest plugins (pytest-asyncio, pytest-lsp) must not load in the generated project.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV_", "PYTEST_"))}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    return env


def _generate(spec: BackendSpec, root: Path, layout: Layout | None = None) -> Path:
    write_tree(root, render_files(spec, layout or Layout()))
    return root


def _run_tests(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "pytest_cov", "-p", "no:cacheprovider"],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _spec(name: str, recipes: BackendSpec, inventory: BackendSpec) -> BackendSpec:
    return {
        "recipes": recipes,
        "inventory": inventory,
        "notes": notes_spec(),
        "notes_jwt": notes_spec(jwt=True),
        "notes_roles": notes_spec(jwt=True, roles=("admin", "member")),
        "events": events_spec(),
        "shop": shop_spec(),
        "shop_no_roles": shop_spec(()),
        "gallery": gallery_spec(),
    }[name]


@pytest.mark.parametrize(
    "name",
    [
        "recipes",
        "inventory",
        "notes",
        "notes_jwt",
        "notes_roles",
        "events",
        "shop",
        "shop_no_roles",
        "gallery",
    ],
)
def test_generated_project_passes_its_own_tests_with_coverage(
    name: str, tmp_path: Path, recipes: BackendSpec, inventory: BackendSpec
) -> None:
    project = _generate(_spec(name, recipes, inventory), tmp_path / name)
    result = _run_tests(project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Required test coverage of 90% reached" in result.stdout
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_generated_project_with_a_custom_layout_passes_its_tests(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    project = _generate(recipes, tmp_path / "custom", CUSTOM)
    result = _run_tests(project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "app/api/recipe.py" in result.stdout  # the coverage report covers the moved code


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
@pytest.mark.parametrize(
    "name", ["recipes", "inventory", "notes", "notes_roles", "gallery", "recipes_custom_layout"]
)
def test_generated_project_is_lint_format_and_strict_type_clean(
    name: str, tmp_path: Path, recipes: BackendSpec, inventory: BackendSpec
) -> None:
    custom = name.endswith("_custom_layout")
    spec = _spec(name.removesuffix("_custom_layout"), recipes, inventory)
    project = _generate(spec, tmp_path / name, CUSTOM if custom else None)
    for command in (
        ["ruff", "check", "--no-cache", "."],  # the project's own selection: E F W I B UP
        ["ruff", "format", "--check", "--no-cache", "."],
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy"), "."],  # strict
    ):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("recipes", "user"),
        ("recipes", "admin"),
        ("inventory", ""),
        ("notes", ""),
        ("events", ""),
        ("shop", "admin"),
        ("notes_roles", "member"),
    ],
)
def test_schemathesis_default_checks_pass(
    name: str, role: str, tmp_path: Path, recipes: BackendSpec, inventory: BackendSpec
) -> None:
    project = _generate(_spec(name, recipes, inventory), tmp_path / name)
    runner = tmp_path / "fuzz"
    runner.mkdir()
    shutil.copy(HARNESS, runner / "test_fuzz.py")
    env = _env() | {
        "ST_TMP": str(runner),
        "ST_MAIN": "src.main",
        "ST_SETTINGS": "config.settings",
        "ST_ROLE": role,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "schemathesis.pytest.plugin",
            "-q",
            "-p",
            "no:cacheprovider",
            str(runner / "test_fuzz.py"),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_a_resource_added_later_through_a_selection_is_mounted_and_tested(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    project = tmp_path / "grown"
    write_tree(project, plan_scaffold(recipes, Layout(), project).writes)
    comment = Resource(
        name="Comment",
        fields=(
            Field(name="body", type="text", required=True),
            Field(name="recipe", type="ref", to="Recipe", required=True),
        ),
        permissions={"update": ("owner",), "delete": ("owner", "admin")},
    )
    grown = recipes.model_copy(update={"resources": (*recipes.resources, comment)})
    selection = Selection(resources=frozenset({"Comment"}), parts=frozenset({"model", "endpoints"}))
    plan = plan_scaffold(grown, Layout(), project, selection)
    assert plan.conflicts == ()
    assert "src/routes/comment.py" in plan.writes and "tests/conftest.py" in plan.writes
    write_tree(project, plan.writes)
    result = _run_tests(project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "tests/test_comment.py" in result.stdout or "test_comment" in result.stdout
