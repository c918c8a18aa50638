"""The migration generator: snapshots, diffs and revision files — deterministic, formatted as
ruff leaves them, refusing what it cannot do safely, never rewriting a revision."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.scaffold.migrations.diff import AddColumn, CreateTable, DropColumn, diff
from backendbot.core.scaffold.migrations.history import STATE_PATH, plan_migrations
from backendbot.core.scaffold.migrations.schema import Schema, snapshot
from backendbot.core.scaffold.model import build_plan
from backendbot.core.scaffold.plan import Selection, plan_scaffold, render_files
from backendbot.core.spec.model import BackendSpec, Field
from tests.scaffold.conftest import notes_spec, write_tree
from tests.scaffold.spec_change import grown

VERSIONS = "src/database/migrations/versions/"


def _schema(spec: BackendSpec) -> Schema:
    return snapshot(build_plan(spec, Layout()))


def _revisions(files: dict[str, str]) -> dict[str, str]:
    return {p: t for p, t in files.items() if p.startswith(VERSIONS)}


def _with_field(spec: BackendSpec, resource: str, field: Field) -> BackendSpec:
    return _edit(spec, resource, lambda fields: (*fields, field))


def _edit(spec: BackendSpec, resource: str, change: object) -> BackendSpec:
    assert callable(change)
    out = []
    for r in spec.resources:
        out.append(r.model_copy(update={"fields": change(r.fields)}) if r.name == resource else r)
    return spec.model_copy(update={"resources": tuple(out)})


def _replace(spec: BackendSpec, resource: str, name: str, **update: object) -> BackendSpec:
    return _edit(
        spec,
        resource,
        lambda fields: tuple(f.model_copy(update=update) if f.name == name else f for f in fields),
    )


def _build(repo: Path, spec: BackendSpec) -> list[str]:
    plan = plan_scaffold(spec, Layout(), repo)
    write_tree(repo, plan.writes)
    return list(plan.notes)


def test_a_new_project_has_one_revision_creating_the_whole_schema(recipes: BackendSpec) -> None:
    files = render_files(recipes, Layout())
    ((path, text),) = _revisions(files).items()
    assert path.endswith("_creates_schema.py")
    assert "down_revision: str | None = None" in text
    for table in ("users", "tags", "recipes", "reviews"):
        assert f'op.create_table(\n        "{table}",' in text
    # users before the tables that refer to them; dropped in the reverse order
    assert text.index('"users",') < text.index('"recipes",') < text.index('"reviews",')
    assert text.index('op.drop_table("reviews")') < text.index('op.drop_table("users")')
    assert 'ondelete="CASCADE"' in text and 'ondelete="SET NULL"' in text
    assert "alembic.ini" in files and "src/database/migrations/env.py" in files
    assert files == render_files(recipes.model_copy(deep=True), Layout())


def test_the_revision_id_and_file_name_derive_from_the_old_and_new_schema(
    recipes: BackendSpec,
) -> None:
    view = build_plan(recipes, Layout())
    first = plan_migrations(view)
    again = plan_migrations(build_plan(recipes.model_copy(deep=True), Layout()))
    assert first.files == again.files
    bigger = build_plan(grown(recipes), Layout())
    step = plan_migrations(bigger, first.state, first.written.revision if first.written else None)
    assert step.written is not None and first.written is not None
    assert step.written.revision != first.written.revision
    assert step.files == plan_migrations(bigger, first.state, first.written.revision).files
    # the same change after another parent is another revision
    other = plan_migrations(bigger, first.state, "0123456789ab")
    assert other.written is not None and other.written.revision != step.written.revision


def test_operations_run_in_dependency_order(recipes: BackendSpec) -> None:
    ops = diff(Schema(), _schema(recipes))
    assert [op.table.name for op in ops if isinstance(op, CreateTable)] == [
        "users",
        "tags",
        "recipes",
        "reviews",
    ]
    change = diff(_schema(recipes), _schema(grown(recipes)))
    assert [type(op) for op in change] == [CreateTable, AddColumn]
    assert change[0].table.name == "migration_probes"


def test_a_rebuild_writes_a_new_revision_after_the_head_and_keeps_the_old_one(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    _build(tmp_path, recipes)
    (first,) = sorted((tmp_path / VERSIONS).glob("*.py"))
    before = first.read_bytes()
    notes = _build(tmp_path, grown(recipes))
    assert first.read_bytes() == before
    (second,) = set((tmp_path / VERSIONS).glob("*.py")) - {first}
    text = second.read_text()
    assert f'down_revision: str | None = "{first.name[:12]}"' in text
    assert second.name.startswith(text.split('revision = "')[1][:12])
    assert "creates_migration_probes" in second.name and "adds_" in second.name
    # a required column with a default arrives with it as its server default
    assert (
        'sa.Column("migration_note", sa.String(40), nullable=False, server_default="kept")' in text
    )
    assert 'batch.drop_column("migration_note")' in text  # the downgrade
    assert any(second.name in note and "alembic upgrade head" in note for note in notes)
    # the same spec again: nothing new
    assert plan_scaffold(grown(recipes), Layout(), tmp_path).writes == {}


def test_a_revision_that_loses_data_says_so_in_its_name_the_notes_and_the_readme(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    _build(tmp_path, recipes)
    without = _edit(recipes, "Recipe", lambda fs: tuple(f for f in fs if f.name != "description"))
    without = without.model_copy(
        update={"resources": tuple(r for r in without.resources if r.name != "Review")}
    )
    notes = _build(tmp_path, without)
    (lossy,) = [p for p in (tmp_path / VERSIONS).glob("*.py") if "drops" in p.name]
    assert "_drops_recipe_description_drops_reviews" in lossy.name
    text = lossy.read_text()
    assert "Loses data: column recipes.description; table reviews" in text
    # the downgrade puts back the column (nullable: its values are gone) and the table
    assert 'batch.add_column(sa.Column("description", sa.Text(), nullable=True))' in text
    assert 'op.create_table(\n        "reviews",' in text.split("def downgrade")[1]
    assert any("LOSES DATA" in note and lossy.name in note for note in notes)
    readme = (tmp_path / "README.md").read_text()
    assert f"- `{lossy.name}`: drops column recipes.description; table reviews" in readme


def test_unsafe_changes_are_refused_all_at_once_naming_field_and_remedy(
    recipes: BackendSpec,
) -> None:
    changed = _replace(recipes, "Recipe", "servings", type="string")  # integer → string
    changed = _with_field(changed, "Recipe", Field(name="cuisine", type="string", required=True))
    unique = Field(name="code", type="string", unique=True, default="x")
    changed = _with_field(changed, "Recipe", unique)
    changed = _replace(changed, "Recipe", "prep_minutes", required=True)
    changed = _replace(
        changed, "Recipe", "difficulty", values=("easy", "medium"), default=None, required=True
    )
    with pytest.raises(InputError) as caught:
        diff(_schema(recipes), _schema(changed))
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 5, messages
    text = "\n".join(messages)
    assert "resource 'Recipe': field 'servings' changes from an integer to a string" in text
    assert "alembic revision" in text
    assert "field 'cuisine' is new and required but has no default" in text
    assert "give it a default" in text
    assert "field 'prep_minutes' becomes required without a default" in text
    assert "field 'difficulty': the values 'hard' are removed" in text
    assert "field 'code' is new, unique and never empty" in text


def test_safe_changes_become_alterations_with_working_downgrades(recipes: BackendSpec) -> None:
    changed = _replace(recipes, "Recipe", "prep_minutes", default=10)  # made required: filled
    changed = _replace(changed, "Recipe", "title", max_length=300, unique=True)
    changed = _replace(changed, "Recipe", "main_tag", on_delete="cascade")
    changed = _replace(changed, "Tag", "name", unique=False)
    changed = _replace(changed, "Recipe", "difficulty", values=("easy", "medium", "challenging"))
    first = plan_migrations(build_plan(recipes, Layout()))
    step = plan_migrations(build_plan(changed, Layout()), first.state, "0123456789ab")
    assert step.written is not None
    # the removed enum value 'hard' goes to the default, so the name says values are dropped
    assert step.written.file.startswith(step.written.revision + "_drops_recipe_difficulty_values")
    (text,) = _revisions(step.files).values()
    upgrade, downgrade = text.split("def downgrade() -> None:")
    assert '_set("recipes", "prep_minutes", 10)' in upgrade
    assert '_set("recipes", "difficulty", "easy", where="hard")' in upgrade
    assert "type_=sa.String(300)" in upgrade and "type_=sa.String(200)" in downgrade
    assert 'batch.create_unique_constraint("uq_recipes_title", ["title"])' in upgrade
    assert 'batch.drop_constraint("uq_tags_name", type_="unique")' in upgrade
    assert 'batch.create_unique_constraint("uq_tags_name", ["name"])' in downgrade
    assert 'ondelete="CASCADE"' in upgrade and 'ondelete="SET NULL"' in downgrade
    assert "nullable=True" in downgrade  # prep_minutes optional again


def test_a_field_dropped_and_another_added_gets_a_rename_hint() -> None:
    old = notes_spec()
    renamed = _edit(
        old,
        "Folder",
        lambda fs: tuple(
            f.model_copy(update={"name": "heading"}) if f.name == "title" else f for f in fs
        ),
    )
    renamed = _replace(renamed, "Folder", "heading", required=False)
    ops = diff(_schema(old), _schema(renamed))
    assert [type(op) for op in ops] == [AddColumn, DropColumn]
    first = plan_migrations(build_plan(old, Layout()))
    step = plan_migrations(build_plan(renamed, Layout()), first.state, "0123456789ab")
    (text,) = _revisions(step.files).values()
    assert "# Renamed rather than replaced (title → heading)?" in text


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_revisions_are_as_ruff_formats_and_checks_them(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    changed = _replace(recipes, "Recipe", "prep_minutes", default=10)
    changed = _replace(changed, "Recipe", "title", max_length=300, unique=True)
    changed = _replace(changed, "Recipe", "difficulty", values=("easy", "medium"), default="easy")
    changed = _with_field(changed, "Recipe", Field(name="rating", type="ref", to="Review"))
    changed = grown(changed)
    changed = changed.model_copy(
        update={"resources": tuple(r for r in changed.resources if r.name != "Tag")}
    )
    changed = _edit(changed, "Recipe", lambda fs: tuple(f for f in fs if f.name != "main_tag"))
    first = plan_migrations(build_plan(recipes, Layout()))
    step = plan_migrations(
        build_plan(changed, Layout()),
        first.state,
        first.written.revision if first.written else None,
    )
    for files in (first.files, step.files):
        write_tree(tmp_path, _revisions(files))
    folder = tmp_path / VERSIONS
    for command in (
        ["ruff", "format", "--check", "--no-cache", "--line-length", "100", str(folder)],
        [
            "ruff",
            "check",
            "--no-cache",
            "--select",
            "E,F,W,I,B,UP",
            "--line-length",
            "100",
            str(folder),
        ],
    ):
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_revision_never_changes_once_written_even_when_edited(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    _build(tmp_path, recipes)
    (first,) = (tmp_path / VERSIONS).glob("*.py")
    first.write_text(first.read_text() + "# checked by the team\n")
    plan = plan_scaffold(grown(recipes), Layout(), tmp_path)
    revision_writes = [p for p in plan.writes if p.startswith(VERSIONS)]
    assert len(revision_writes) == 1 and first.name not in revision_writes[0]
    assert not plan.conflicts


def test_several_heads_are_refused_with_the_merge_command(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    _build(tmp_path, recipes)
    (first,) = (tmp_path / VERSIONS).glob("*.py")
    for name in ("aaaa", "bbbb"):
        (tmp_path / VERSIONS / f"{name}_mine.py").write_text(
            f'revision = "{name}"\ndown_revision = "{first.name[:12]}"\n'
        )
    with pytest.raises(InputError, match=r"several heads .*alembic merge heads"):
        plan_scaffold(grown(recipes), Layout(), tmp_path)


def test_a_users_own_revision_after_the_head_is_followed(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    _build(tmp_path, recipes)
    (first,) = (tmp_path / VERSIONS).glob("*.py")
    (tmp_path / VERSIONS / "cafe_mine.py").write_text(
        f'revision: str = "cafe"\ndown_revision: str | None = "{first.name[:12]}"\n'
    )
    plan = plan_scaffold(grown(recipes), Layout(), tmp_path)
    (text,) = [t for p, t in plan.writes.items() if p.startswith(VERSIONS)]
    assert 'down_revision: str | None = "cafe"' in text


def test_a_selection_migrates_the_tables_of_its_models_alone(
    tmp_path: Path, recipes: BackendSpec
) -> None:
    _build(tmp_path, recipes)
    changed = grown(_with_field(recipes, "Tag", Field(name="colour", type="string")))
    endpoints = Selection(resources=frozenset({"Tag"}), parts=frozenset({"endpoints"}))
    plan = plan_scaffold(changed, Layout(), tmp_path, endpoints)
    assert not [p for p in plan.writes if p.startswith(VERSIONS) or p == STATE_PATH]
    model = Selection(resources=frozenset({"Tag"}), parts=frozenset({"model"}))
    plan = plan_scaffold(changed, Layout(), tmp_path, model)
    (revision,) = [p for p in plan.writes if p.startswith(VERSIONS)]
    assert revision.endswith("_adds_tag_colour.py")  # not the User field nor the new resource
    assert any(revision in note for note in plan.notes)
    write_tree(tmp_path, plan.writes)
    # the next full build migrates the rest
    (rest,) = [
        p for p in plan_scaffold(changed, Layout(), tmp_path).writes if p.startswith(VERSIONS)
    ]
    assert "creates_migration_probes" in rest and "adds_user_migration_note" in rest


def test_a_broken_state_file_is_an_input_error(tmp_path: Path, recipes: BackendSpec) -> None:
    _build(tmp_path, recipes)
    (tmp_path / STATE_PATH).write_text('{"revisions": [], "schema": {"tables": [{"name": 1}]}}')
    with pytest.raises(InputError, match=r"schema\.json"):
        plan_scaffold(grown(recipes), Layout(), tmp_path)
