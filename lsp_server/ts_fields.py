"""TypeScript properties → backend.yaml fields: the type map of *Generate model* on a .ts model.

A property's TypeScript type (or zod schema) becomes a spec field type; ``?``, ``| null``,
``| undefined``, zod ``.optional()``/``.nullable()`` and a default make it not required;
class-validator and TypeORM decorators refine it. What has no field type is an ``InputError``
at the property, naming it and its type. See README.md for the whole map.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from backendbot.core.errors import InputError
from backendbot.core.scaffold.names import snake
from backendbot.core.spec.model import Field, FieldType, ScalarType
from backendbot.core.spec.names import field_name_problem
from backendbot.core.spec.types import LIST_ITEM_TYPES
from backendbot.lsp_server import ts_scan
from backendbot.lsp_server.ts_models import TsModel, TsProperty

SERVER_SET = frozenset({"id", "created_at", "updated_at", "owner_id"})  # every record has them
_SUFFIXES = ("Schema", "Dto", "DTO", "Entity", "Model")
_SCALARS: dict[str, ScalarType] = {
    "string": "string",
    "String": "string",
    "number": "number",
    "Number": "number",
    "bigint": "integer",
    "boolean": "boolean",
    "Boolean": "boolean",
    "Date": "datetime",
    "File": "file",
    "Blob": "file",
    "Buffer": "file",
    "Express.Multer.File": "file",
}
_EXPECTED = (
    "expected string, number, bigint, boolean, Date, File, a union of string literals, "
    "T[] or Array<T> of those, or a resource of backend.yaml"
)
_STRING_LITERAL = re.compile(r"\"([^\"\\]*)\"|'([^'\\]*)'")
_ARRAY = re.compile(r"(?:Readonly)?Array\s*<(.*)>", re.S)
_SKIPPED_DECORATORS = {
    "PrimaryGeneratedColumn",
    "PrimaryColumn",
    "CreateDateColumn",
    "UpdateDateColumn",
}


@dataclass(frozen=True)
class _Type:
    type: FieldType
    item_type: ScalarType | None = None
    to: str | None = None
    values: tuple[str, ...] = ()
    nullable: bool = False


def resource_name(model_name: str) -> str:
    """``RecipeSchema``/``RecipeDto``/``recipeSchema`` → ``Recipe``; other names as they are."""
    for suffix in _SUFFIXES:
        if model_name.endswith(suffix) and len(model_name) > len(suffix):
            model_name = model_name[: -len(suffix)]
            break
    return model_name[:1].upper() + model_name[1:]


def ts_fields(
    model: TsModel, properties: list[TsProperty], resources: Collection[str], file: str
) -> tuple[Field, ...]:
    """The spec fields of ``model``'s properties; ``resources`` are the names a type may refer to."""
    fields: list[Field] = []
    for prop in properties:
        name = snake(prop.name)
        if name in SERVER_SET or any(d.name in _SKIPPED_DECORATORS for d in prop.decorators):
            continue
        problem = field_name_problem(name)
        if problem is not None:
            raise _at(prop, file, f"property '{prop.name}': {problem}")
        fields.append(_field(model, prop, name, resources, file))
    if not fields:
        raise InputError(
            f"{model.kind} {model.name} has no data property to make a field of",
            file=file,
            line=model.line + 1,
        )
    return tuple(fields)


def _field(
    model: TsModel, prop: TsProperty, name: str, resources: Collection[str], file: str
) -> Field:
    options: dict[str, Any] = {}
    if model.kind == "zod":
        mapped = _zod(prop, prop.type or "", resources, file, options)
    elif prop.type is not None:
        mapped = _ts_type(prop, prop.type, resources, file)
    elif prop.initializer is not None and (literal := _literal(prop.initializer)) is not None:
        mapped = _Type("boolean" if isinstance(literal, bool) else _number_or_string(literal))
    else:
        raise _at(prop, file, f"property '{prop.name}' has no type annotation")
    if prop.initializer is not None and (literal := _literal(prop.initializer)) is not None:
        options["default"] = literal
    mapped = _decorated(prop, mapped, options)
    optional = options.pop("_optional", False) or prop.optional or mapped.nullable
    required = not (optional or "default" in options)
    return Field(
        name=name,
        type=mapped.type,
        item_type=mapped.item_type,
        to=mapped.to,
        values=mapped.values,
        required=required,
        **options,
    )


def _ts_type(prop: TsProperty, text: str, resources: Collection[str], file: str) -> _Type:
    parts = [p.strip() for p in _split_union(text)]
    nullable = any(p in ("null", "undefined") for p in parts)
    parts = [p for p in parts if p not in ("null", "undefined")]
    literals = [_STRING_LITERAL.fullmatch(p) for p in parts]
    if parts and all(literals):
        values = tuple(m.group(1) if m.group(1) is not None else m.group(2) for m in literals if m)
        return _Type("enum", values=values, nullable=nullable)
    if len(parts) != 1:
        raise _unsupported(prop, text, file)
    return replace(_single(prop, parts[0], resources, file, text), nullable=nullable)


def _single(
    prop: TsProperty, text: str, resources: Collection[str], file: str, whole: str
) -> _Type:
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    array = _ARRAY.fullmatch(text)
    inner = array.group(1).strip() if array else text[:-2].strip() if text.endswith("[]") else None
    if inner is not None:
        try:
            item = _ts_type(prop, inner, resources, file)
        except InputError:
            raise _unsupported(prop, whole, file) from None
        if item.type not in LIST_ITEM_TYPES or item.nullable:
            raise _unsupported(
                prop, whole, file, "a list holds string, number, boolean or Date items"
            )
        return _Type("list", item_type=item.type)
    if text in _SCALARS:
        return _Type(_SCALARS[text])
    if text in resources:
        return _Type("ref", to=text)
    raise _unsupported(prop, whole, file)


def _split_union(text: str) -> list[str]:
    masked = ts_scan.mask(text)
    parts, start, depth = [], 0, 0
    for index, char in enumerate(masked):
        if char in "({[<":
            depth += 1
        elif char in ")}]>":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()] or [text]


_CALL = re.compile(r"\s*\.?\s*(?P<name>[A-Za-z_$][\w$]*)\s*")
_ZOD_BASES: dict[str, ScalarType] = {
    "string": "string",
    "number": "number",
    "bigint": "integer",
    "boolean": "boolean",
    "date": "datetime",
    "email": "email",
    "url": "url",
    "uuid": "uuid",
    "datetime": "datetime",
}


def _zod(
    prop: TsProperty, text: str, resources: Collection[str], file: str, options: dict[str, Any]
) -> _Type:
    calls = _calls(text)
    names = [n for n, _ in calls]
    while names[:1] in (["z"], ["coerce"], ["iso"]):
        names, calls = names[1:], calls[1:]
    if not calls:
        raise _unsupported(prop, text, file, "a zod schema such as z.string()")
    (base, arguments), modifiers = calls[0], calls[1:]
    if base == "enum" and arguments is not None:
        mapped = _Type("enum", values=tuple(a or b for a, b in _STRING_LITERAL.findall(arguments)))
    elif base == "array" and arguments is not None:
        item = _zod(prop, arguments, resources, file, {})
        if item.type not in LIST_ITEM_TYPES:
            raise _unsupported(
                prop, text, file, "a list holds string, number, boolean or date items"
            )
        mapped = _Type("list", item_type=item.type)
    elif base in _ZOD_BASES and arguments is not None:
        mapped = _Type(_ZOD_BASES[base])
    elif arguments is None and resource_name(base) in resources:
        mapped = _Type("ref", to=resource_name(base))
    else:
        raise _unsupported(prop, text, file, "a zod schema such as z.string()")
    for name, value in modifiers:
        mapped = _zod_modifier(mapped, name, value or "", options)
    return mapped


def _calls(text: str) -> list[tuple[str, str | None]]:
    """``z.string().max(3)`` → ``[("z", None), ("string", ""), ("max", "3")]``."""
    masked = ts_scan.mask(text)
    calls: list[tuple[str, str | None]] = []
    at = 0
    while (match := _CALL.match(masked, at)) is not None and match.end() > at:
        at = match.end()
        arguments = None
        if masked.startswith("(", at):
            close = ts_scan.matching(masked, at)
            if close < 0:
                break
            arguments, at = text[at + 1 : close].strip(), close + 1
        calls.append((match.group("name"), arguments))
    return calls


def _zod_modifier(mapped: _Type, name: str, value: str, options: dict[str, Any]) -> _Type:
    number = _literal(value)
    if name in ("optional", "nullable", "nullish"):
        return replace(mapped, nullable=True)
    if name == "default" and number is not None:
        options["default"] = number
    elif name == "int" and mapped.type == "number":
        return replace(mapped, type="integer")
    elif name in ("email", "url", "uuid", "datetime", "date") and mapped.type == "string":
        return replace(mapped, type=name)  # type: ignore[arg-type]
    elif name in ("max", "length") and isinstance(number, int) and mapped.type == "string":
        options["max_length"] = number
    elif name in ("min", "max") and _numeric(number) and mapped.type in ("integer", "number"):
        options[name] = number
    return mapped


def _decorated(prop: TsProperty, mapped: _Type, options: dict[str, Any]) -> _Type:
    """class-validator and TypeORM decorators: @IsOptional, @IsEmail, @IsInt, @MaxLength(n), ..."""
    for decorator in prop.decorators:
        name, number = decorator.name, _literal(decorator.arguments.split(",")[-1].strip())
        if name == "IsOptional":
            options["_optional"] = True
        elif name in ("IsEmail", "IsUrl", "IsURL", "IsUUID") and mapped.type == "string":
            kind = {"IsEmail": "email", "IsUUID": "uuid"}.get(name, "url")
            mapped = replace(mapped, type=kind)  # type: ignore[arg-type]
        elif name == "IsInt" and mapped.type == "number":
            mapped = replace(mapped, type="integer")
        elif name in ("MaxLength", "Length") and isinstance(number, int):
            options["max_length"] = number
        elif name in ("Min", "Max") and _numeric(number) and mapped.type in ("integer", "number"):
            options[name.lower()] = number
        elif name == "Column":
            mapped = _column(decorator.arguments, mapped, options)
    return mapped


def _column(arguments: str, mapped: _Type, options: dict[str, Any]) -> _Type:
    """TypeORM ``@Column({unique: true})``, ``@Column("text")``/``{type: "text"}``."""
    if re.search(r"unique\s*:\s*true", arguments):
        options["unique"] = True
    if mapped.type == "string" and re.search(r"['\"]text['\"]", arguments):
        return replace(mapped, type="text")
    return mapped


def _literal(text: str) -> str | int | float | bool | None:
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if (match := _STRING_LITERAL.fullmatch(text)) is not None:
        return match.group(1) if match.group(1) is not None else match.group(2)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d*\.\d+(?:e-?\d+)?", text):
        return float(text)
    return None


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_or_string(value: str | int | float | bool) -> ScalarType:
    return (
        "integer" if isinstance(value, int) else "number" if isinstance(value, float) else "string"
    )


def _unsupported(
    prop: TsProperty, type_text: str, file: str, expected: str = _EXPECTED
) -> InputError:
    shown = " ".join(type_text.split())
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return _at(
        prop,
        file,
        f"property '{prop.name}': type '{shown}' has no backend.yaml field type ({expected})",
    )


def _at(prop: TsProperty, file: str, message: str) -> InputError:
    return InputError(message, file=file, line=prop.line + 1, column=prop.column + 1)
