"""validate_spec_text: every independent problem, LSP ranges, and never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backendbot.core.spec.parse import SpecProblem, validate_spec_text

EXAMPLES = Path(__file__).parents[2] / "examples"

SEVERAL = """\
name: recipes
stack: django
resources:
  Recipe:
    fields:
      servings: {type: int32}
      title: {type: string, maxLength: 3}
      author: {type: ref, to: Usr}
    endpoints: [list, show]
"""


def test_reports_independent_problems_in_document_order() -> None:
    problems = validate_spec_text(SEVERAL, "recipes.yaml")
    assert [(p.line, p.character, p.end_line, p.end_character) for p in problems] == [
        (1, 7, 1, 13),
        (5, 23, 5, 28),
        (6, 28, 6, 37),
        (7, 30, 7, 33),
        (8, 22, 8, 26),
    ]
    assert "stack 'django'" in problems[0].message
    assert "unknown type 'int32'" in problems[1].message
    assert "unknown key 'maxLength'" in problems[2].message
    assert "unknown resource 'Usr'" in problems[3].message
    assert "unknown endpoint 'show'" in problems[4].message


def test_range_covers_the_offending_key() -> None:
    text = "name: x\nresources:\n  A:\n    fields:\n      a: string\n      a: text\n"
    [problem] = validate_spec_text(text, "x.yaml")
    assert problem == SpecProblem(
        5, 6, 5, 7, "duplicate field 'a' in resource 'A' (first on line 5)"
    )


def test_characters_are_utf16_code_units() -> None:
    text = "name: x\nresources:\n  A:\n    fields:\n      a: {type: '😀', x: 1}\n"
    problems = validate_spec_text(text, "x.yaml")
    unknown_key = next(p for p in problems if "unknown key 'x'" in p.message)
    # "      a: {type: '😀', " is 21 code points, 22 UTF-16 code units
    assert (unknown_key.line, unknown_key.character, unknown_key.end_character) == (4, 22, 23)


def test_yaml_syntax_error_is_one_problem() -> None:
    [problem] = validate_spec_text("name: x\nresources: [\n", "x.yaml")
    assert problem.message.startswith("invalid YAML")
    assert problem.line == 2


def test_merge_keys_are_reported() -> None:
    text = "name: x\nresources:\n  A: &a {fields: {a: string}}\n  B: {<<: *a}\n"
    messages = [p.message for p in validate_spec_text(text, "x.yaml")]
    assert any("merge keys" in m for m in messages)


def test_alias_bomb_is_cheap() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)
    ]
    problems = validate_spec_text("\n".join(lines) + "\n", "bomb.yaml")
    assert any("unknown key 'a0'" in p.message for p in problems)


def test_deep_nesting_is_reported_not_raised() -> None:
    text = "name: x\nresources: " + "[" * 500 + "]" * 500 + "\n"
    problems = validate_spec_text(text, "deep.yaml")
    assert problems and problems[0].line == 1


def test_huge_text_is_refused_quickly() -> None:
    [problem] = validate_spec_text("a" * 3_000_001, "big.yaml")
    assert "too large" in problem.message


def test_binary_looking_text() -> None:
    problems = validate_spec_text("name: x\x00\x01\x02\nresources:\n", "bin.yaml")
    assert problems and "invalid character" in problems[0].message


def test_valid_examples_have_no_problems() -> None:
    assert validate_spec_text((EXAMPLES / "recipes.yaml").read_text(), "recipes.yaml") == []


def _line_lengths(text: str) -> list[int]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [len(line.encode("utf-16-le")) // 2 for line in lines]


def _assert_sane(text: str, problems: list[SpecProblem]) -> None:
    lengths = _line_lengths(text)
    for p in problems:
        assert p.message
        assert 0 <= p.line <= p.end_line < len(lengths)
        assert 0 <= p.character <= lengths[p.line]
        assert 0 <= p.end_character <= lengths[p.end_line]
        assert (p.line, p.character) <= (p.end_line, p.end_character)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _assert_sane(text, validate_spec_text(text, "fuzz.yaml"))


_TOKENS = st.sampled_from(
    [
        "name:",
        "resources:",
        "fields:",
        "type:",
        "  ",
        "    ",
        "\n",
        "- ",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "A",
        "a",
        "string",
        "list[",
        "ref[",
        "enum",
        "values:",
        "default:",
        "&x",
        "*x",
        "'",
        '"',
        "#",
        "permissions:",
        "auth:",
        "jwt: true",
        "roles:",
        "owner",
        "😀",
        "\t",
        "\r\n",
        "? ",
        "!!str",
        "<<:",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=60).map("".join))
def test_spec_like_text_never_raises(text: str) -> None:
    _assert_sane(text, validate_spec_text(text, "fuzz.yaml"))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=2000))
def test_every_truncation_of_an_example_is_handled(cut: int) -> None:
    text = (EXAMPLES / "recipes.yaml").read_text()[:cut]
    _assert_sane(text, validate_spec_text(text, "recipes.yaml"))


def test_enum_without_values_is_one_problem_not_two() -> None:
    text = (Path(__file__).parent / "data" / "enum_without_values.yaml").read_text()
    [problem] = validate_spec_text(text, "enum_without_values.yaml")
    assert "an enum needs values" in problem.message
