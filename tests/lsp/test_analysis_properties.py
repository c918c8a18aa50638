"""Listing is total: any text, any range, any kind of document gives a list, never an error."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from backendbot.lsp_server.analysis import Span, offers_at
from backendbot.lsp_server.documents import DocumentCache

LINES = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "resources:",
                "  Dish:",
                "    fields:",
                "class A(BaseModel):",
                "@dataclass",
                "    x: int",
                "# endpoint: GET /a/{id} b",
                "// endpoint: POST /x",
                '{"a": 1}',
                "\t",
            ]
        ),
    ),
    max_size=30,
)
URIS = st.sampled_from(
    ["file:///r/backend.yaml", "file:///r/a.py", "file:///r/a.ts", "file:///r/x.yml", "file:///r/x"]
)
INDEX = st.integers(min_value=0, max_value=60)


@settings(max_examples=300, deadline=None)
@given(LINES, URIS, INDEX, INDEX, INDEX, INDEX, st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_offers_never_raise(
    lines: list[str], uri: str, a: int, b: int, c: int, d: int, encoding: str
) -> None:
    view = DocumentCache().view(uri, 1, None, "\n".join(lines))
    start, end = sorted([(a, b), (c, d)])
    offers = offers_at(view, Span(*start, *end), encoding)
    assert all(o.title.startswith("Generate") for o in offers)
