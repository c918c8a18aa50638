"""A field as a SQLAlchemy column: its ``Mapped[...]`` annotation and ``mapped_column`` arguments."""

from __future__ import annotations

from backendbot.core.scaffold.model.fields import FieldPlan
from backendbot.core.scaffold.model.limits import DEFAULT_STRING_LENGTH, EMAIL_LENGTH, URL_LENGTH
from backendbot.core.scaffold.stacks.fastapi.literals import py_literal
from backendbot.core.spec.model import Field

# The sqlalchemy names column arguments may use.
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


def orm_annotation(f: FieldPlan) -> str:
    """Inside ``Mapped[...]``."""
    annotation = _orm_type(f.spec)
    return f"{annotation} | None" if f.nullable else annotation


def column_arg_list(f: FieldPlan) -> list[str]:
    """The arguments of ``mapped_column(...)``."""
    field = f.spec
    args = [_sa_type(field, f.ref_table)]
    if field.unique:
        args.append("unique=True")
    if field.type in {"ref", "enum"}:
        args.append("index=True")
    if field.type == "list":
        args.append("default=list")
    elif field.default is not None:
        args.append(f"default={py_literal(field.default)}")
    args.append(f"nullable={f.nullable}")
    return args


def column_args(f: FieldPlan) -> str:
    return ", ".join(column_arg_list(f))


def _orm_type(field: Field) -> str:
    kind = field.type
    if kind == "list":
        item = _orm_type(Field(name=field.name, type=field.item_type or "string"))
        return f"list[{item}]"
    return {
        "integer": "int",
        "number": "float",
        "boolean": "bool",
        "date": "dt.date",
        "datetime": "dt.datetime",
        "uuid": "UUID",
        "ref": "int",
    }.get(kind, "str")


def _sa_type(field: Field, ref_table: str | None) -> str:
    kind = field.type
    if kind == "ref":
        rule = {"cascade": ', ondelete="CASCADE"', "set_null": ', ondelete="SET NULL"'}
        return f'ForeignKey("{ref_table}.id"{rule.get(field.on_delete or "", "")})'
    if kind == "enum":
        return f"String({max((len(v) for v in field.values), default=1)})"
    return {
        "string": f"String({field.max_length or DEFAULT_STRING_LENGTH})",
        "text": "Text",
        "integer": "BigInteger",
        "number": "Float",
        "boolean": "Boolean",
        "date": "Date",
        "datetime": "UTCDateTime",
        "email": f"String({EMAIL_LENGTH})",
        "url": f"String({URL_LENGTH})",
        "uuid": "Uuid",
        "file": "String(255)",
        "list": "JSON",
    }[kind]
