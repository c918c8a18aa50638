"""Functions the templates call: import blocks, annotations, permissions and test choices.

Each import block comes out sorted the way ruff's isort sorts it, so the generated code
passes ``ruff check`` as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from backendbot.core.scaffold.context import MAX_PAGE_SIZE, ProjectView, ResourceView
from backendbot.core.scaffold.fields import (
    DEFAULT_LIST_ITEMS,
    DEFAULT_STRING_LENGTH,
    DEFAULT_TEXT_LENGTH,
    INT64_MAX,
    PLAIN_TYPES,
    TYPE_CONSTANTS,
    URL_PATTERN,
    FieldView,
    py_literal,
)
from backendbot.core.spec.media_types import SIGNATURES, TEXT_TYPES
from backendbot.core.spec.model import Operation

# One valid item of each list[T], to fill a list past its cap
LIST_ITEM_SAMPLES = {
    "string": '"a"',
    "integer": "1",
    "number": "1.0",
    "boolean": "True",
    "date": '"2000-01-15"',
    "datetime": '"2000-01-15T10:30:00Z"',
    "email": '"a@example.com"',
    "url": '"https://example.com/"',
    "uuid": '"00000000-0000-4000-8000-000000000001"',
}
SA_NAMES = (
    "BigInteger",
    "Boolean",
    "Date",
    "Float",
    "ForeignKey",
    "JSON",
    "String",
    "Text",
    "Uuid",
)


def fit(head: str, items: Iterable[str], tail: str, indent: int = 0) -> str:
    """A call or signature laid out as ruff format would: on one line when it fits, else the
    arguments on one indented line, else one per line with a trailing comma."""
    parts = list(items)
    pad = " " * indent
    one = f"{pad}{head}{', '.join(parts)}{tail}"
    if len(one) <= LINE_LENGTH:
        return one
    inner = f"{pad}    {', '.join(parts)}"
    if len(inner) <= LINE_LENGTH:
        return f"{pad}{head}\n{inner}\n{pad}{tail}"
    lines = "".join(f"{pad}    {part},\n" for part in parts)
    return f"{pad}{head}\n{lines}{pad}{tail}"


def text_argument(name: str, text: str, indent: int) -> str:
    """``name="text",`` as an argument line; a long text becomes implicitly joined parts."""
    pad = " " * indent
    one = f'{pad}{name}="{text}",'
    if len(one) <= LINE_LENGTH:
        return one
    width = LINE_LENGTH - indent - 6
    if len(text) <= width:
        return f'{pad}{name}=(\n{pad}    "{text}"\n{pad}),'
    parts: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if len(candidate) + 1 > width and current:
            parts.append(current + " ")
            current = word
        else:
            current = candidate
    parts.append(current)
    body = "".join(f'{pad}    "{part}"\n' for part in parts)
    return f"{pad}{name}=(\n{body}{pad}),"


def py_tuple(items: Iterable[Any]) -> str:
    values = [py_literal(str(item)) for item in items]
    return "(" + ", ".join(values) + ("," if len(values) == 1 else "") + ")"


LINE_LENGTH = 100  # the generated pyproject's ruff line-length
STDLIB = frozenset(
    {
        "asyncio",
        "collections.abc",
        "dataclasses",
        "datetime",
        "itertools",
        "os",
        "pathlib",
        "typing",
        "urllib.parse",
        "uuid",
    }
)


def import_block(
    modules: dict[str, set[str]], first_party: str, plain: tuple[str, ...] = ()
) -> list[str]:
    """Import lines as ruff's isort sorts them: stdlib, third party, first party; in each
    group ``import x`` lines first, then ``from x import a, b``."""
    groups: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for name in sorted(plain):
        groups[0 if name.split(" ")[0] in STDLIB else 1].append(f"import {name}")
    stdlib = STDLIB
    for module in sorted(modules):
        names = _isort_names(modules[module])
        group = 0 if module in stdlib else 2 if module.split(".")[0] in first_party.split() else 1
        line = f"from {module} import {', '.join(names)}"
        if len(line) > LINE_LENGTH:
            line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"
        groups[group].append(line)
    lines: list[str] = []
    for key in (0, 1, 2):
        if groups[key]:
            if lines:
                lines.append("")
            lines.extend(groups[key])
    return lines


def _isort_names(names: set[str]) -> list[str]:
    """isort's force-sort-within-types order: CONSTANTS, Classes, functions."""

    def kind(name: str) -> int:
        if name.isupper() and len(name) > 1:
            return 0
        return 1 if name[:1].isupper() else 2

    return sorted(names, key=lambda n: (kind(n), n))


class Helpers:
    def __init__(self, view: ProjectView) -> None:
        self.p = view
        self.m = view.modules
        self.first_party = " ".join(
            sorted(
                {
                    getattr(self.m, k).split(".")[0]
                    for k in (
                        "routes",
                        "controllers",
                        "models",
                        "middleware",
                        "services",
                        "database",
                        "config",
                    )
                }
                | {self.tests_module.split(".")[0]}
            )
        )

    @property
    def tests_module(self) -> str:
        return self.p.layout.tests.rstrip("/").replace("/", ".")

    @property
    def packages(self) -> list[str]:
        """Top-level packages of the application code (not the tests)."""
        keys = ("routes", "controllers", "models", "middleware", "services", "database", "config")
        return sorted({getattr(self.m, key).split(".")[0] for key in keys})

    @property
    def coverage(self) -> list[str]:
        return self.packages

    def globals(self) -> dict[str, Any]:
        names = [n for n in dir(self) if not n.startswith("_") and n not in ("globals", "p", "m")]
        out: dict[str, Any] = {n: getattr(self, n) for n in names}
        out.update(
            p=self.p,
            m=self.m,
            max_page=MAX_PAGE_SIZE,
            int64_max=INT64_MAX,
            url_pattern=py_literal(URL_PATTERN),
            default_string_length=DEFAULT_STRING_LENGTH,
            py_tuple=py_tuple,
            fit=fit,
            text_argument=text_argument,
        )
        return out

    def sort_imports(self, text: str) -> str:
        """A jinja filter: ``from x import a, b`` lines re-sorted (and wrapped) for the layout."""
        modules: dict[str, set[str]] = {}
        for line in text.splitlines():
            match = re.fullmatch(r"from (\S+) import (.+)", line.strip())
            if match:
                modules.setdefault(match.group(1), set()).update(match.group(2).split(", "))
        return "\n".join(self._block(modules)) + "\n"

    def _block(self, modules: dict[str, set[str]], plain: tuple[str, ...] = ()) -> list[str]:
        return import_block(modules, self.first_party, plain)

    # --- models -------------------------------------------------------------------------
    def orm_imports(self, r: ResourceView) -> list[str]:
        source = " ".join(f.column_args for f in r.fields)
        annotations = " ".join(f.orm_annotation for f in r.fields)
        modules: dict[str, set[str]] = {
            "sqlalchemy.orm": {"Mapped", "mapped_column"},
            f"{self.m.database}.base": {"Record"},
        }
        sa = {name for name in SA_NAMES if _uses(source, name)}
        if r.is_user:
            sa |= {"Integer", "String"}
        if r.owned:
            sa.add("ForeignKey")
        if sa:
            modules["sqlalchemy"] = sa
        if _uses(source, "UTCDateTime"):
            modules[f"{self.m.database}.base"].add("UTCDateTime")
        _add_std(modules, annotations)
        return self._block(modules, ("datetime as dt",) if "dt." in annotations else ())

    def schema_imports(self, r: ResourceView) -> list[str]:
        text = " ".join(
            [
                *(
                    f"{f.schema_type} {self.create_annotation(f)} {self.update_annotation(f)}"
                    for f in r.fields
                ),
                *(f"{f.filter_type} {f.filter_constraints}" for f in r.filters),
            ]
        )
        modules: dict[str, set[str]] = {
            "typing": {"Literal"},
            "pydantic": {"BaseModel", "ConfigDict", "Field"},
        }
        _add_std(modules, text)
        types = {name for name in (*PLAIN_TYPES, *TYPE_CONSTANTS) if _uses(text, name)}
        if any(not f.nullable for f in r.writable) or r.is_user:
            types.add("absent")
        if any(f.numeric for f in r.writable):
            types.add("json_number")
        if any(f.temporal for f in r.writable):
            types.add("iso_text")
        if any(f.own_pattern for f in r.writable):
            types.add("no_control_characters")
        if types & {"json_number", "iso_text", "no_control_characters"}:
            modules["pydantic"].add("field_validator")
        if any(_json_list(f) for f in r.writable):
            modules["pydantic"].add("field_serializer")
            modules["pydantic_core"] = {"to_jsonable_python"}
        if r.is_user:
            types.add("Email")
        if types:
            modules[f"{self.m.models}.types"] = types
        return self._block(modules, ("datetime as dt",))

    def sort_keys(self, r: ResourceView) -> list[str]:
        names = ["id", "created_at", *(f.name for f in r.filters)]
        return [key for name in names for key in (name, f"-{name}")]

    def filters(self, r: ResourceView) -> list[tuple[str, str, str]]:
        out = [(f.name, f.filter_type, f.filter_constraints) for f in r.filters]
        if r.owned:
            out.append(("owner_id", "int", f"ge=1, le={INT64_MAX}"))
        return out

    def create_annotation(self, f: FieldView) -> str:
        c = f", {f.constraints}" if f.constraints else ""
        if f.spec.required:
            return f"{f.schema_type} = Field({f.constraints})" if f.constraints else f.schema_type
        if f.kind == "list":
            return f"{f.schema_type} = Field(default_factory=list{c})"
        if f.default_literal is not None:
            return f"{f.schema_type} = Field(default={f.default_literal}{c})"
        return f"{_optional(f)} = None"

    def number_check(self, r: ResourceView, exclude: str = "") -> str:
        """Before-validators keeping numbers to JSON numbers and dates to ISO text, or nothing."""
        fields = [f for f in r.writable if f.name != exclude]
        return (
            _validator("_json_numbers", "json_number", [f.name for f in fields if f.numeric])
            + _validator("_iso_dates", "iso_text", [f.name for f in fields if f.temporal])
            + _validator(
                "_no_control_characters",
                "no_control_characters",
                [f.name for f in fields if f.own_pattern],
            )
        )

    def list_serializer(self, r: ResourceView) -> str:
        """JSON columns take lists of dates or UUIDs as their JSON text, or nothing."""
        names = [f.name for f in r.writable if _json_list(f)]
        if not names:
            return ""
        decorator = fit("@field_serializer(", [f'"{n}"' for n in names], ")", 4)
        return (
            f"\n{decorator}\n"
            "    def _json_lists(self, value: object) -> object:\n"
            "        return to_jsonable_python(value)\n"
        )

    def filter_check(self, r: ResourceView) -> str:
        return _validator("_iso_dates", "iso_text", [f.name for f in r.filters if f.temporal])

    def update_annotation(self, f: FieldView) -> str:
        """Absent means unchanged; ``null`` only where the field may be empty."""
        if f.nullable:
            return f"{_optional(f)} = None"
        c = f", {f.constraints}" if f.constraints else ""
        return f"{f.schema_type} = Field(default=absent(){c})"

    def read_annotation(self, f: FieldView) -> str:
        return f"{f.read_type} | None" if f.nullable else f.read_type

    # --- endpoints ----------------------------------------------------------------------
    def needs_user(self, r: ResourceView, op: Operation) -> bool:
        return self.p.auth and r.roles(op) is not None

    def needs_authorize(self, r: ResourceView, op: Operation) -> bool:
        roles = r.roles(op)
        return self.p.auth and roles is not None and "user" not in roles

    @property
    def uses_optional_user(self) -> bool:
        return any(self.viewer(r, op) for r in self.p.resources for op in self._ops(r))

    def viewer(self, r: ResourceView, op: Operation) -> bool:
        """A public operation on a resource with private fields: a token, when sent, shows more."""
        return self.p.auth and bool(r.private) and r.roles(op) is None

    def user_args(self, r: ResourceView, op: Operation) -> list[str]:
        if self.viewer(r, op):
            return ["user: OptionalUser"]
        return ["user: CurrentUser"] if self.needs_user(r, op) else []

    def user_params(self, r: ResourceView, op: Operation) -> list[str]:
        if self.viewer(r, op):
            return ["user: User | None"]
        return ["user: User"] if self.needs_user(r, op) else []

    def user_pass(self, r: ResourceView, op: Operation) -> str:
        return ", user" if self.needs_user(r, op) or self.viewer(r, op) else ""

    def role_guard(self, r: ResourceView, fields: str) -> str:
        if not (self.p.admin_role and r.field("role")):
            return ""
        return (
            f'        if "role" in {fields} and user.role != "{self.p.admin_role}":\n'
            f'            raise Forbidden("only {self.p.admin_role} may assign roles")\n'
        )

    def statuses(
        self, r: ResourceView, op: Operation, upload: bool = False, accepts: bool = False
    ) -> str:
        codes: set[int] = {422}
        if op != "list" and op != "create":
            codes.add(404)
        if op in ("create", "update", "delete") and not upload:
            codes.add(409)
        if op in ("create", "update"):
            codes.add(400)  # a body that is not JSON
        if upload:
            codes |= {400, 413}
        if accepts:
            codes.add(415)
        if self.needs_user(r, op) or self.viewer(r, op):
            codes.add(401)
        if self.needs_authorize(r, op):
            codes.add(403)
        if r.is_user and op in ("create", "update") and self.role_guard(r, "x"):
            codes.add(403)
        if r.is_user and op == "update" and not upload:
            codes.add(403)  # an email or password change without the current password
        return ", ".join(str(c) for c in sorted(codes))

    def describe(self, r: ResourceView, op: Operation, upload: str = "", download: str = "") -> str:
        text = {
            "list": f"A page of {r.plural_label}. Filter by equality on "
            f"{', '.join(f'`{name}`' for name, _, _ in self.filters(r)) or 'no field'}; "
            "sort with `sort` (`-` for descending).",
            "get": f"One {r.label} by id.",
            "create": f"Creates a {r.label}.",
            "update": "Changes the fields sent; the others keep their values.",
            "delete": f"Deletes a {r.label}.",
        }[op]
        if upload:
            text = f"Stores the uploaded file (multipart field `file`) as the {r.label}'s {upload}."
        if download:
            text = f"The {r.label}'s {download} as stored."
        roles = r.roles(op)
        if self.p.auth:
            who = (
                "anyone"
                if roles is None
                else " or ".join(
                    {"user": "any signed-in user", "owner": "its owner"}.get(x, f"role `{x}`")
                    for x in roles
                )
            )
            text += f" Allowed: {who}."
        return text.replace('"', '\\"')

    def service_imports(self, r: ResourceView) -> list[str]:
        modules: dict[str, set[str]] = {f"{self.m.services}.crud": {"CrudService"}}
        for target in {r.name, *(f.spec.to or "" for f in r.refs)}:
            modules.setdefault(f"{self.m.models}.{self.p.resource(target).snake}", set()).add(
                target
            )
        if r.is_user:
            modules["sqlalchemy"] = {"select"}
        return self._block(modules)

    def controller_imports(self, r: ResourceView) -> list[str]:
        ops = set(r.endpoints)
        schemas = {f"{r.name}Read"}
        schemas |= {
            f"{r.name}{s}" for op, s in (("create", "Create"), ("update", "Update")) if op in ops
        }
        if "list" in ops:
            schemas |= {f"{r.name}ListQuery", f"{r.name}Page"}
        modules: dict[str, set[str]] = {
            "fastapi": {"Request"},
            f"{self.m.database}.session": {"SessionDep"},
            f"{self.m.models}.{r.snake}_schemas": schemas,
            f"{self.m.services}.{r.snake}": {f"{r.name}Service"},
        }
        all_ops = self._ops(r)
        if any(self.needs_user(r, op) or self.viewer(r, op) for op in all_ops):
            modules[f"{self.m.models}.user"] = {"User"}
        if any(self.needs_authorize(r, op) for op in all_ops):
            modules[f"{self.m.middleware}.auth"] = {"authorize"}
        if r.private:
            modules[f"{self.m.models}.{r.snake}_schemas"].add(f"{r.name}Public")
            modules.setdefault(f"{self.m.models}.{r.snake}", set()).add(r.name)
        if r.private or ops & {"list", "get", "update"} or r.files:
            modules[f"{self.m.models}.{r.snake}_schemas"].add(f"{r.name}View")
        if r.files:
            modules[f"{self.m.services}.storage"] = {"Storage"}
            modules[f"{self.m.services}.errors"] = {"NotFound"}
            modules[f"{self.m.services}.uploads"] = {"Upload", "read_upload"}
        if r.is_user:
            modules[f"{self.m.services}.auth"] = {"Passwords"}
            if (self.role_guard(r, "x") and ops & {"create", "update"}) or "update" in ops:
                modules.setdefault(f"{self.m.services}.errors", set()).add("Forbidden")
        return self._block(modules)

    def route_imports(self, r: ResourceView) -> list[str]:
        ops = set(r.endpoints)
        schemas: set[str] = set()
        schemas |= {
            f"{r.name}{s}" for op, s in (("create", "Create"), ("update", "Update")) if op in ops
        }
        if "list" in ops:
            schemas |= {f"{r.name}ListQuery", f"{r.name}Page"}
        fastapi = {"APIRouter", "Depends", "Path"}
        if "list" in ops:
            fastapi.add("Query")
        if r.files:
            fastapi |= {"Request", "Response"}
        modules: dict[str, set[str]] = {
            "typing": {"Annotated"},
            "fastapi": fastapi,
            f"{self.m.controllers}.{r.snake}": {f"{r.name}Controller", f"{r.snake}_controller"},
            f"{self.m.middleware}.errors": {"error_responses"},
            f"{self.m.models}.{r.snake}_schemas": schemas,
        }
        if r.files:
            modules["urllib.parse"] = {"quote"}
            modules["starlette.concurrency"] = {"run_in_threadpool"}
            modules[f"{self.m.services}.uploads"] = {"upload_body"}
            modules[f"{self.m.database}.session"] = {"DatabaseDep"}
        if ops & {"list", "get"}:
            # list and get are async: they read through Database.run
            modules[f"{self.m.database}.session"] = {"DatabaseDep"}
        all_ops = self._ops(r)
        auth = {"CurrentUser"} if any(self.needs_user(r, op) for op in all_ops) else set()
        if any(self.viewer(r, op) for op in all_ops):
            auth |= {"OptionalUser", "OPTIONAL_SIGN_IN"}
        if auth:
            modules[f"{self.m.middleware}.auth"] = auth
        if ops & {"list", "get", "update"} or r.files:
            modules[f"{self.m.models}.{r.snake}_schemas"].add(f"{r.name}View")
        if "create" in ops:
            modules[f"{self.m.models}.{r.snake}_schemas"].add(f"{r.name}Read")
        return self._block(modules)

    # --- tests --------------------------------------------------------------------------
    def conftest_imports(self) -> list[str]:
        modules: dict[str, set[str]] = {
            "collections.abc": {"Iterator"},
            "pathlib": {"Path"},
            "typing": {"Any"},
            "fastapi": {"FastAPI"},
            "fastapi.testclient": {"TestClient"},
            "sqlalchemy": {"create_engine", "make_url", "text"},
            "sqlalchemy.orm": {"Session"},
            "sqlalchemy.pool": {"NullPool"},
            f"{self.m.config}.settings": {"Settings"},
            f"{self.m.database}.session": {"Database"},
            self.m.main(): {"create_app"},
        }
        for r in self.p.resources:
            names = {f"{r.name}Read"} if r.is_user else {f"{r.name}Create", f"{r.name}Read"}
            modules[f"{self.m.models}.{r.snake}_schemas"] = names
            if not r.is_user:
                modules[f"{self.m.services}.{r.snake}"] = {f"{r.name}Service"}
        if self.p.auth:
            modules[f"{self.m.models}.user"] = {"User"}
            modules["dataclasses"] = {"dataclass"}
            modules["pydantic"] = {"SecretStr"}
        return self._block(modules, ("itertools", "os", "pytest", "uuid"))

    def test_imports(self, r: ResourceView) -> list[str]:
        modules: dict[str, set[str]] = {
            "fastapi.testclient": {"TestClient"},
            f"{self.m.models}.{r.snake}_schemas": {"MAX_PAGE_SIZE"},
            f"{self.tests_module}.conftest": {"Api"},
        }
        plain: tuple[str, ...] = ("pytest",) if self.token_ops(r) else ()
        if r.is_user and r.has("update") and r.unique:
            modules[f"{self.tests_module}.conftest"].add("PASSWORD")
        if r.files:
            modules[f"{self.m.config}.settings"] = {"Settings"}
            if self.p.auth and r.roles("update") is not None:
                modules["fastapi"] = {"FastAPI"}
                modules["starlette.types"] = {"Message", "Scope"}
                plain = (*plain, "asyncio")
        if r.has("delete"):
            for other, _ in self.deleted_with(r):
                modules[f"{self.m.models}.{other.snake}"] = {other.name}
        return self._block(modules, plain)

    def samples_name(self, r: ResourceView, f: FieldView) -> str:
        return f"{r.snake.upper()}_{f.name.upper()}_SAMPLES"

    def sample_constants(self) -> list[str]:
        """Module constants of pattern-matching sample values, laid out for ruff format."""
        return [
            fit(f"{self.samples_name(r, f)} = (", [py_literal(v) for v in f.samples], ")")
            for r in self.p.resources
            for f in r.writable
            if f.sample.startswith("SAMPLES[")
        ]

    def payload_items(self, r: ResourceView) -> list[tuple[str, str]]:
        out = []
        for f in r.writable:
            if f.kind != "ref":
                out.append((f.name, f.sample.replace("SAMPLES[", self.samples_name(r, f) + "[")))
                continue
            target = self.p.resource(f.spec.to or "")
            if target.name == r.name or self._reaches(target, r.name, set()):
                out.append((f.name, "None"))
            elif target.is_user:
                out.append((f.name, "actor.id" if not r.is_user else "self.user().id"))
            elif self.p.auth and not r.is_user:
                out.append((f.name, f'self.create_{target.snake}(actor)["id"]'))
            else:
                out.append((f.name, f'self.create_{target.snake}()["id"]'))
        return out

    def _reaches(self, start: ResourceView, goal: str, seen: set[str]) -> bool:
        """Whether following refs from ``start`` comes back to ``goal`` (a cycle)."""
        if start.name in seen:
            return False
        seen.add(start.name)
        for f in start.refs:
            target = self.p.resource(f.spec.to or "")
            if target.name == goal or self._reaches(target, goal, seen):
                return True
        return False

    def _satisfies(self, r: ResourceView, op: Operation, role: str | None) -> bool:
        roles = r.roles(op)
        return (
            roles is None
            or "user" in roles
            or "owner" in roles
            or (role is not None and role in roles)
        )

    def _ops(self, r: ResourceView) -> list[Operation]:
        """The endpoints' operations, plus those a file field's upload and download use."""
        file_ops: list[Operation] = ["update", "get"] if r.files else []
        return [*r.endpoints, *file_ops]

    def actor_role(self, r: ResourceView) -> str:
        candidates = [self.p.default_role, *self.p.roles]
        for role in candidates:
            if all(self._satisfies(r, op, role) for op in self._ops(r)):
                return "" if role == self.p.default_role else py_literal(role)
        return ""

    def forbids_other(self, r: ResourceView, op: Operation) -> bool:
        """Whether a signed-in user with the default role, not the owner, is refused ``op``."""
        roles = r.roles(op)
        if roles is None or "user" in roles:
            return False
        return self.p.default_role not in roles

    def admin_reads(self, r: ResourceView) -> bool:
        """Whether the admin role may read any record of ``r`` (not only its own)."""
        roles = r.roles("get")
        return roles is None or "user" in roles or self.p.admin_role in roles

    def forbids_default(self, r: ResourceView, op: Operation) -> bool:
        return self.p.auth and self.forbids_other(r, op)

    def deletes_self(self, r: ResourceView) -> bool:
        role = self.actor_role(r).strip('"') or self.p.default_role
        roles = r.roles("delete") or ()
        return "user" not in roles and role not in roles

    def token_ops(self, r: ResourceView) -> list[tuple[str, str]]:
        if not self.p.auth:
            return []
        one = f"{r.url}/1"
        paths = {
            "list": ("GET", r.url),
            "get": ("GET", one),
            "create": ("POST", r.url),
            "update": ("PATCH", one),
            "delete": ("DELETE", one),
        }
        out = [paths[op] for op in r.endpoints if r.roles(op) is not None]
        for f in r.files:
            if r.roles("update") is not None:
                out.append(("PUT", f"{one}/{f.name}"))
        return out

    # --- uploads ------------------------------------------------------------------------
    def _accepted(self) -> list[str]:
        found = [t for r in self.p.resources for f in r.files for t in f.spec.accept]
        return list(dict.fromkeys(found))

    def upload_signatures(self) -> list[str]:
        """The SIGNATURES entries of services/uploads.py: the media types the spec accepts."""
        out = []
        for media_type in self._accepted():
            alternatives = [
                _tuple([_tuple([str(at), _bytes_literal(magic)]) for at, magic in alt])
                for alt in SIGNATURES[media_type]
            ]
            out.append(f"{py_literal(media_type)}: {_tuple(alternatives)},")
        return out

    def upload_text_types(self) -> bool:
        return any(t in TEXT_TYPES for t in self._accepted())

    @property
    def largest_upload(self) -> int:
        return max((f.spec.max_bytes or 0 for r in self.p.resources for f in r.files), default=0)

    def upload_sample(self, f: FieldView) -> str:
        """A bytes literal of content the field accepts."""
        if not f.spec.accept:
            return _bytes_literal(b"\x89PNG fake image")
        kind = f.spec.accept[0]
        if kind in TEXT_TYPES:
            text = b'{"text": "plain"}' if kind == "application/json" else b"plain text"
            return _bytes_literal(text)
        content = bytearray(b"\0" * 16)
        for at, magic in SIGNATURES[kind][0]:
            content[at : at + len(magic)] = magic
        return _bytes_literal(bytes(content) + b"the rest of the file")

    def upload_limit(self, f: FieldView) -> str:
        return str(f.spec.max_bytes) if f.spec.max_bytes else "self.max_upload_bytes"

    def text_field(self, r: ResourceView) -> FieldView | None:
        """The first string or text field a create accepts, to send control characters in."""
        return next((f for f in r.writable if f.kind in {"string", "text"}), None)

    def oversized(self, r: ResourceView) -> list[tuple[str, str]]:
        """(field, a Python expression one character or item over its cap) for text and lists."""
        out = []
        for f in r.writable:
            if f.kind == "text":
                out.append((f.name, f'"x" * {(f.spec.max_length or DEFAULT_TEXT_LENGTH) + 1}'))
            elif f.kind == "list":
                item = LIST_ITEM_SAMPLES[f.spec.item_type or "string"]
                out.append((f.name, f"[{item}] * {(f.spec.max_items or DEFAULT_LIST_ITEMS) + 1}"))
        return out

    def update_field(self, r: ResourceView) -> FieldView | None:
        """A field an update test may change freely (an email change needs more: see the user)."""
        fields = [f for f in r.writable if f.comparable and f.kind != "ref"]
        return next((f for f in fields if not (r.is_user and f.name == "email")), None)

    def plain_refs(self, r: ResourceView) -> tuple[FieldView, ...]:
        """Refs the request body sets (owner refs come from the token)."""
        return tuple(f for f in r.refs if f.writable)

    def non_nullable(self, r: ResourceView) -> FieldView | None:
        return next((f for f in r.writable if not f.nullable), None)

    def referrer_of(self, r: ResourceView) -> tuple[ResourceView, str] | None:
        """A resource whose records, while they refer to one of ``r``, forbid deleting it."""
        for other in self.p.resources:
            if other.is_user:
                continue
            if r.is_user and other.owned:
                return other, "owner_id"
            for f in other.refs:
                if (
                    f.spec.to == r.name
                    and other.name != r.name
                    and f.spec.on_delete in (None, "restrict")
                ):
                    return other, f.name
        return None

    def deleted_with(self, r: ResourceView) -> list[tuple[ResourceView, FieldView]]:
        """(resource, ref) pairs whose records a delete of ``r`` removes or clears."""
        if r.is_user:
            return []
        return [
            (other, f)
            for other in self.p.resources
            if not other.is_user and other.name != r.name
            for f in other.refs
            if f.spec.to == r.name and f.spec.on_delete in ("cascade", "set_null")
        ]


def _validator(method: str, function: str, names: list[str]) -> str:
    if not names:
        return ""
    decorator = fit("@field_validator(", [*(f'"{n}"' for n in names), 'mode="before"'], ")", 4)
    return (
        f"\n{decorator}\n"
        "    @classmethod\n"
        f"    def {method}(cls, value: object) -> object:\n"
        f"        return {function}(value)\n"
    )


def _tuple(items: list[str]) -> str:
    """A tuple literal of the given item literals, as ruff format writes it."""
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _bytes_literal(value: bytes) -> str:
    """``repr`` with double quotes where that needs no escapes, as ruff format writes it."""
    text = repr(value)
    if text.startswith("b'") and b'"' not in value:
        return 'b"' + text[2:-1].replace("\\'", "'") + '"'
    return text


def _json_list(f: FieldView) -> bool:
    return f.kind == "list" and f.spec.item_type in {"date", "datetime", "uuid"}


def _optional(f: FieldView) -> str:
    """``T | None`` with the constraints on ``T`` (pydantic drops them from a union otherwise)."""
    if not f.constraints:
        return f"{f.schema_type} | None"
    return f"Annotated[{f.schema_type}, Field({f.constraints})] | None"


def _uses(source: str, name: str) -> bool:
    return re.search(rf"\b{name}\b", source) is not None


def _add_std(modules: dict[str, set[str]], text: str) -> None:
    """Imports the annotations in ``text`` need (``datetime`` comes in as ``dt``: a field may
    well be called ``date``)."""
    if _uses(text, "UUID"):
        modules.setdefault("uuid", set()).add("UUID")
    for name in ("Annotated", "Literal"):
        if _uses(text, name):
            modules.setdefault("typing", set()).add(name)
