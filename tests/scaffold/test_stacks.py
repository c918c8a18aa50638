"""The stack registry: a stack is a folder of core/scaffold/stacks/, found without a listing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.scaffold import stacks
from backendbot.core.scaffold.plan import render_files
from backendbot.core.scaffold.render import environment
from backendbot.core.spec.model import BackendSpec

GIN_INIT = '''
from backendbot.core.scaffold.render import Job
from backendbot.core.scaffold.stacks import Stack

STACK = Stack(
    name="gin",
    package=__name__,
    jobs=lambda view: [Job("main.go", "main.go.j2", "project")]
    + [Job(f"{r.snake}.go", "resource.go.j2", "model", r) for r in view.resources],
    template_globals=lambda view: {"p": view},
    filters={"shout": str.upper},
)
'''


@pytest.fixture
def gin_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A third stack, as a folder beside fastapi/ would be."""
    folder = tmp_path / "gin"
    (folder / "templates").mkdir(parents=True)
    (folder / "__init__.py").write_text(GIN_INIT)
    (folder / "templates" / "main.go.j2").write_text("package main // {{ p.name | shout }}\n")
    (folder / "templates" / "resource.go.j2").write_text("type {{ r.name }} struct{}\n")
    monkeypatch.setattr(stacks, "__path__", [*stacks.__path__, str(tmp_path)])
    yield folder
    sys.modules.pop(f"{stacks.__name__}.gin", None)
    environment.cache_clear()


def test_fastapi_is_a_stack_and_its_templates_are_found() -> None:
    assert "fastapi" in stacks.names()
    assert stacks.stack("fastapi").name == "fastapi"
    assert "project/main.py.j2" in environment("fastapi").list_templates()


def test_an_unknown_stack_is_an_input_error_naming_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"stack 'go' is not generated yet \(only .*'fastapi'"):
        stacks.stack("go")


def test_adding_a_stack_is_adding_a_folder(gin_folder: Path, recipes: BackendSpec) -> None:
    assert "gin" in stacks.names()
    files = render_files(recipes.model_copy(update={"stack": "gin"}), Layout())
    assert files["main.go"] == "package main // RECIPES\n"
    assert files["recipe.go"] == "type Recipe struct{}\n"
    assert "src/main.py" not in files


def test_a_folder_whose_stack_has_another_name_is_refused(gin_folder: Path) -> None:
    (gin_folder / "__init__.py").write_text(GIN_INIT.replace('name="gin"', 'name="echo"'))
    with pytest.raises(TypeError, match=r"gin\.STACK must be the Stack named 'gin'"):
        stacks.stack("gin")


def test_a_build_takes_every_stack_there_is_a_folder_for(
    gin_folder: Path, recipes: BackendSpec, tmp_path: Path
) -> None:
    """`--stack` is checked against the registry: gin is taken once its folder is there,
    express (no STACK yet) still refused with the stacks there are."""
    from backendbot.core.run.build import BuildRequest, _with_stack

    request = BuildRequest(repo=tmp_path, stack="gin")
    assert _with_stack(recipes, "gin", request).stack == "gin"
    with pytest.raises(InputError, match=r"--stack express: .* generates fastapi, gin only"):
        _with_stack(recipes, "express", BuildRequest(repo=tmp_path, stack="express"))
