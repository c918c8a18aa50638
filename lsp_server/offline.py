"""Does a resolved action map onto a backend.yaml and the scaffold engine? Then which build.

For a spec document the spec is the document's own text. For an endpoint comment or a model
class in a source file it is the repository's ``backend.yaml`` (at the root), when it names
the resource: ``GET /recipes/{id}`` maps onto ``Recipe`` when ``get`` is one of its endpoints.
A TypeScript model (interface, class, type alias, zod object) that the spec does not name
becomes a resource of its own (``ts_fields``): its model is generated from the spec plus it.
Anything else is left to the model (``None``). Reads the disk: call it from resolve only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from backendbot.core.errors import InputError
from backendbot.core.run.build import BuildRequest
from backendbot.core.scaffold.names import kebab, plural, snake
from backendbot.core.scaffold.plan import PartName, Selection
from backendbot.core.spec.dump import dump_spec
from backendbot.core.spec.model import BackendSpec, Operation, Resource
from backendbot.core.spec.parse import parse_spec
from backendbot.lsp_server.analysis import ActionData
from backendbot.lsp_server.documents import DocumentKind
from backendbot.lsp_server.settings import Settings
from backendbot.lsp_server.stack_choice import StackChoice, choose_stack
from backendbot.lsp_server.ts_fields import resource_name, ts_fields
from backendbot.lsp_server.ts_models import ts_model, ts_properties

SPEC_FILE = "backend.yaml"
_PREFIX = re.compile(r"(api|v\d+)\Z")
_COLLECTION_OPERATIONS: dict[str, Operation] = {"GET": "list", "POST": "create"}
_ITEM_OPERATIONS: dict[str, Operation] = {
    "GET": "get",
    "PUT": "update",
    "PATCH": "update",
    "DELETE": "delete",
}
Part = Literal["model", "endpoints"]


@dataclass(frozen=True)
class OfflineBuild:
    request: BuildRequest
    stack: StackChoice  # why the editor chose the stack, for the message of a failed build


@dataclass(frozen=True)
class Source:
    """The open document an action came from."""

    kind: DocumentKind
    lines: Sequence[str]


def offline_request(
    data: ActionData,
    root: Path,
    settings: Settings,
    spec_text: str | None,
    spec_name: str,
    parsed: BackendSpec | None = None,
    source: Source | None = None,
) -> OfflineBuild | None:
    """``parsed`` is ``spec_text`` already parsed (the document's version), when it is valid.
    An ``InputError`` for a TypeScript model with the scaffold engine whose properties have
    no field type (a model engine gets the command instead: None)."""
    kind = source.kind if source else "spec"
    if data.action == "backend" and spec_text is not None:
        stack = choose_stack(settings, root, kind, spec_text)
        return _build(
            root, settings, stack, spec_text=spec_text, spec_name=spec_name, parsed=parsed
        )
    if data.action in ("resource-model", "resource-endpoints") and spec_text is not None:
        part: Part = "model" if data.action == "resource-model" else "endpoints"
        selection = Selection(resources=frozenset({data.name or ""}), parts=frozenset({part}))
        stack = choose_stack(settings, root, kind, spec_text)
        return _build(
            root,
            settings,
            stack,
            spec_text=spec_text,
            spec_name=spec_name,
            selection=selection,
            parsed=parsed,
        )
    repo_text, repo_spec, problem = _repo_spec(root)
    stack = choose_stack(settings, root, kind, repo_text)
    if source is not None and source.kind == "typescript" and data.action == "model-class":
        if problem is not None:  # the model is not generated beside a spec that is broken
            if settings.engine == "scaffold":
                raise problem
            return None
        return _typescript_model(data, root, settings, stack, repo_spec, source, spec_name)
    resource, part = _source_target(data, repo_spec)
    if resource is None:
        return None
    selection = Selection(resources=frozenset({resource}), parts=frozenset({part}))
    return _build(root, settings, stack, spec_path=root / SPEC_FILE, selection=selection)


def _build(
    root: Path,
    settings: Settings,
    stack: StackChoice,
    *,
    spec_text: str | None = None,
    spec_name: str = SPEC_FILE,
    spec_path: Path | None = None,
    selection: Selection | None = None,
    parsed: BackendSpec | None = None,
) -> OfflineBuild:
    request = BuildRequest(
        repo=root,
        spec_path=spec_path,
        spec_text=spec_text,
        spec=parsed,
        spec_name=spec_name,
        engine="scaffold",
        stack=stack.stack,
        layout=settings.layout,
        selection=selection,
    )
    return OfflineBuild(request, stack)


def _typescript_model(
    data: ActionData,
    root: Path,
    settings: Settings,
    stack: StackChoice,
    spec: BackendSpec | None,
    source: Source,
    file: str,
) -> OfflineBuild | None:
    """The spec's resource of that name, else the declaration's properties as a new resource."""
    model = ts_model(source.lines, data.line)
    if model is None or model.name != data.name:
        return None  # edited since it was listed
    name = resource_name(data.name)
    model_only: frozenset[PartName] = frozenset({"model"})
    if spec is not None and spec.resource(name) is not None:
        selection = Selection(resources=frozenset({name}), parts=model_only)
        return _build(root, settings, stack, spec_path=root / SPEC_FILE, selection=selection)
    known = {r.name for r in spec.resources} | {name} if spec else {name}
    try:
        fields = ts_fields(model, ts_properties(source.lines, model, file), known, file)
        derived = _with_resource(spec, Resource(name=name, fields=fields), root, file, model.line)
    except InputError:
        if settings.engine == "scaffold":
            raise
        return None  # a model can still make something of it
    selection = Selection(resources=frozenset({name}), parts=model_only)
    return _build(root, settings, stack, spec_name=file, selection=selection, parsed=derived)


def _with_resource(
    spec: BackendSpec | None, resource: Resource, root: Path, file: str, line: int
) -> BackendSpec:
    """``spec`` (or a new one) with ``resource`` added, checked as any backend.yaml is."""
    if spec is None:
        project = re.sub(r"[^a-z0-9]+", "-", root.name.lower()).strip("-")
        spec = BackendSpec(name=project if project[:1].isalpha() else "app", resources=())
    combined = spec.model_copy(update={"resources": (*spec.resources, resource)})
    try:
        return parse_spec(dump_spec(combined), SPEC_FILE)
    except InputError as exc:
        problems = "; ".join(p.message for p in exc.problems)
        raise InputError(
            f"{resource.name} as a backend.yaml resource: {problems}", file=file, line=line + 1
        ) from exc


def _source_target(data: ActionData, spec: BackendSpec | None) -> tuple[str | None, Part]:
    if data.action == "endpoint-comment" and data.method and data.path:
        return (endpoint_resource(spec, data.method, data.path) if spec else None), "endpoints"
    if data.action == "model-class" and data.name:
        found = spec.resource(data.name) if spec else None
        return (found.name if found else None), "model"
    return None, "model"


def _repo_spec(root: Path) -> tuple[str | None, BackendSpec | None, InputError | None]:
    """The root backend.yaml's text, spec and, when it is invalid, why (all None without one)."""
    path = root / SPEC_FILE
    if not path.is_file():
        return None, None, None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, InputError(f"cannot read the spec: {exc}", file=path)
    try:
        return text, parse_spec(text, str(path)), None
    except InputError as exc:
        return text, None, exc


def endpoint_resource(spec: BackendSpec, method: str, path: str) -> str | None:
    """The resource a CRUD route belongs to, when the spec generates that operation."""
    segments = [s for s in path.split("?")[0].strip("/").split("/") if s]
    while segments and _PREFIX.match(segments[0]):
        segments = segments[1:]
    if not 1 <= len(segments) <= 2:
        return None
    if len(segments) == 2 and not segments[1].startswith(("{", ":", "<")):
        return None
    operation = _operation(method.upper(), has_id=len(segments) == 2)
    for resource in spec.resources:
        if segments[0] in _url_names(resource) and operation in resource.endpoints:
            return resource.name
    return None


def _operation(method: str, *, has_id: bool) -> Operation | None:
    return (_ITEM_OPERATIONS if has_id else _COLLECTION_OPERATIONS).get(method)


def _url_names(resource: Resource) -> set[str]:
    name = snake(resource.name)
    return {kebab(plural(name)), plural(name), kebab(name), name}
