"""A small YAML settings file (``.backendbot.yml``, ``.github/backendbot.yml``) into a pydantic model.

Every problem is an InputError naming the file and, where it can be found, the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from backendbot.core.errors import InputError

M = TypeVar("M", bound=BaseModel)


def parse_settings_file(text: str, model: type[M], file: str | Path) -> M:
    """``model`` validated from ``text``; an empty file gives the model's defaults."""
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    if raw is None:
        return model()
    if not isinstance(raw, dict):
        raise InputError("expected a mapping of settings", file=file, line=1)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise InputError(
            f"{where}: {first['msg']}", file=file, line=_line_of(text, first["loc"])
        ) from None


def _line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The line of the top-level key an error is about, when it can be found."""
    if not loc:
        return None
    key = f"{loc[0]}:"
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(key):
            return number
    return None
