"""SpecChecker answers exactly what validate_spec_text does, edit after edit, reusing what did not change."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backendbot.core.spec.incremental as incremental
from backendbot.core.spec.dump import dump_spec
from backendbot.core.spec.incremental import SpecChecker
from backendbot.core.spec.model import BackendSpec
from backendbot.core.spec.parse import validate_spec_text
from backendbot.core.spec.yamltree import Composed, DuplicateMessage
from tests.spec.spec_strategies import edit_text, specs

EXAMPLES = Path(__file__).parents[2] / "examples"


@settings(max_examples=150, deadline=None)
@given(specs(), st.data())
def test_same_answer_as_the_full_check_through_a_series_of_edits(
    spec: BackendSpec, data: st.DataObject
) -> None:
    checker = SpecChecker()
    text = dump_spec(spec)
    for _ in range(6):
        assert checker.problems(text, "backend.yaml") == validate_spec_text(text, "backend.yaml")
        text = edit_text(text, data)


def test_examples_and_their_edits_agree() -> None:
    checker = SpecChecker()
    for name in ("recipes.yaml", "inventory.yaml"):
        text = (EXAMPLES / name).read_text()
        for edited in (
            text,
            text.replace("bio: text", "bio: txt"),
            text.replace("  Tag:", "  User:"),  # a duplicate resource
            text.replace("  Tag:", "  TAG:\n    fields: {a: string}\n  Tag:"),
            text.replace(
                "      name: {type: string, max_length: 100}",
                "      name: string\n      name: text",
            ),
            "# header\n\n" + text,  # every block moves down
        ):
            assert checker.problems(edited, name) == validate_spec_text(edited, name)


def test_unchanged_resources_are_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (EXAMPLES / "recipes.yaml").read_text()
    checker = SpecChecker()
    checker.problems(text, "recipes.yaml")
    composed: list[str] = []
    original = incremental.compose

    def counting(chunk: str, duplicate_message: DuplicateMessage) -> Composed:
        composed.append(chunk)
        return original(chunk, duplicate_message)

    monkeypatch.setattr(incremental, "compose", counting)
    edited = text.replace(
        "prep_minutes: {type: integer, min: 0}", "prep_minutes: {type: integer, min: 2}"
    )
    assert checker.problems(edited, "recipes.yaml") == []
    assert len(composed) == 2  # the top level and the one edited resource
    assert composed[1].lstrip().startswith("Recipe:")


def test_texts_outside_the_simple_shape_take_the_full_check() -> None:
    checker = SpecChecker()
    for text in (
        "name: x\nresources: {A: {fields: {a: string}}}\n",
        "name: x\nresources:\n  A: &a {fields: {a: string}}\n  B: *a\n",
        "name: x\nresources:\n  A:\n\tfields: {a: string}\n",
        "name: x\nresources:\n  A: {fields: {a: [string}}\n",
        "---\nname: x\nresources:\n  A: {fields: {a: string}}\n",
        "",
        "\x00\x01",
    ):
        assert checker.problems(text, "x.yaml") == validate_spec_text(text, "x.yaml")
