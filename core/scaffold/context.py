"""The view of a spec and a layout that the templates render: names, modules, permissions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.scaffold.fields import FieldView, field_view
from backendbot.core.scaffold.names import is_identifier, kebab, module_path, plural, snake
from backendbot.core.scaffold.stacks import stack
from backendbot.core.spec.model import ALL_OPERATIONS, BackendSpec, Field, Operation, Resource
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
MAX_PAGE_SIZE = 100
# Field names private by default (with auth): only the owner and admins see them.
SECRET_NAMES = re.compile(r"password|secret|token|api_?key|ssn", re.IGNORECASE)
Roles = tuple[str, ...] | None  # None: public


@dataclass(frozen=True)
class Modules:
    """Dotted module paths of the layout's folders."""

    routes: str
    controllers: str
    models: str
    middleware: str
    services: str
    database: str
    config: str
    app: str  # the package holding main.py ("" = project root)

    def main(self) -> str:
        return f"{self.app}.main" if self.app else "main"


@dataclass(frozen=True)
class ResourceView:
    name: str
    snake: str
    plural: str
    table: str
    url: str
    fields: tuple[FieldView, ...]
    endpoints: tuple[Operation, ...]
    permissions: dict[Operation, Roles]
    is_user: bool
    owned: bool
    in_spec: bool

    @property
    def label(self) -> str:
        return self.snake.replace("_", " ")

    @property
    def plural_label(self) -> str:
        return self.plural.replace("_", " ")

    @property
    def writable(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.writable)

    @property
    def filters(self) -> tuple[FieldView, ...]:
        extra = ()
        return tuple(f for f in self.fields if f.filterable) + extra

    @property
    def private(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.private)

    @property
    def public(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if not f.private)

    @property
    def owners(self) -> tuple[FieldView, ...]:
        """Refs to the user resource: set to the signed-in user on create, read-only after."""
        return tuple(f for f in self.fields if f.owner)

    @property
    def files(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.kind == "file")

    @property
    def refs(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.kind == "ref")

    @property
    def unique(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.spec.unique)

    @property
    def required(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.writable if f.spec.required)

    def has(self, op: str) -> bool:
        return op in self.endpoints

    def roles(self, op: Operation) -> Roles:
        return self.permissions.get(op)

    def field(self, name: str) -> FieldView | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class ProjectView:
    name: str
    stack: str  # the folder of core/scaffold/stacks/ that renders it
    modules: Modules
    layout: Layout
    auth: bool
    roles: tuple[str, ...]
    admin_role: str | None
    default_role: str | None
    resources: tuple[ResourceView, ...]

    @property
    def user(self) -> ResourceView | None:
        return next((r for r in self.resources if r.is_user), None)

    @property
    def has_files(self) -> bool:
        return any(r.files for r in self.resources)

    def resource(self, name: str) -> ResourceView:
        return next(r for r in self.resources if r.name == name)

    def by_table(self, table: str) -> ResourceView:
        return next(r for r in self.resources if r.table == table)


def build_view(spec: BackendSpec, layout: Layout) -> ProjectView:
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
    views = []
    for resource in resources:
        _check_names(resource)
        is_user = resource is user_spec
        fields = _user_fields(resource, roles, default) if is_user else resource.fields
        views.append(
            ResourceView(
                name=resource.name,
                snake=snake(resource.name),
                plural=plural(snake(resource.name)),
                table=tables[resource.name],
                url="/" + kebab(plural(snake(resource.name))),
                fields=tuple(
                    field_view(
                        f,
                        _ref_table(f, tables, resource),
                        private=auth and _private(f),
                        owner=auth and not is_user and f.type == "ref" and f.to == user_name,
                    )
                    for f in fields
                ),
                endpoints=tuple(op for op in ALL_OPERATIONS if op in resource.endpoints),
                permissions=_permissions(resource, auth, is_user, admin),
                is_user=is_user,
                owned=auth and not is_user,
                in_spec=resource in spec.resources,
            )
        )
    return ProjectView(
        name=spec.name,
        stack=spec.stack,
        modules=_modules(layout),
        layout=layout,
        auth=auth,
        roles=roles,
        admin_role=admin,
        default_role=default,
        resources=tuple(sorted(views, key=lambda v: v.name)),
    )


def _modules(layout: Layout) -> Modules:
    routes = module_path(layout.api_routes)
    return Modules(
        routes=routes,
        controllers=module_path(layout.controllers),
        models=module_path(layout.models),
        middleware=module_path(layout.middleware),
        services=module_path(layout.services),
        database=module_path(layout.database),
        config=module_path(layout.config),
        app=routes.rpartition(".")[0],
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


def _permissions(
    resource: Resource, auth: bool, is_user: bool, admin: str | None
) -> dict[Operation, Roles]:
    if not auth:
        return dict.fromkeys(ALL_OPERATIONS, None)
    out: dict[Operation, Roles] = {}
    for op in ALL_OPERATIONS:
        given = resource.permissions.get(op)
        if given:
            roles = tuple(given)
            if op in ("list", "create"):  # nothing is owned yet: "owner" means any signed-in user
                roles = tuple(dict.fromkeys("user" if r == "owner" else r for r in roles))
            out[op] = roles
        elif is_user:
            out[op] = _user_default(op, admin)
        else:
            out[op] = None if op in ("list", "get") else ("user",)
    return out


def _user_default(op: Operation, admin: str | None) -> Roles:
    """Reading a user is for that user and admins; listing them for any signed-in user (who
    sees each one's public view)."""
    if op == "list":
        return ("user",)
    if op == "create":
        return (admin,) if admin else ("user",)
    return ("owner", admin) if admin else ("owner",)
