"""Each malformed spec fails with InputError at the exact line and column, naming the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.core.errors import InputError
from backendbot.core.spec.parse import load_spec, parse_spec

DATA = Path(__file__).parent / "data"

CASES = [
    # file, line, column, text the message must contain
    (
        "unknown_type.yaml",
        14,
        17,
        "field 'servings': unknown type 'int32' (expected one of string, text, integer",
    ),
    (
        "unknown_key.yaml",
        5,
        29,
        "field 'title': unknown key 'maxLength' (did you mean 'max_length'?)",
    ),
    (
        "misspelt_fields.yaml",
        4,
        5,
        "resource 'Thing': unknown key 'feilds' (did you mean 'fields'?)",
    ),
    (
        "unknown_top_key.yaml",
        2,
        1,
        "unknown key 'version' (expected one of name, stack, auth, resources)",
    ),
    (
        "missing_ref.yaml",
        8,
        13,
        "field 'author': refers to unknown resource 'Author' (resources: Recipe)",
    ),
    ("duplicate_resource.yaml", 9, 3, "duplicate resource 'Recipe' (first on line 3)"),
    (
        "duplicate_field.yaml",
        7,
        7,
        "duplicate field 'title' in resource 'Recipe' (first on line 5)",
    ),
    ("enum_without_values.yaml", 5, 26, "field 'difficulty': an enum needs values"),
    ("default_not_in_enum.yaml", 5, 63, "default 'medium' is not one of the values (easy, hard)"),
    ("default_out_of_range.yaml", 5, 59, "field 'servings': default 20 is above max 12"),
    ("default_wrong_type.yaml", 5, 44, "field 'vegetarian': default must be true or false"),
    ("min_above_max.yaml", 5, 38, "field 'servings': min 10 is greater than max 2"),
    ("bad_pattern.yaml", 5, 37, "field 'slug': invalid regular expression"),
    (
        "bad_endpoint.yaml",
        6,
        23,
        "unknown endpoint 'show' (expected one of list, get, create, update, delete)",
    ),
    ("unknown_role.yaml", 7, 49, "unknown role 'moderator' (expected one of admin, user, owner)"),
    ("permissions_without_auth.yaml", 6, 5, "permissions need auth: {jwt: true}"),
    ("private_without_auth.yaml", 6, 33, "field 'secret_note': private needs auth: {jwt: true}"),
    ("bad_resource_name.yaml", 3, 3, "resource name 'recipe_item' must be PascalCase"),
    ("reserved_field.yaml", 6, 7, "field name 'created_at' is reserved"),
    ("keyword_field.yaml", 5, 7, "field name 'class' is a Python keyword"),
    ("bad_stack.yaml", 2, 8, "stack 'django' is not supported (expected fastapi or express)"),
    ("empty_resources.yaml", 2, 1, "resources must be a non-empty mapping"),
    ("bad_yaml.yaml", 6, 11, "invalid YAML: did not find expected ',' or '}'"),
    ("not_a_mapping.yaml", 1, 1, "the spec must be a mapping with name, stack, auth, resources"),
    ("bad_list_item.yaml", 5, 13, "field 'tags': list[file] is not supported"),
    ("option_not_applicable.yaml", 5, 33, "'max_length' does not apply to integer fields"),
]


@pytest.mark.parametrize(("name", "line", "column", "message"), CASES, ids=[c[0] for c in CASES])
def test_malformed_spec_reports_first_problem_with_location(
    name: str, line: int, column: int, message: str
) -> None:
    path = DATA / name
    with pytest.raises(InputError) as caught:
        load_spec(path)
    error = caught.value
    assert (error.file, error.line, error.column) == (str(path), line, column)
    assert message in error.message
    assert str(error).startswith(f"{path}:{line}:{column}: ")
    assert error.exit_code == 2


def test_every_data_file_is_covered() -> None:
    assert sorted(p.name for p in DATA.glob("*.yaml")) == sorted(c[0] for c in CASES)


def test_unknown_type_message_matches_the_documented_form() -> None:
    with pytest.raises(InputError) as caught:
        load_spec(DATA / "unknown_type.yaml")
    assert str(caught.value).endswith(
        "unknown_type.yaml:14:17: field 'servings': unknown type 'int32' (expected one of string, "
        "text, integer, number, boolean, date, datetime, email, url, uuid, file, enum, list[T], ref); "
        "did you mean 'integer'?"
    )


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the spec") as caught:
        load_spec(tmp_path / "absent.yaml")
    assert caught.value.file == str(tmp_path / "absent.yaml")


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the spec"):
        load_spec(tmp_path)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: caf\xe9\nresources: {}\n".replace(b"name", b"# x\nname"))
    with pytest.raises(InputError, match="not UTF-8") as caught:
        load_spec(path)
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("", 1, 1, "the spec is empty"),
        (
            "name: x\nresources:\n  A:\n    fields: {a: string}\n  a: {fields: {b: string}}\n",
            5,
            3,
            "PascalCase",
        ),
        ("resources:\n  A: {fields: {a: string}}\n", 1, 1, "missing key 'name'"),
        ("name: x\nresources:\n  A: {}\n", 3, 3, "resource 'A': missing key 'fields'"),
        ("name: x\nresources:\n  A: {fields: {}}\n", 3, 7, "resource 'A': no fields"),
        (
            "name: x\nresources:\n  A: {fields: {a: 5}}\n",
            3,
            19,
            "field 'a': expected a type such as 'string'",
        ),
        ("name: x\nresources:\n  A: {fields: {a: list}}\n", 3, 19, "'list' needs an item type"),
        ("name: x\nresources:\n  A: {fields: {a: ref}}\n", 3, 19, "a ref needs 'to'"),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: string, required: maybe}}}\n",
            3,
            44,
            "'required' must be true or false",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: integer, min: 1.5}}}\n",
            3,
            40,
            "'min' must be an integer",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: date, default: 2024-02-30}}}\n",
            3,
            41,
            "invalid value",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: uuid, default: nope}}}\n",
            3,
            41,
            "is not a UUID",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: string, to: B}}}\n",
            3,
            34,
            "'to' does not apply to string fields",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: text, unique: true}}}\n",
            3,
            32,
            "'unique' does not apply",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: string, max_length: 0}}}\n",
            3,
            46,
            "max_length must be at least 1",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: 'list[string]', max_items: 0}}}\n",
            3,
            53,
            "max_items must be at least 1",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: string, max_items: 3}}}\n",
            3,
            34,
            "'max_items' does not apply to string fields (only to list)",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: 'ref[A]', on_delete: drop}}}\n",
            3,
            47,
            "unknown on_delete 'drop' (expected one of cascade, restrict, set_null)",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: 'ref[A]', required: true, on_delete: set_null}}}\n",
            3,
            63,
            "on_delete: set_null needs a field that may be empty",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: file, accept: [image/png, image/svg]}}}\n",
            3,
            40,
            "accept: unknown media type 'image/svg' (known: image/png, image/jpeg",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: file, max_bytes: 0}}}\n",
            3,
            43,
            "max_bytes must be at least 1",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: text, accept: [text/plain]}}}\n",
            3,
            32,
            "'accept' does not apply to text fields (only to file)",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: 'ref[A]', to: B}}}\n  B: {fields: {b: string}}\n",
            3,
            40,
            "ref[A] and to: B disagree",
        ),
        (
            "name: x\nresources:\n  A: {fields: {b: {type: ref, to: A}, b_id: integer}}\n",
            3,
            39,
            "clashes with the column of ref 'b'",
        ),
        (
            "name: x\nresources:\n  A:\n    fields:\n      owner: ref[A]\n",
            5,
            7,
            "reserved column 'owner_id'",
        ),
        (
            "name: x\nauth: {jwt: true, roles: [admin, cook]}\nresources:\n  User:\n    fields:\n      role: {type: enum, values: [admin, user]}\n",
            6,
            7,
            "field 'role' must be an enum of auth.roles (admin, cook)",
        ),
        (
            "name: x\nresources:\n  Session: {fields: {a: string}}\n",
            3,
            3,
            "resource name 'Session' is reserved",
        ),
        (
            "name: x\nresources:\n  RequestId: {fields: {a: string}}\n",
            3,
            3,
            "resource name 'RequestId' is reserved",
        ),
        (
            "name: x\nresources:\n  LoginLimits: {fields: {a: string}}\n",
            3,
            3,
            "resource name 'LoginLimits' is reserved",
        ),
        (
            "name: x\nresources:\n  AuthGate: {fields: {a: string}}\n",
            3,
            3,
            "resource name 'AuthGate' is reserved",
        ),
        (
            "name: x\nresources:\n  A: {fields: {limit: integer}}\n",
            3,
            16,
            "field name 'limit' is reserved",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: string, min: 0}}}\n",
            3,
            34,
            "'min' does not apply to string fields",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: file, default: 0}}}\n",
            3,
            32,
            "'default' does not apply to file fields",
        ),
        (
            "name: x\nresources:\n  A: {fields: {a: {type: ref, to: A, unique: false}, b: {type: text, unique: true}}}\n",
            3,
            70,
            "'unique' does not apply to text",
        ),
        (
            "name: My App\nresources:\n  A: {fields: {a: string}}\n",
            1,
            7,
            "name 'My App' must be lowercase",
        ),
        (
            "name: x\nauth: {jwt: true, roles: [admin, admin]}\nresources:\n  A: {fields: {a: string}}\n",
            2,
            26,
            "listed twice",
        ),
        (
            "name: x\nauth: {roles: [admin]}\nresources:\n  A: {fields: {a: string}}\n",
            2,
            15,
            "roles need jwt: true",
        ),
        (
            "name: x\nauth: {jwt: true}\nresources:\n  A:\n    fields: {a: string}\n    permissions: {create: owner}\n",
            6,
            27,
            "'owner' applies only to get, update, delete",
        ),
        (
            "name: x\nresources:\n  Abc: {fields: {a: string}}\n  ABc: {fields: {a: string}}\n",
            4,
            3,
            "differs from 'Abc' only in case",
        ),
    ],
)
def test_inline_malformed_specs(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_spec(text, "inline.yaml")
    error = caught.value
    assert message in error.message
    assert (error.file, error.line, error.column) == ("inline.yaml", line, column)


# every mapping of the spec: the unknown key's own line:column, a close match, no "missing key"
TYPO_CASES = [
    (
        "name: x\nresources:\n  Thing:\n    feilds:\n      a: string\n",
        4,
        5,
        "resource 'Thing': unknown key 'feilds' (did you mean 'fields'?)",
    ),
    (
        "name: x\nresoures:\n  Thing:\n    fields:\n      a: string\n",
        2,
        1,
        "unknown key 'resoures' (did you mean 'resources'?)",
    ),
    (
        "nmae: x\nresources:\n  Thing:\n    fields:\n      a: string\n",
        1,
        1,
        "unknown key 'nmae' (did you mean 'name'?)",
    ),
    (
        "name: x\nauth:\n  jwt: true\n  role: [admin]\nresources:\n  A:\n    fields: {a: string}\n",
        4,
        3,
        "auth: unknown key 'role' (did you mean 'roles'?)",
    ),
    (
        "name: x\nresources:\n  A:\n    fields:\n      a: {tpye: string}\n",
        5,
        11,
        "field 'a': unknown key 'tpye' (did you mean 'type'?)",
    ),
    (
        "name: x\nresources:\n  A:\n    fields:\n      a: {type: string, requird: true}\n",
        5,
        25,
        "field 'a': unknown key 'requird' (did you mean 'required'?)",
    ),
    (
        "name: x\nauth: {jwt: true}\nresources:\n  A:\n    fields: {a: string}\n"
        "    permissions:\n      updte: owner\n",
        7,
        7,
        "resource 'A': permission for unknown operation 'updte' (did you mean 'update'?)",
    ),
    (
        "name: x\nresources:\n  A:\n    fields: {a: string}\n    endpoints: [list, gett]\n",
        5,
        23,
        "resource 'A': unknown endpoint 'gett' (expected one of list, get, create, update, "
        "delete); did you mean 'get'?",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), TYPO_CASES)
def test_a_misspelt_key_is_named_where_it_stands(
    text: str, line: int, column: int, message: str
) -> None:
    problems = [p for p in _all_problems(text) if "missing key" in p]
    assert problems == []
    with pytest.raises(InputError) as caught:
        parse_spec(text, "spec.yaml")
    assert str(caught.value) == f"spec.yaml:{line}:{column}: {message}"


def test_an_unknown_key_with_no_close_match_lists_the_expected_keys() -> None:
    text = "name: x\nresources:\n  A:\n    fields: {a: string}\n    colour: blue\n"
    with pytest.raises(InputError) as caught:
        parse_spec(text, "spec.yaml")
    assert str(caught.value) == (
        "spec.yaml:5:5: resource 'A': unknown key 'colour' "
        "(expected one of fields, endpoints, permissions)"
    )


def test_a_typo_of_a_key_that_is_also_written_is_not_suggested() -> None:
    text = "name: x\nresources:\n  A:\n    fields: {a: string}\n    feilds: {b: string}\n"
    with pytest.raises(InputError) as caught:
        parse_spec(text, "spec.yaml")
    assert "unknown key 'feilds' (expected one of fields, endpoints, permissions)" in str(
        caught.value
    )


def _all_problems(text: str) -> list[str]:
    from backendbot.core.spec.parse import analyze

    return [p.message for p in analyze(text)[1]]


def test_private_is_kept_as_written_and_must_be_a_boolean() -> None:
    text = (
        "name: x\nauth: {jwt: true}\nresources:\n  A:\n    fields:\n"
        "      a: {type: string, private: true}\n      b: {type: email, private: false}\n"
        "      c: string\n"
    )
    fields = parse_spec(text, "inline.yaml").resources[0].fields
    assert [f.private for f in fields] == [True, False, None]  # None: the generator's default
    with pytest.raises(InputError) as caught:
        parse_spec(text.replace("private: true", "private: maybe"), "inline.yaml")
    assert "'private' must be true or false" in caught.value.message
    assert caught.value.line == 6
