"""A version's outline taken over from the version before: only when it is what a fresh one says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backendbot.core.spec.outline import SpecOutline, spec_outline
from backendbot.core.spec.parse import validate_spec_text
from backendbot.lsp_server.documents import DocumentCache
from backendbot.lsp_server.outline_reuse import outline_still_holds

SPEC = """\
name: recipes
resources:
  User:
    fields:
      email: {type: email, unique: true, required: true}
      name: {type: string, max_length: 100}
  Recipe:
    fields:
      notes:
        type: text
        default: |
          A dish.
          Cooked at home.
      title: {type: string, required: true,
        max_length: 200}
      servings: {type: integer, min: 1, default: 1}
      # a comment
      author: {type: ref, to: User}
    endpoints:
      - list
      - get

  "Tag":
    fields:
      label: string
    endpoints: [list, get]
"""
URI = "file:///r/backend.yaml"
LINES = SPEC.split("\n")
PIECES = st.sampled_from(
    [" ", ":", ",", "{", "}", "[", "]", "-", "#", "|", ">", "&", "*", "'", '"', "!", "a", "Z", "7"]
)


def _outline_after(line: int, text: str) -> tuple[SpecOutline | None, SpecOutline | None, bool]:
    cache = DocumentCache()
    before = cache.view(URI, 1, "yaml", SPEC)
    assert before.problems() == []
    old = before.outline()
    lines = [*LINES]
    lines[line] = text
    after = cache.view(URI, 2, "yaml", "\n".join(lines))
    reused = outline_still_holds(old, LINES, after.lines) if old else False
    return after.outline(), old, reused


def test_typing_inside_a_field_keeps_the_outline_object() -> None:
    outline, old, reused = _outline_after(5, "      nam: {type: string, max_length: 100}")
    assert reused and outline is old


def test_renaming_a_resource_computes_a_fresh_outline() -> None:
    outline, old, reused = _outline_after(6, "  Dish:")
    assert not reused and outline is not old
    assert outline is not None and [r.name for r in outline.resources] == ["User", "Dish", "Tag"]


def test_lines_that_reach_past_their_end_are_not_neutral() -> None:
    for text in (
        "      title: {type: string, required: true,",  # opens a flow mapping
        "      name: 'string",  # opens a quoted scalar
        "      name: |",  # starts a block scalar
        "      name: &a string",  # an anchor
        "      name: string # note",  # a comment
    ):
        lines = [*LINES]
        lines[5] = text
        outline = spec_outline(SPEC)
        assert not outline_still_holds(outline, LINES, lines), text


@settings(max_examples=400, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(LINES) - 1),
    st.integers(min_value=0, max_value=60),
    st.one_of(
        st.text(alphabet="abxyz019_ ", min_size=1, max_size=3),  # mostly plain typing
        st.lists(PIECES, min_size=1, max_size=4).map("".join),
    ),
    st.integers(min_value=0, max_value=3),
)
def test_a_kept_outline_is_the_fresh_one(line: int, at: int, typed: str, deleted: int) -> None:
    """Any one-line edit: when the outline is kept for a valid new version, it is exact."""
    old_line = LINES[line]
    at = min(at, len(old_line))
    text = old_line[:at] + typed + old_line[at + deleted :]
    outline, _, reused = _outline_after(line, text)
    lines = [*LINES]
    lines[line] = text
    new_text = "\n".join(lines)
    if reused and not validate_spec_text(new_text, "backend.yaml"):
        assert outline == spec_outline(new_text)
