"""Any valid BackendSpec dumps to backend.yaml text that parses back to an equal spec."""

from __future__ import annotations

from hypothesis import given, settings

from backendbot.core.spec.dump import dump_spec
from backendbot.core.spec.model import BackendSpec
from backendbot.core.spec.parse import parse_spec, validate_spec_text
from tests.spec.spec_strategies import specs


@settings(max_examples=150, deadline=None)
@given(specs())
def test_dump_then_parse_is_identity(spec: BackendSpec) -> None:
    text = dump_spec(spec)
    assert validate_spec_text(text, "dumped.yaml") == []
    assert parse_spec(text, "dumped.yaml") == spec
