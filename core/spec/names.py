"""Naming rules: what a project, resource, field and role may be called (None when the name is fine)."""

from __future__ import annotations

import keyword
import re

_PROJECT = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")

# Columns every generated model has (or, for owner_id, that owner rules add), and names the
# generated ORM/pydantic classes already use.
RESERVED_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "owner_id",
        "metadata",
        "registry",
        # list query parameters and auth columns of the generated app
        "limit",
        "offset",
        "sort",
        "password",
        "password_hash",
    }
)
# snake_case forms the generated app already uses for its own modules and classes
RESERVED_RESOURCES = frozenset(
    {
        "app",
        "auth",
        "auth_gate",
        "base",
        "body_limit",
        "cli",
        "cors",
        "crud",
        "docs",
        "errors",
        "health",
        "login_limits",
        "main",
        "request_id",
        "security_headers",
        "session",
        "storage",
        "uploads",
    }
    | {"types", "settings", "request", "response"}
)


def project_name_problem(name: str) -> str | None:
    if _PROJECT.fullmatch(name) is None:
        return f"name '{name}' must be lowercase letters and digits, words joined by '-' or '_'"
    return None


def resource_name_problem(name: str) -> str | None:
    if _PASCAL.fullmatch(name) is None:
        return f"resource name '{name}' must be PascalCase, e.g. 'Recipe' or 'StockMovement'"
    if keyword.iskeyword(name) or snake_name(name) in RESERVED_RESOURCES:
        return f"resource name '{name}' is reserved (the generated app has a module or class of that name)"
    return None


def field_name_problem(name: str) -> str | None:
    if _SNAKE.fullmatch(name) is None:
        return f"field name '{name}' must be snake_case, e.g. 'created_by' or 'servings'"
    if keyword.iskeyword(name):
        return f"field name '{name}' is a Python keyword"
    if name in RESERVED_FIELDS or name.startswith("model_"):
        return (
            f"field name '{name}' is reserved (records get id, created_at, updated_at and owner_id; "
            "lists take limit, offset, sort; the user keeps password_hash)"
        )
    return None


def role_name_problem(name: str) -> str | None:
    if _SNAKE.fullmatch(name) is None:
        return f"role '{name}' must be snake_case, e.g. 'admin' or 'editor'"
    if name == "owner":
        return "role 'owner' is built in (the record's creator); do not list it in auth.roles"
    return None


def snake_name(name: str) -> str:
    """``StockMovement`` → ``stock_movement``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
