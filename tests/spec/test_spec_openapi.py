"""OpenAPI 3 → BackendSpec: schemas become resources, paths become endpoints, errors point into the document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from backendbot.core.errors import InputError
from backendbot.core.spec.model import Field
from backendbot.core.spec.parse import load_spec, parse_openapi, parse_spec, validate_spec_text

PETSTORE = Path(__file__).parents[2] / "examples" / "petstore-openapi.yaml"


def _fields(spec_text: str, resource: str = "Thing") -> dict[str, Field]:
    found = parse_spec(spec_text, "api.yaml").resource(resource)
    assert found is not None
    return {f.name: f for f in found.fields}


def _doc(properties: str, required: str = "[]", extra: str = "") -> str:
    return (
        "openapi: 3.0.3\ninfo: {title: Things API, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        f"    Thing:\n      type: object\n      required: {required}\n      properties:\n{properties}{extra}"
    )


def test_petstore_resources_and_endpoints() -> None:
    spec = load_spec(PETSTORE)
    assert spec.name == "petstore"
    assert spec.auth.jwt
    assert [r.name for r in spec.resources] == [
        "Pet",
        "Owner",
        "Visit",
    ]  # not NewPet, Species, Error
    endpoints = {r.name: r.endpoints for r in spec.resources}
    assert endpoints == {
        "Pet": ("list", "get", "create", "update", "delete"),
        "Owner": (),
        "Visit": ("list", "create"),
    }


def test_petstore_field_mapping() -> None:
    spec = load_spec(PETSTORE)
    pet = spec.resource("Pet")
    assert pet is not None
    fields = {f.name: f for f in pet.fields}
    assert "id" not in fields and "created_at" not in fields  # server-set, read-only
    assert fields["name"].required and fields["name"].max_length == 80
    assert (fields["species"].type, fields["species"].values) == (
        "enum",
        ("dog", "cat", "bird", "fish"),
    )
    assert fields["birth_date"].type == "date"
    assert (fields["weight_kg"].type, fields["weight_kg"].min, fields["weight_kg"].max) == (
        "number",
        0,
        200,
    )
    assert (fields["vaccinated"].type, fields["vaccinated"].default) == ("boolean", False)
    assert (fields["nicknames"].type, fields["nicknames"].item_type) == ("list", "string")
    assert fields["chip_id"].type == "uuid"
    assert (fields["guardian"].type, fields["guardian"].to) == ("ref", "Owner")
    assert fields["photo"].type == "file"
    visit = spec.resource("Visit")
    assert visit is not None
    duration = next(f for f in visit.fields if f.name == "duration_minutes")
    assert (duration.min, duration.max, duration.default) == (15, 240, 30)


def test_json_document_gives_the_same_spec() -> None:
    as_json = json.dumps(yaml.safe_load(PETSTORE.read_text()), indent="\t")
    assert parse_spec(as_json, "petstore.json") == load_spec(PETSTORE)


def test_formats_and_integer_exclusive_bounds() -> None:
    fields = _fields(
        _doc(
            "        email: {type: string, format: email}\n"
            "        site: {type: string, format: uri}\n"
            "        seen: {type: string, format: date-time}\n"
            "        count: {type: integer, format: int32, exclusiveMinimum: 0, exclusiveMaximum: 10}\n"
            "        ratio: {type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}\n"
            "        scores: {type: array, items: {type: integer}}\n"
            "        blob: {type: string, contentMediaType: image/png}\n"
            "        createdAt: {type: string, format: date-time}\n",
            required="[email]",
        )
    )
    assert {n: f.type for n, f in fields.items()} == {
        "email": "email",
        "site": "url",
        "seen": "datetime",
        "count": "integer",
        "ratio": "number",
        "scores": "list",
        "blob": "file",
    }
    assert (fields["count"].min, fields["count"].max) == (1, 9)
    assert fields["ratio"].max == 1
    assert fields["email"].required


def test_no_paths_makes_every_object_schema_a_resource_with_all_endpoints() -> None:
    text = (
        "openapi: 3.1.0\ninfo: {title: X}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {name: {type: string}}}\n"
        "    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n"
        "    Color: {type: string, enum: [red, blue]}\n"
    )
    spec = parse_spec(text, "x.yaml")
    assert [r.name for r in spec.resources] == ["A", "B"]
    assert spec.resources[0].endpoints == ("list", "get", "create", "update", "delete")
    assert not spec.auth.jwt


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            _doc("        meta: {type: object, properties: {a: {type: string}}}\n"),
            10,
            9,
            "nested objects are not supported",
        ),
        (
            _doc("        parts: {type: array, items: {type: object}}\n"),
            10,
            9,
            "arrays of objects are not supported",
        ),
        (
            _doc("        other: {$ref: '#/components/schemas/Missing'}\n"),
            10,
            23,
            "$ref to unknown schema 'Missing'",
        ),
        (_doc("        other: {$ref: 'other.yaml#/X'}\n"), 10, 23, "only local $refs"),
        (
            _doc("        size: {type: string, enum: [s, m], default: xl}\n"),
            10,
            53,
            "default 'xl' is not one of the values",
        ),
        (
            _doc("        code: {type: string, pattern: '[a-'}\n"),
            10,
            39,
            "invalid regular expression",
        ),
        (
            _doc("        level: {type: integer, enum: [1, 2]}\n"),
            10,
            32,
            "only string enums are supported",
        ),
        (
            _doc("        level: {type: string, enum: [a, 2]}\n"),
            10,
            41,
            "'values[1]' must be a string",
        ),
        (_doc("        tags: {type: array}\n"), 10, 9, "an array needs 'items'"),
        (
            "openapi: 2.5\ncomponents: {schemas: {}}\n",
            1,
            10,
            "only OpenAPI 3.0 and 3.1 are supported",
        ),
        (
            _doc("        petId: {type: string}\n        pet_id: {type: string}\n"),
            11,
            9,
            "becomes field 'pet_id' twice",
        ),
        (
            "openapi: 3.0.0\ncomponents:\n  schemas:\n    pet: {type: object, properties: {a: {type: string}}}\n"
            "    Pet: {type: object, properties: {a: {type: string}}}\n",
            5,
            5,
            "schema 'Pet' becomes resource 'Pet' twice",
        ),
        ("swagger: '2.0'\ninfo: {title: X}\n", 1, 10, "only OpenAPI 3.0 and 3.1 are supported"),
        ("openapi: 3.0.0\ninfo: {title: X}\npaths: {}\n", 1, 1, "no components.schemas"),
    ],
)
def test_openapi_errors_point_into_the_document(
    text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_spec(text, "api.yaml")
    assert message in caught.value.message
    assert (caught.value.line, caught.value.column) == (line, column)


def test_validate_spec_text_handles_openapi() -> None:
    assert validate_spec_text(PETSTORE.read_text(), "petstore-openapi.yaml") == []
    broken = _doc(
        "        meta: {type: object}\n        level: {type: integer, minimum: 5, maximum: 1}\n"
    )
    messages = [p.message for p in validate_spec_text(broken, "api.yaml")]
    assert len(messages) == 2
    assert "nested objects" in messages[0] and "min 5 is greater than max 1" in messages[1]


def test_parse_openapi_requires_an_openapi_document() -> None:
    assert parse_openapi(PETSTORE.read_text(), "petstore.yaml") == load_spec(PETSTORE)
    with pytest.raises(InputError, match="not an OpenAPI document") as caught:
        parse_openapi("name: x\nresources:\n  A: {fields: {a: string}}\n", "backend.yaml")
    assert (caught.value.file, caught.value.line, caught.value.column) == ("backend.yaml", 1, 1)


def test_an_array_max_items_becomes_the_list_cap() -> None:
    text = _doc(
        "        tags: {type: array, maxItems: 12, items: {type: string}}\n"
        "        codes: {type: array, items: {type: integer}}\n"
    )
    fields = _fields(text)
    assert (fields["tags"].type, fields["tags"].max_items) == ("list", 12)
    assert fields["codes"].max_items is None
