"""The express templates started so far render the reference project's files for recipes byte
for byte: each resource's zod schemas, route, controller and service module, the tables, the
migration and the route-group list."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import jinja2
import pytest

from backendbot.core.layout import Layout
from backendbot.core.scaffold.model.build import build_plan
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.spec.model import BackendSpec

STACK = Path(__file__).resolve().parents[3] / "core" / "scaffold" / "stacks" / "express"
REFERENCE = STACK / "reference" / "recipes"
TEMPLATES = {
    "resource/routes.ts.j2": "src/routes/{}.ts",
    "resource/controller.ts.j2": "src/controllers/{}.ts",
    "resource/service.ts.j2": "src/services/{}.ts",
    "resource/model.ts.j2": "src/models/{}.ts",
}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(STACK / "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # TypeScript source, not HTML
    )


@pytest.fixture(scope="module")
def view(recipes: BackendSpec) -> ProjectPlan:
    return build_plan(recipes, Layout())


def _template(kind: str, resource: ResourcePlan) -> str:
    """The user resource has its own model and controller templates (accounts, views)."""
    if resource.is_user and kind in {"resource/model.ts.j2", "resource/controller.ts.j2"}:
        return kind.replace("resource/", "resource/user-")
    return kind


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_each_resource_module_renders_as_the_reference(template: str, view: ProjectPlan) -> None:
    env = _environment()
    assert [r.name for r in view.resources] == ["Recipe", "Review", "Tag", "User"]
    for resource in view.resources:
        path = TEMPLATES[template].format(resource.snake)
        rendered = env.get_template(_template(template, resource)).render(r=resource, p=view)
        assert rendered == (REFERENCE / path).read_text(), path


@pytest.mark.parametrize(
    ("template", "path"),
    [
        ("database/schema.ts.j2", "src/database/schema.ts"),
        ("database/migration.ts.j2", "src/database/migrations/0001_initial.ts"),
        ("routes-index.ts.j2", "src/routes/index.ts"),
        ("project/README.md.j2", "README.md"),
        ("project/package.json.j2", "package.json"),
    ],
)
def test_the_project_files_render_as_the_reference(
    template: str, path: str, view: ProjectPlan
) -> None:
    rendered = _environment().get_template(template).render(p=view)
    assert rendered == (REFERENCE / path).read_text()


def test_deleting_a_user_checks_every_restricting_reference(view: ProjectPlan) -> None:
    """Refused while a record refers to it (refs without on_delete, owners)."""
    user = view.resource("User")
    rendered = _environment().get_template("resource/service.ts.j2").render(r=user, p=view)
    assert '{ table: "recipes", column: "author_id" },' in rendered


def test_tables_are_created_after_the_tables_they_refer_to(view: ProjectPlan) -> None:
    migration = _environment().get_template("database/migration.ts.j2").render(p=view)
    order = [migration.index(f'.createTable("{table}")') for table in ("users", "tags", "recipes")]
    assert order == sorted(order)
    assert migration.index('.createTable("recipes")') < migration.index('.createTable("reviews")')
    assert 'references("tags.id").onDelete("set null")' in migration
    assert 'for (const table of ["reviews", "recipes", "tags", "users"])' in migration


def test_a_resource_without_files_or_flags_gets_no_upload_routes_or_row_conversion(
    view: ProjectPlan,
) -> None:
    env = _environment()
    tag = view.resource("Tag")
    routes = env.get_template("resource/routes.ts.j2").render(r=tag, p=view)
    service = env.get_template("resource/service.ts.j2").render(r=tag, p=view)
    assert "upload_" not in routes and "tagRow" not in service
    assert 'operationId: "update_tag"' not in routes  # Tag has no update endpoint
    recipe = view.resource("Recipe")
    assert "recipeRow" in env.get_template("resource/service.ts.j2").render(r=recipe, p=view)


def test_the_schemas_follow_the_spec_fields(view: ProjectPlan) -> None:
    model = _environment().get_template("resource/model.ts.j2")
    recipe = model.render(r=view.resource("Recipe"), p=view)
    assert "servings: z.number().int().min(1).max(100).default(1)," in recipe
    bodies = recipe.split("RecipeCreate = z")[1].split("RecipeRead = z")[0]
    assert "author_id" not in bodies  # an owner field: set from the token
    assert 'export const DIFFICULTY_VALUES = ["easy", "medium", "hard"] as const;' in recipe
    review = model.render(r=view.resource("Review"), p=view)
    assert "ReviewUpdate" not in review  # Review has no update endpoint
    assert "comment: text(2000).nullable().optional()," in review


# Reference files the same for every spec but the app name (`recipes`): copied, not templated.
STATIC = [
    ".env.example",
    ".gitignore",
    "config/settings.ts",
    "eslint.config.js",
    "scripts/init-env.mjs",
    "src/app.ts",
    "src/context.ts",
    "src/controllers/auth.ts",
    "src/database/connection.ts",
    "src/database/migrate.ts",
    "src/middleware/auth.ts",
    "src/middleware/body-limit.ts",
    "src/middleware/cors.ts",
    "src/middleware/errors.ts",
    "src/middleware/request-id.ts",
    "src/middleware/security-headers.ts",
    "src/middleware/validation.ts",
    "src/models/errors.ts",
    "src/models/fields.ts",
    "src/models/health.ts",
    "src/models/zod.ts",
    "src/routes/auth.ts",
    "src/routes/define.ts",
    "src/routes/docs.ts",
    "src/routes/health.ts",
    "src/routes/openapi.ts",
    "src/server.ts",
    "src/services/auth.ts",
    "src/services/crud.ts",
    "src/services/errors.ts",
    "src/services/login-limits.ts",
    "src/services/passwords.ts",
    "src/services/rows.ts",
    "src/services/storage.ts",
    "src/services/tokens.ts",
    "tests/helpers.ts",
    "tsconfig.build.json",
    "tsconfig.json",
    "vitest.config.ts",
]
PROJECT = (
    "src/database/schema.ts",
    "src/database/migrations/0001_initial.ts",
    "src/routes/index.ts",
    "README.md",
    "package.json",
)
NOT_YET = ("package-lock.json",)  # plus tests/<resource>.test.ts; the lock differs by its name


def test_every_reference_file_is_templated_copied_or_listed_as_not_yet(view: ProjectPlan) -> None:
    """The inventory the express stack's file list starts from: static files name no resource."""
    per_resource = {path.format(r.snake) for path in TEMPLATES.values() for r in view.resources}
    tracked = set(
        subprocess.run(
            ["git", "ls-files"], cwd=REFERENCE, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    tests = {name for name in tracked if name.startswith("tests/") and name.endswith(".test.ts")}
    assert tracked == per_resource | set(STATIC) | set(PROJECT) | set(NOT_YET) | tests
    resource_words = re.compile(r"Recipe|Review|review|recipe_|main_tag|\bTag\b")
    for name in STATIC:
        assert not resource_words.search((REFERENCE / name).read_text()), name
