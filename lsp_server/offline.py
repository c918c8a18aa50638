"""Does a resolved action map onto a backend.yaml and the scaffold engine? Then which build.

For a spec document the spec is the document's own text. For an endpoint comment or a model
class in a source file it is the repository's ``backend.yaml`` (at the root), when it names
the resource: ``GET /recipes/{id}`` maps onto ``Recipe`` when ``get`` is one of its endpoints.
Anything else is left to the model (``None``). Reads the disk: call it from resolve only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from backendbot.core.errors import InputError
from backendbot.core.run.build import BuildRequest
from backendbot.core.scaffold.names import kebab, plural, snake
from backendbot.core.scaffold.plan import Selection
from backendbot.core.spec.model import BackendSpec, Operation, Resource
from backendbot.core.spec.parse import load_spec
from backendbot.lsp_server.analysis import ActionData
from backendbot.lsp_server.settings import Settings

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


def offline_request(
    data: ActionData,
    root: Path,
    settings: Settings,
    spec_text: str | None,
    spec_name: str,
    parsed: BackendSpec | None = None,
) -> BuildRequest | None:
    """``parsed`` is ``spec_text`` already parsed (the document's version), when it is valid."""
    if data.action == "backend" and spec_text is not None:
        return _scaffold(root, settings, spec_text=spec_text, spec_name=spec_name, parsed=parsed)
    if data.action in ("resource-model", "resource-endpoints") and spec_text is not None:
        part: Part = "model" if data.action == "resource-model" else "endpoints"
        selection = Selection(resources=frozenset({data.name or ""}), parts=frozenset({part}))
        return _scaffold(
            root,
            settings,
            spec_text=spec_text,
            spec_name=spec_name,
            selection=selection,
            parsed=parsed,
        )
    resource, part = _source_target(data, root)
    if resource is None:
        return None
    selection = Selection(resources=frozenset({resource}), parts=frozenset({part}))
    return _scaffold(root, settings, spec_path=root / SPEC_FILE, selection=selection)


def _scaffold(
    root: Path,
    settings: Settings,
    *,
    spec_text: str | None = None,
    spec_name: str = SPEC_FILE,
    spec_path: Path | None = None,
    selection: Selection | None = None,
    parsed: BackendSpec | None = None,
) -> BuildRequest:
    return BuildRequest(
        repo=root,
        spec_path=spec_path,
        spec_text=spec_text,
        spec=parsed,
        spec_name=spec_name,
        engine="scaffold",
        stack=settings.stack,
        layout=settings.layout,
        selection=selection,
    )


def _source_target(data: ActionData, root: Path) -> tuple[str | None, Part]:
    if data.action == "endpoint-comment" and data.method and data.path:
        spec = _repo_spec(root)
        return (endpoint_resource(spec, data.method, data.path) if spec else None), "endpoints"
    if data.action == "model-class" and data.name:
        spec = _repo_spec(root)
        found = spec.resource(data.name) if spec else None
        return (found.name if found else None), "model"
    return None, "model"


def _repo_spec(root: Path) -> BackendSpec | None:
    path = root / SPEC_FILE
    if not path.is_file():
        return None
    try:
        return load_spec(path)
    except InputError:
        return None


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
