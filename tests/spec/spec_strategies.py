"""Hypothesis strategies for valid BackendSpecs, shared by the round-trip and incremental tests."""

from __future__ import annotations

from hypothesis import strategies as st

from backendbot.core.spec.model import ALL_OPERATIONS, Auth, BackendSpec, Field, Resource

WORDS = ["alpha", "beta", "gamma", "delta", "title", "count", "price", "notes", "state", "kind"]
RESOURCES = ["User", "Recipe", "Tag", "StockMovement", "Warehouse"]
SIMPLE = ["string", "text", "boolean", "date", "datetime", "email", "url", "uuid", "file"]
LIST_ITEMS = ["string", "integer", "number", "boolean", "date", "datetime", "email", "url", "uuid"]


@st.composite
def fields(draw: st.DrawFn, name: str, targets: list[str]) -> Field:
    kind = draw(st.sampled_from(["simple", "integer", "number", "enum", "list", "ref"]))
    required = draw(st.booleans())
    if kind == "integer":
        low = draw(st.none() | st.integers(-100, 100))
        high = draw(st.none() | st.integers(low if low is not None else -100, 200))
        lo = low if low is not None else min(-5, high if high is not None else -5)
        hi = high if high is not None else max(lo, 5)
        default = draw(st.none() | st.integers(lo, hi))
        return Field(
            name=name, type="integer", required=required, min=low, max=high, default=default
        )
    if kind == "number":
        low = draw(st.none() | st.floats(0, 10).map(lambda x: round(x, 2)))
        return Field(name=name, type="number", min=low, default=draw(st.none() | st.just(12.5)))
    if kind == "enum":
        values = tuple(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True)))
        return Field(
            name=name, type="enum", values=values, default=draw(st.none() | st.sampled_from(values))
        )
    if kind == "list":
        return Field(
            name=name,
            type="list",
            item_type=draw(st.sampled_from(LIST_ITEMS)),  # type: ignore[arg-type]
            max_items=draw(st.none() | st.integers(1, 500)),
        )
    if kind == "ref":
        rules = ["cascade", "restrict"] if required else ["cascade", "restrict", "set_null"]
        return Field(
            name=name,
            type="ref",
            to=draw(st.sampled_from(targets)),
            required=required,
            on_delete=draw(st.none() | st.sampled_from(rules)),  # type: ignore[arg-type]
        )
    simple = draw(st.sampled_from(SIMPLE))
    if simple == "file":
        accept = draw(
            st.lists(st.sampled_from(["image/png", "image/jpeg", "text/plain"]), unique=True)
        )
        return Field(
            name=name,
            type="file",
            accept=tuple(accept),
            max_bytes=draw(st.none() | st.integers(1, 10**9)),
        )
    if simple in ("string", "text"):
        return Field(
            name=name,
            type=simple,
            max_length=draw(st.none() | st.integers(5, 50)),
            default=draw(st.none() | st.just("hello")),
        )  # type: ignore[arg-type]
    return Field(name=name, type=simple, unique=simple in ("email", "uuid") and draw(st.booleans()))  # type: ignore[arg-type]


@st.composite
def specs(draw: st.DrawFn) -> BackendSpec:
    names = draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=4, unique=True))
    jwt = draw(st.booleans())
    roles = ("admin", "user") if jwt else ()
    resources = []
    for name in names:
        field_names = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5, unique=True))
        endpoints = tuple(op for op in ALL_OPERATIONS if draw(st.booleans())) or ALL_OPERATIONS
        permissions = {}
        if jwt and "delete" in endpoints:
            permissions["delete"] = draw(
                st.sampled_from([("admin",), ("owner", "admin"), ("user",)])
            )
        resources.append(
            Resource(
                name=name,
                fields=tuple(draw(fields(f, names)) for f in field_names),
                endpoints=endpoints,
                permissions=permissions,
            )
        )
    stack = draw(st.sampled_from(["fastapi", "express"]))
    return BackendSpec(
        name="app", stack=stack, auth=Auth(jwt=jwt, roles=roles), resources=tuple(resources)
    )


_LINES = [
    "      extra: {type: int32}",
    "      servings: {type: integer, min: 5, max: 1}",
    "      ref_field: ref[Nowhere]",
    "      alpha: string",
    "    endpoints: [list, show]",
    "    permissions: {delete: [owner, wizard]}",
    "    bogus: 1",
    "  Recipe:",
    "  Tag:",
    "  lower_case:",
    "    fields:",
    "# a comment",
    "",
    "      broken: {type: string",
    "stack: django",
    "auth: {jwt: true, roles: [admin, user]}",
    "      x: &anchor string",
    "\tindented: with a tab",
    "---",
]


def edit_text(text: str, data: st.DataObject) -> str:
    """One random line edit: insert, delete, replace or duplicate a line (often making it invalid)."""
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines)))
    kind = data.draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
    if kind == "insert" or not lines[at:]:
        lines.insert(at, data.draw(st.sampled_from(_LINES)))
    elif kind == "delete":
        del lines[at]
    elif kind == "replace":
        lines[at] = data.draw(st.sampled_from(_LINES))
    else:
        lines.insert(at, lines[at])
    return "\n".join(lines)
