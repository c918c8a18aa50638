"""Offsets in the negotiated position encoding."""

from __future__ import annotations

from backendbot.lsp_server.positions import convert, index_of, units

LINE = "a🍅é b"


def test_units_per_encoding() -> None:
    assert units(LINE, "utf-16") == 6
    assert units(LINE, "utf-8") == 9
    assert units(LINE, "utf-32") == 5


def test_index_of_rounds_down_inside_a_character() -> None:
    assert index_of(LINE, 1, "utf-16") == 1
    assert index_of(LINE, 2, "utf-16") == 1  # between the surrogates
    assert index_of(LINE, 3, "utf-16") == 2
    assert index_of(LINE, 5, "utf-8") == 2
    assert index_of(LINE, 99, "utf-8") == len(LINE)


def test_convert_between_encodings() -> None:
    assert convert(LINE, 5, "utf-16", "utf-8") == 8
    assert convert(LINE, 8, "utf-8", "utf-32") == 4
    assert convert("ascii", 3, "utf-16", "utf-8") == 3
