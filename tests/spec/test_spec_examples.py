"""The shipped examples load, cover every field type between them, and survive a dump round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.core.spec.dump import dump_spec
from backendbot.core.spec.model import ALL_OPERATIONS, BackendSpec
from backendbot.core.spec.parse import load_spec, parse_spec, validate_spec_text
from backendbot.core.spec.types import SCALAR_TYPES

EXAMPLES = Path(__file__).parents[2] / "examples"
FILES = ["recipes.yaml", "inventory.yaml", "petstore-openapi.yaml"]


@pytest.mark.parametrize("name", FILES)
def test_example_loads_without_problems(name: str) -> None:
    path = EXAMPLES / name
    spec = load_spec(path)
    assert spec.resources
    assert validate_spec_text(path.read_text(), name) == []


def test_examples_use_every_field_type() -> None:
    used = {
        f.type for name in FILES for r in load_spec(EXAMPLES / name).resources for f in r.fields
    }
    assert used >= {*SCALAR_TYPES, "list", "ref"}


def test_recipes_has_jwt_roles_owner_rules_and_an_image() -> None:
    spec = load_spec(EXAMPLES / "recipes.yaml")
    assert spec.name == "recipes"
    assert spec.auth.jwt and spec.auth.roles == ("admin", "user")
    recipe = spec.resource("Recipe")
    assert recipe is not None
    assert recipe.permissions["update"] == ("owner",)
    assert recipe.permissions["delete"] == ("owner", "admin")
    image = next(f for f in recipe.fields if f.name == "image")
    assert image.type == "file"
    author = next(f for f in recipe.fields if f.name == "author")
    assert (author.type, author.to) == ("ref", "User")


def test_inventory_has_another_shape() -> None:
    spec = load_spec(EXAMPLES / "inventory.yaml")
    assert not spec.auth.jwt
    movement = spec.resource("StockMovement")
    assert movement is not None and movement.endpoints == ("list", "get", "create")
    warehouse = spec.resource("Warehouse")
    assert warehouse is not None and warehouse.endpoints == ALL_OPERATIONS


@pytest.mark.parametrize("name", FILES)
def test_dump_round_trip(name: str) -> None:
    spec = load_spec(EXAMPLES / name)
    assert parse_spec(dump_spec(spec), "dumped.yaml") == spec


def _one_field(declaration: str) -> BackendSpec:
    text = f"name: x\nresources:\n  User:\n    fields:\n      email: email\n  A:\n    fields:\n      f: {declaration}\n"
    return parse_spec(text, "x.yaml")


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("text", "{type: text}"),
        ("list[string]", "{type: 'list[string]'}"),
        ("'list[ integer ]'", "{type: 'list[integer]'}"),
        ("ref[User]", "{type: ref, to: User}"),
        ("'ref[User]'", "{type: 'ref[User]', to: User}"),
        ("file", "{type: file}"),
    ],
)
def test_short_forms_equal_long_forms(short: str, long: str) -> None:
    assert _one_field(short) == _one_field(long)


def test_short_form_field_values() -> None:
    spec = _one_field("list[date]")
    field = spec.resources[1].fields[0]
    assert (field.type, field.item_type, field.to) == ("list", "date", None)
    ref = _one_field("ref[User]").resources[1].fields[0]
    assert (ref.type, ref.to) == ("ref", "User")


def test_defaults_are_normalised() -> None:
    spec = parse_spec(
        "name: x\nresources:\n  A:\n    fields:\n"
        "      d: {type: date, default: 2024-01-31}\n"
        "      t: {type: datetime, default: '2024-01-31T10:00:00+00:00'}\n"
        "      u: {type: uuid, default: 12345678-1234-5678-1234-567812345678}\n"
        "      n: {type: number, default: 2, min: 0.5}\n",
        "x.yaml",
    )
    values = {f.name: f.default for f in spec.resources[0].fields}
    assert values == {
        "d": "2024-01-31",
        "t": "2024-01-31T10:00:00+00:00",
        "u": "12345678-1234-5678-1234-567812345678",
        "n": 2,
    }
    assert spec.resources[0].fields[3].min == 0.5


def test_defaults_when_keys_are_left_out() -> None:
    spec = parse_spec("name: x\nresources:\n  A: {fields: {a: string}}\n", "x.yaml")
    assert spec.stack == "fastapi"
    assert not spec.auth.jwt
    assert spec.resources[0].endpoints == ALL_OPERATIONS
    assert spec.resources[0].permissions == {}


def test_single_role_may_be_written_without_a_list() -> None:
    spec = parse_spec(
        "name: x\nauth: {jwt: true, roles: [admin]}\nresources:\n"
        "  A: {fields: {a: string}, permissions: {delete: admin, update: [owner, admin]}}\n",
        "x.yaml",
    )
    assert spec.resources[0].permissions == {"delete": ("admin",), "update": ("owner", "admin")}


def test_express_stack_and_anchors_are_accepted() -> None:
    spec = parse_spec(
        "name: x\nstack: express\nresources:\n  A: {fields: &f {a: string}}\n  B: {fields: *f}\n",
        "x.yaml",
    )
    assert spec.stack == "express"
    assert spec.resources[0].fields == spec.resources[1].fields
