"""render_files: deterministic, complete, selection subsets, layout overrides, bad input."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.scaffold.plan import Selection, render_files
from backendbot.core.spec.model import BackendSpec, Field, Resource
from tests.scaffold.conftest import gallery_spec, notes_spec, write_tree

RECIPE_MODEL = {"src/models/recipe.py", "src/models/recipe_schemas.py"}
RECIPE_ENDPOINTS = {
    "src/routes/recipe.py",
    "src/controllers/recipe.py",
    "src/services/recipe.py",
    "tests/test_recipe.py",
    "tests/conftest.py",
    "tests/test_auth_gate.py",  # it names every route that needs a token
}


def test_same_spec_gives_identical_bytes_in_sorted_order(recipes: BackendSpec) -> None:
    first = render_files(recipes, Layout())
    second = render_files(recipes.model_copy(deep=True), Layout())
    assert first == second
    assert list(first) == sorted(first)


def test_output_does_not_depend_on_the_hash_seed() -> None:
    script = (
        "import hashlib; from pathlib import Path; from backendbot.core.layout import Layout;"
        "from backendbot.core.scaffold.plan import render_files;"
        "from backendbot.core.spec.parse import load_spec;"
        "files = render_files(load_spec(Path('examples/recipes.yaml')), Layout());"
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
    )
    root = Path(__file__).resolve().parents[2]
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


def test_recipes_project_has_every_layer_and_the_project_files(recipes: BackendSpec) -> None:
    files = render_files(recipes, Layout())
    for resource in ("user", "tag", "recipe", "review"):
        for folder in ("routes", "controllers", "services", "models"):
            assert f"src/{folder}/{resource}.py" in files
        assert f"tests/test_{resource}.py" in files
    for path in (
        "README.md",
        "pyproject.toml",
        ".env.example",
        "src/main.py",
        "config/settings.py",
        "src/middleware/auth.py",
        "src/middleware/errors.py",
        "src/middleware/request_id.py",
        "src/database/session.py",
        "src/services/storage.py",
        "src/routes/auth.py",
        "tests/conftest.py",
    ):
        assert path in files
    assert ".backendbot/manifest.json" not in files


@pytest.mark.parametrize("spec_name", ["recipes", "inventory", "notes", "notes_jwt"])
def test_every_generated_python_file_parses(
    spec_name: str, recipes: BackendSpec, inventory: BackendSpec
) -> None:
    spec = {
        "recipes": recipes,
        "inventory": inventory,
        "notes": notes_spec(),
        "notes_jwt": notes_spec(jwt=True, roles=("admin", "member")),
    }[spec_name]
    for path, content in render_files(spec, Layout()).items():
        if path.endswith(".py"):
            ast.parse(content, filename=path)


def test_readme_starts_with_the_install_run_and_test_commands(recipes: BackendSpec) -> None:
    readme = render_files(recipes, Layout())["README.md"]
    blocks = [b.split("\n", 1)[1].strip() for b in readme.split("```sh")[1:3]]
    # install, a real JWT secret into .env (the app refuses to start without one), run
    assert blocks[0].startswith(
        "python -m pip install -e '.[dev]' && python -m src.cli init-env && python -m uvicorn"
    )
    assert "src.main:create_app --factory" in blocks[0]
    assert blocks[1].startswith("python -m pytest")
    assert "python -m src.cli create-admin EMAIL" in readme


def test_owner_refs_are_not_in_request_schemas_and_emails_are_private(
    recipes: BackendSpec,
) -> None:
    files = render_files(recipes, Layout())
    schemas = files["src/models/recipe_schemas.py"]
    create = schemas.split("class RecipeCreate(")[1].split("\nclass ")[0]
    update = schemas.split("class RecipeUpdate(")[1].split("\nclass ")[0]
    read = schemas.split("class RecipeRead(")[1].split("\nclass ")[0]
    assert "author_id" not in create and "author_id" not in update and "author_id" in read
    assert 'values["author_id"] = user.id' in files["src/controllers/recipe.py"]
    users = files["src/models/user_schemas.py"]
    public = users.split("class UserPublic(")[1].split("\nclass ")[0]
    assert "    email:" not in public and "    name:" in public
    assert "UserView = UserRead | UserPublic" in users
    assert "    email:" not in users.split("class UserListQuery(")[1].split("\nclass ")[0]


def test_private_follows_the_spec_option_and_the_name(recipes: BackendSpec) -> None:
    user = recipes.resource("User")
    assert user is not None
    fields = (
        *user.fields,
        Field(name="api_token", type="string"),
        Field(name="bio_secretly", type="string", private=False),
    )
    grown = recipes.model_copy(
        update={
            "resources": tuple(
                r.model_copy(update={"fields": fields}) if r is user else r
                for r in recipes.resources
            )
        }
    )
    schemas = render_files(grown, Layout())["src/models/user_schemas.py"]
    public = schemas.split("class UserPublic(")[1].split("\nclass ")[0]
    assert "    api_token:" not in public and "    email:" not in public
    assert "    bio_secretly:" in public


def test_model_selection_gives_only_the_resource_model(recipes: BackendSpec) -> None:
    selection = Selection(resources=frozenset({"Recipe"}), parts=frozenset({"model"}))
    assert set(render_files(recipes, Layout(), selection)) == RECIPE_MODEL


def test_endpoints_selection_gives_the_resource_layers_and_the_test_factories(
    recipes: BackendSpec,
) -> None:
    selection = Selection(resources=frozenset({"Recipe"}), parts=frozenset({"endpoints"}))
    assert set(render_files(recipes, Layout(), selection)) == RECIPE_ENDPOINTS


def test_the_three_parts_together_are_the_whole_project(recipes: BackendSpec) -> None:
    whole = render_files(recipes, Layout())
    parts: dict[str, str] = {}
    for part in ("project", "model", "endpoints"):
        parts |= render_files(recipes, Layout(), Selection(parts=frozenset({part})))  # type: ignore[arg-type]
    assert parts == whole
    project = render_files(recipes, Layout(), Selection(parts=frozenset({"project"})))
    wiring = {"tests/conftest.py", "tests/test_auth_gate.py"}
    assert not set(project) & (RECIPE_MODEL | RECIPE_ENDPOINTS - wiring)


def test_selected_files_are_the_same_bytes_as_in_the_whole_project(recipes: BackendSpec) -> None:
    whole = render_files(recipes, Layout())
    selection = Selection(resources=frozenset({"Recipe", "Tag"}))
    for path, content in render_files(recipes, Layout(), selection).items():
        assert whole[path] == content


def test_layout_override_moves_files_and_imports(recipes: BackendSpec) -> None:
    layout = Layout(
        api_routes="app/api/",
        controllers="app/controllers/",
        models="app/db/models/",
        middleware="app/middleware/",
        services="app/services/",
        database="app/db/",
        tests="test/",
        config="settings/",
    )
    files = render_files(recipes, layout)
    assert "app/api/recipe.py" in files and "app/db/models/recipe.py" in files
    assert "app/main.py" in files and "settings/settings.py" in files
    assert "test/test_recipe.py" in files and "app/db/__init__.py" in files
    assert not [p for p in files if p.startswith(("src/", "tests/", "config/"))]
    assert not [p for p, c in files.items() if "from src." in c or "import src" in c]
    assert "from app.api import discover_routers" in files["app/main.py"]
    assert "from settings.settings import Settings" in files["app/main.py"]
    assert 'testpaths = ["test"]' in files["pyproject.toml"]


def test_express_stack_is_refused(recipes: BackendSpec) -> None:
    with pytest.raises(InputError, match="express"):
        render_files(recipes.model_copy(update={"stack": "express"}), Layout())


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        (Layout(api_routes="my-app/routes/"), "not a valid Python package name"),
        (Layout(services="src/shared/", controllers="src/shared/"), "must differ"),
        (Layout(api_routes="routes/"), "inside a package folder"),
    ],
)
def test_unusable_layouts_are_input_errors(
    recipes: BackendSpec, layout: Layout, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        render_files(recipes, layout)


def test_reserved_field_names_are_input_errors() -> None:
    spec = BackendSpec(
        name="x",
        resources=(Resource(name="Thing", fields=(Field(name="owner_id", type="integer"),)),),
    )
    with pytest.raises(InputError, match="owner_id"):
        render_files(spec, Layout())


def test_pattern_fields_get_matching_test_samples() -> None:
    conftest = render_files(notes_spec(), Layout())["tests/conftest.py"]
    assert 'NOTE_ITEM_SLUG_SAMPLES = (\n    "aaa00",\n    "aaa01",' in conftest
    assert '"slug": NOTE_ITEM_SLUG_SAMPLES[n % 16],' in conftest


def test_a_field_with_its_own_pattern_keeps_it_in_the_openapi_schema(tmp_path: Path) -> None:
    # pydantic drops a pattern laid over an AfterValidator-wrapped str from the JSON schema (it
    # still validates it), so schemathesis sent slugs the API refused: the schema must say it.
    write_tree(tmp_path, render_files(notes_spec(jwt=True), Layout()))
    script = (
        "import json; from src.models.note_item_schemas import NoteItemCreate, NoteItemUpdate\n"
        "for model in (NoteItemCreate, NoteItemUpdate):\n"
        "    slug = model.model_json_schema()['properties']['slug']['anyOf'][0]\n"
        "    print(json.dumps(slug, sort_keys=True))\n"
        "for value in ('', 'abc12'):\n"
        "    try:\n"
        "        print(NoteItemCreate(body='b', folder_id=1, slug=value).slug)\n"
        "    except ValueError:\n"
        "        print('refused')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = '{"maxLength": 255, "pattern": "^[a-z]{3}[0-9]{2}$", "type": "string"}'
    assert lines == [expected, expected, "refused", "abc12"]


def test_public_reads_with_private_fields_declare_an_optional_token() -> None:
    routes = render_files(notes_spec(jwt=True), Layout())["src/routes/note_item.py"]
    for operation in ("list_note_items", "get_note_item"):
        head = routes.split(f'operation_id="{operation}",\n')[1]
        assert head.startswith("    openapi_extra=OPTIONAL_SIGN_IN,\n)")
    assert "openapi_extra" not in routes.split('operation_id="create_note_item"')[1]
    auth = render_files(notes_spec(jwt=True), Layout())["src/middleware/auth.py"]
    assert 'OPTIONAL_SIGN_IN: dict[str, Any] = {"security": [{}, {bearer.scheme_name: []}]}' in auth
    assert "OPTIONAL_SIGN_IN" not in render_files(notes_spec(), Layout())["src/routes/note_item.py"]


def test_auth_without_a_user_resource_generates_the_account_model() -> None:
    files = render_files(notes_spec(jwt=True, roles=("admin", "member")), Layout())
    assert "src/models/user.py" in files and "src/routes/auth.py" in files
    assert "src/routes/user.py" not in files
    assert "password_hash" in files["src/models/user.py"]
    project = render_files(notes_spec(jwt=True), Layout(), Selection(parts=frozenset({"project"})))
    assert "src/models/user.py" in project


def test_limits_file_checks_and_delete_rules_of_the_spec_reach_the_code() -> None:
    files = render_files(gallery_spec(), Layout())
    orm = files["src/models/photo.py"]
    assert 'ForeignKey("albums.id", ondelete="CASCADE")' in orm
    assert 'ForeignKey("albums.id", ondelete="SET NULL")' in orm
    schemas = files["src/models/photo_schemas.py"]
    assert "caption: Annotated[Text, Field(max_length=20000)] | None = None" in schemas
    assert "labels: list[StringItem] = Field(default_factory=list, max_length=5)" in schemas
    controller = files["src/controllers/photo.py"]
    assert 'read_upload(request, 2048, ("image/png", "image/jpeg"))' in controller
    assert 'read_upload(request, self.max_upload_bytes, ("text/plain", "application/json"))' in (
        controller
    )
    uploads = files["src/services/uploads.py"]
    assert '"image/png": (((0, b"\\x89PNG\\r\\n\\x1a\\n"),),),' in uploads
    assert "image/gif" not in uploads  # only the types the spec accepts
    assert "max(settings.max_upload_bytes, 2048) + 65536" in files["src/main.py"]


def test_text_and_lists_get_default_caps(recipes: BackendSpec) -> None:
    schemas = render_files(recipes, Layout())["src/models/recipe_schemas.py"]
    assert "description: Annotated[Text, Field(max_length=10000)] | None = None" in schemas
    assert "tags: list[StringItem] = Field(default_factory=list, max_length=100)" in schemas
    assert 'model_config = ConfigDict(extra="forbid")' in schemas.split("class RecipeListQuery")[1]


def test_postgresql_is_documented_and_installable(recipes: BackendSpec) -> None:
    files = render_files(recipes, Layout())
    assert 'postgres = ["psycopg[binary]>=3.1"]' in files["pyproject.toml"]
    readme = files["README.md"]
    assert "## Database" in readme
    assert "python -m pip install -e '.[dev,postgres]'" in readme
    assert "DATABASE_URL=postgresql+psycopg://" in readme
    assert "TEST_DATABASE_URL=postgresql+psycopg://" in readme
    assert "DATABASE_POOL_SIZE=5" in files[".env.example"]
    assert 'os.environ.get("TEST_DATABASE_URL")' in files["tests/conftest.py"]


def test_sqlite_pragmas_stay_behind_the_sqlite_check(recipes: BackendSpec) -> None:
    """PostgreSQL refuses PRAGMA: every one is sent only when the URL is SQLite's."""
    session = render_files(recipes, Layout())["src/database/session.py"]
    tree = ast.parse(session)
    pragmas = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "PRAGMA" in node.value
    ]
    assert len(pragmas) == 5
    guarded = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and ast.unparse(branch.test) == "self.sqlite"
        for node in ast.walk(ast.Module(body=branch.body, type_ignores=[]))
    }
    for name in ("_configure_sqlite", "_quick_start"):  # called only in the SQLite branch
        function = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
        guarded |= {id(node) for node in ast.walk(function)}
        calls = [
            n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == name
        ]
        assert all(id(n) in guarded for n in calls)
    assert all(id(node) in guarded for node in pragmas)
    # _configure_sqlite is registered only inside the SQLite branch
    listens = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and "event.listen" in ast.unparse(n)
    ]
    assert listens and all(id(n) in guarded for n in listens)
