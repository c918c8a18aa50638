"""spec_outline: the resources block and each resource's lines, from YAML or from a line scan."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backendbot.core.spec.dump import dump_spec
from backendbot.core.spec.model import BackendSpec
from backendbot.core.spec.outline import LineRange, ResourceOutline, outline_from_yaml, spec_outline
from backendbot.core.spec.positions import LineIndex
from tests.spec.spec_strategies import edit_text, specs

RECIPES = (Path(__file__).parents[2] / "examples" / "recipes.yaml").read_text()

SPEC = """\
name: shop
resources:
  Product:
    fields:
      title: string
      notes: |
        a block scalar

  # a comment between resources
  Order: {fields: {total: number}}

stack: fastapi
"""


def test_outline_of_valid_yaml() -> None:
    by_yaml = outline_from_yaml(SPEC, LineIndex(SPEC))
    assert by_yaml is not None and by_yaml.parsed
    assert by_yaml.resources_lines == LineRange(1, 9)
    assert by_yaml.resources == (
        ResourceOutline("Product", LineRange(2, 6)),
        ResourceOutline("Order", LineRange(9, 9)),
    )
    outline = spec_outline(SPEC)  # plain block style: answered from the resource blocks
    assert not outline.parsed
    assert (outline.resources_lines, outline.resources) == (
        by_yaml.resources_lines,
        by_yaml.resources,
    )


def test_flow_style_resources_are_outlined_by_yaml() -> None:
    outline = spec_outline(
        "name: x\nresources: {A: {fields: {a: string}},\n  B: {fields: {b: text}}}\n"
    )
    assert outline.parsed
    assert outline.resources == (
        ResourceOutline("A", LineRange(1, 1)),
        ResourceOutline("B", LineRange(2, 2)),
    )


@settings(max_examples=150, deadline=None)
@given(specs(), st.data())
def test_block_outline_equals_the_yaml_outline(spec: BackendSpec, data: st.DataObject) -> None:
    text = dump_spec(spec)
    for _ in range(4):
        by_yaml = outline_from_yaml(text, LineIndex(text))
        if by_yaml is not None:
            outline = spec_outline(text)
            assert (outline.resources_lines, outline.resources) == (
                by_yaml.resources_lines,
                by_yaml.resources,
            )
        text = edit_text(text, data)


def test_resource_at_a_line() -> None:
    outline = spec_outline(SPEC)
    assert outline.resource_at(4) == ResourceOutline("Product", LineRange(2, 6))
    assert outline.resource_at(9) == ResourceOutline("Order", LineRange(9, 9))
    assert outline.resource_at(0) is None
    assert outline.resource_at(11) is None
    assert 5 in LineRange(2, 6) and 7 not in LineRange(2, 6)


def test_broken_yaml_falls_back_to_a_line_scan() -> None:
    broken = SPEC.replace("title: string", "title: [string")
    outline = spec_outline(broken)
    assert not outline.parsed
    assert outline.resources_lines == LineRange(1, 9)
    assert [r.name for r in outline.resources] == ["Product", "Order"]
    assert outline.resources[0].lines == LineRange(2, 6)


def test_line_scan_agrees_with_yaml_on_the_example() -> None:
    good = spec_outline(RECIPES)
    broken = spec_outline(RECIPES.replace("bio: text", "bio: {text"))
    assert not broken.parsed
    assert broken.resources == good.resources
    assert broken.resources_lines == good.resources_lines
    lines = RECIPES.splitlines()
    for resource in good.resources:
        assert lines[resource.lines.start].strip() == f"{resource.name}:"
        assert lines[resource.lines.end].startswith("    permissions:")


def test_half_typed_resource_while_editing() -> None:
    text = 'name: x\nresources:\n  User:\n    fields: {email: email}\n  "Draft":\n    fields:\n      a: [\n'
    outline = spec_outline(text)
    assert [r.name for r in outline.resources] == ["User", "Draft"]
    assert outline.resources[1].lines == LineRange(4, 6)


def test_no_resources_key() -> None:
    assert spec_outline("name: x\n").resources_lines is None
    assert spec_outline("name: [\n").resources == ()
    assert spec_outline("").resources_lines is None
    assert spec_outline("- a\n- b\n").resources == ()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_outline_never_raises_and_stays_in_the_document(text: str) -> None:
    outline = spec_outline(text)
    count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    ranges = [r.lines for r in outline.resources]
    if outline.resources_lines is not None:
        ranges.append(outline.resources_lines)
    for lines in ranges:
        assert 0 <= lines.start <= lines.end < count
