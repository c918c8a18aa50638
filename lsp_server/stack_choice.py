"""Which stack an editor action asks the scaffold for, when nobody said.

The ``backendbot.stack`` setting wins; then the spec's own ``stack:`` and the repository's
``.backendbot.yml`` (left to the core, which reads them). Only when none names one does the
editor's context choose: a TypeScript/JavaScript document, or a repository with a
``package.json`` and no ``pyproject.toml`` (for an action from the spec or another non-Python
document), asks for ``express``; anything else gets the core's default (``fastapi``), as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from backendbot.core.errors import InputError
from backendbot.core.layout import load_repo_config
from backendbot.lsp_server.documents import DocumentKind
from backendbot.lsp_server.settings import Settings

EDITOR_STACK = "express"
_SPEC_STACK = re.compile(r"^[\"']?stack[\"']?\s*:", re.M)


@dataclass(frozen=True)
class StackChoice:
    stack: str | None  # what the BuildRequest gets; None: the spec, .backendbot.yml or fastapi
    reason: str | None = None  # why the editor chose it (None: the user did, or nobody)


def choose_stack(
    settings: Settings, root: Path, kind: DocumentKind, spec_text: str | None
) -> StackChoice:
    """``spec_text``: the spec the build uses, to see whether it names its stack."""
    if settings.stack is not None:
        return StackChoice(settings.stack)
    if spec_text is not None and _SPEC_STACK.search(spec_text):
        return StackChoice(None)
    try:
        if load_repo_config(root).stack is not None:
            return StackChoice(None)
    except InputError:
        return StackChoice(None)  # the build reports the bad file
    if kind == "typescript":
        return StackChoice(EDITOR_STACK, "the document is TypeScript/JavaScript")
    if kind == "python":
        return StackChoice(None)  # a Python module speaks for itself, package.json or not
    if (root / "package.json").is_file() and not (root / "pyproject.toml").is_file():
        return StackChoice(EDITOR_STACK, "the repository has a package.json and no pyproject.toml")
    return StackChoice(None)


def repo_spec_text(root: Path) -> str | None:
    """The repository's root backend.yaml as text (None when there is none or it is unreadable)."""
    try:
        return (root / "backend.yaml").read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def explained(message: str, choice: StackChoice) -> str:
    """A build error, with why the editor chose the stack when it did."""
    if choice.reason is None:
        return message
    return (
        f"{message} [stack {choice.stack} was chosen because {choice.reason}; set stack: in "
        "backend.yaml or .backendbot.yml, or the backendbot.stack setting, to choose another]"
    )
