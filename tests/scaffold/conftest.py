"""Specs for the scaffold tests: the shipped examples and small ones built in code."""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.core.layout import Layout
from backendbot.core.spec.model import Auth, BackendSpec, Field, Resource
from backendbot.core.spec.parse import load_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Every folder moved, the config folder outside the application package.
CUSTOM = Layout(
    api_routes="app/api/",
    controllers="app/controllers/",
    models="app/db/models/",
    middleware="app/middleware/",
    services="app/services/",
    database="app/db/",
    tests="test/",
    config="settings/",
)


@pytest.fixture(scope="session")
def recipes() -> BackendSpec:
    return load_spec(EXAMPLES / "recipes.yaml")


@pytest.fixture(scope="session")
def inventory() -> BackendSpec:
    return load_spec(EXAMPLES / "inventory.yaml")


def notes_spec(*, jwt: bool = False, roles: tuple[str, ...] = ()) -> BackendSpec:
    """A small spec of another shape: a self-reference, no User resource, few endpoints, a
    field private by its name (with jwt) on public reads."""
    return BackendSpec(
        name="notes",
        auth=Auth(jwt=jwt, roles=roles),
        resources=(
            Resource(
                name="Folder",
                fields=(
                    Field(name="title", type="string", required=True, max_length=80),
                    Field(name="parent", type="ref", to="Folder"),
                    Field(name="due", type="date"),
                ),
            ),
            Resource(
                name="NoteItem",
                fields=(
                    Field(name="body", type="text", required=True),
                    Field(name="folder", type="ref", to="Folder", required=True),
                    Field(name="slug", type="string", unique=True, pattern="^[a-z]{3}[0-9]{2}$"),
                    Field(name="score", type="number", min=0, max=10),
                    Field(name="key", type="uuid"),
                    # private by its name when signed in: shown to the owner and admins only
                    Field(name="access_token", type="string"),
                ),
                endpoints=("list", "get", "create"),
            ),
        ),
    )


def events_spec() -> BackendSpec:
    """Fields named like the types they hold (``date``, ``uuid``) and lists of dates and UUIDs."""
    return BackendSpec(
        name="events",
        resources=(
            Resource(
                name="Event",
                fields=(
                    Field(name="date", type="date", required=True),
                    Field(name="datetime", type="datetime"),
                    Field(name="type", type="enum", values=("talk", "workshop")),
                    Field(name="uuid", type="uuid"),
                    Field(name="dates", type="list", item_type="date"),
                    Field(name="keys", type="list", item_type="uuid"),
                    Field(name="scores", type="list", item_type="number"),
                ),
            ),
        ),
    )


def shop_spec(roles: tuple[str, ...] = ("admin", "user")) -> BackendSpec:
    """A User with all five endpoints, a two-word resource, a pattern with alternation, enum
    values with spaces, a required ref to the user, a self-reference, owner-only reads."""
    reads = {"get": ("owner", "admin"), "list": ("admin",)} if roles else {"get": ("owner",)}
    return BackendSpec(
        name="shop",
        auth=Auth(jwt=True, roles=roles),
        resources=(
            Resource(
                name="User",
                fields=(
                    Field(name="email", type="email", unique=True, required=True),
                    Field(name="nickname", type="string", required=True, max_length=30),
                ),
            ),
            Resource(
                name="OrderItem",
                fields=(
                    Field(name="sku", type="string", required=True, pattern="^(abc|def)-[0-9]{2}$"),
                    Field(
                        name="status",
                        type="enum",
                        values=("in-progress", "on hold"),
                        default="on hold",
                    ),
                    Field(name="buyer", type="ref", to="User", required=True),
                    Field(name="parent", type="ref", to="OrderItem"),
                ),
                permissions=reads,  # type: ignore[arg-type]
            ),
        ),
    )


def gallery_spec() -> BackendSpec:
    """File fields that accept given media types (signature checked) with their own max_bytes,
    a text field with a raised cap, a list with its own max_items, refs that cascade and set
    null; no auth."""
    return BackendSpec(
        name="gallery",
        resources=(
            Resource(
                name="Album",
                fields=(Field(name="title", type="string", required=True),),
            ),
            Resource(
                name="Photo",
                fields=(
                    Field(name="caption", type="text", max_length=20_000),
                    Field(name="labels", type="list", item_type="string", max_items=5),
                    Field(
                        name="picture",
                        type="file",
                        accept=("image/png", "image/jpeg"),
                        max_bytes=2048,
                    ),
                    Field(name="notes", type="file", accept=("text/plain", "application/json")),
                    Field(name="album", type="ref", to="Album", required=True, on_delete="cascade"),
                    Field(name="cover_of", type="ref", to="Album", on_delete="set_null"),
                ),
            ),
        ),
    )


def write_tree(root: Path, files: dict[str, str]) -> None:
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
