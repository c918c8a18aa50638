"""The plan of a spec and a layout: what every stack renders."""

from __future__ import annotations

import re

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.scaffold.model.fields import field_plan
from backendbot.core.scaffold.model.permissions import permissions
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.model.resources import ResourcePlan
from backendbot.core.scaffold.names import is_identifier, kebab, plural, snake
from backendbot.core.scaffold.stacks import stack
from backendbot.core.spec.model import ALL_OPERATIONS, BackendSpec, Field, Resource
from backendbot.core.spec.names import RESERVED_RESOURCES  # the generated app's own module names

# Names every record or list query already has.
RESERVED_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "owner_id",
        "limit",
        "offset",
        "sort",
        "password",
        "password_hash",
        "current_password",
        "token_version",
        "model_config",
        # names the generated classes' annotations use: a field may not shadow them
        "dt",
        "str",
        "int",
        "float",
        "bool",
        "list",
        "dict",
        "bytes",
        "object",
        "mapped_column",
        "absent",
    }
)
# Field names private by default (with auth): only the owner and admins see them.
SECRET_NAMES = re.compile(r"password|secret|token|api_?key|ssn", re.IGNORECASE)


def build_plan(spec: BackendSpec, layout: Layout) -> ProjectPlan:
    """The plan of ``spec``; a name no stack can use is an input error."""
    stack(spec.stack)  # one there is a folder for, else an input error
    auth = spec.auth.jwt
    roles = spec.auth.roles if auth else ()
    admin = roles[0] if roles else None
    default = "user" if "user" in roles else (roles[-1] if roles else None)
    resources = list(spec.resources)
    user_spec = next((r for r in resources if r.name.lower() == "user"), None) if auth else None
    if auth and user_spec is None:
        user_spec = Resource(name="User", fields=(), endpoints=())
        resources.append(user_spec)
    tables = {r.name: plural(snake(r.name)) for r in resources}
    user_name = user_spec.name if user_spec else None
    plans = []
    for resource in resources:
        _check_names(resource)
        is_user = resource is user_spec
        fields = _user_fields(resource, roles, default) if is_user else resource.fields
        plans.append(
            ResourcePlan(
                name=resource.name,
                snake=snake(resource.name),
                plural=plural(snake(resource.name)),
                table=tables[resource.name],
                url="/" + kebab(plural(snake(resource.name))),
                fields=tuple(
                    field_plan(
                        f,
                        _ref_table(f, tables, resource),
                        private=auth and _private(f),
                        owner=auth and not is_user and f.type == "ref" and f.to == user_name,
                    )
                    for f in fields
                ),
                endpoints=tuple(op for op in ALL_OPERATIONS if op in resource.endpoints),
                permissions=permissions(resource, auth, is_user, admin),
                is_user=is_user,
                owned=auth and not is_user,
                in_spec=resource in spec.resources,
            )
        )
    return ProjectPlan(
        name=spec.name,
        stack=spec.stack,
        layout=layout,
        auth=auth,
        roles=roles,
        admin_role=admin,
        default_role=default,
        resources=tuple(sorted(plans, key=lambda r: r.name)),
    )


def _check_names(resource: Resource) -> None:
    name = snake(resource.name)
    if not is_identifier(name) or name in RESERVED_RESOURCES:
        raise InputError(f"resource {resource.name!r}: the name {name!r} is reserved or invalid")
    for field in resource.fields:
        if not is_identifier(field.name) or field.name in RESERVED_FIELDS:
            raise InputError(
                f"resource {resource.name!r}: field name {field.name!r} is reserved or not a valid identifier"
            )


def _private(field: Field) -> bool:
    """The spec's ``private``, else private for emails and names like password, secret, token."""
    if field.private is not None:
        return field.private
    return field.type == "email" or SECRET_NAMES.search(field.name) is not None


def _ref_table(field: Field, tables: dict[str, str], owner: Resource) -> str | None:
    if field.type != "ref":
        return None
    if field.to not in tables:
        raise InputError(
            f"resource {owner.name!r}: field {field.name!r} refers to unknown {field.to!r}"
        )
    return tables[field.to]


def _user_fields(
    resource: Resource, roles: tuple[str, ...], default: str | None
) -> tuple[Field, ...]:
    """The auth user: a unique, required email to log in with, and a role when roles exist."""
    fields = [f for f in resource.fields if f.name != "email"]
    given = next((f for f in resource.fields if f.name == "email"), None)
    email = Field(
        name="email",
        type="email",
        unique=True,
        required=True,
        max_length=given.max_length if given else None,
        private=given.private if given else None,
    )
    fields.insert(0, email)
    if roles and not any(f.name == "role" for f in fields):
        fields.append(Field(name="role", type="enum", values=roles, default=default))
    return tuple(fields)
