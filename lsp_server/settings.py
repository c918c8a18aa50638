"""The server's settings (engine, model, stack, layout, openai_base_url, verify), from the editor's configuration.

Editors send them either flat (``{"engine": "anthropic"}``) or under a ``backendbot`` section
(``{"backendbot": {...}}``, what VS Code and nvim-lspconfig send). Each setting is checked on
its own: a bad value is reported and that setting falls back to its default; the others keep
what the user asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, StrictBool, ValidationError, field_validator

from backendbot.core.layout import Layout

SECTION = "backendbot"
EngineName = Literal["scaffold", "anthropic", "openai"]
StackName = Literal["fastapi", "express"]


class Settings(BaseModel):
    """``engine`` runs the model-backed actions (``scaffold`` means: never call a model);
    ``model``/``stack``/``layout`` left unset take the repository's ``.backendbot.yml``
    and then the built-in defaults. ``openai_base_url`` is the server the ``openai`` engine
    calls (OPENAI_BASE_URL from the server's environment otherwise). ``verify``: run the
    generated project's own checks on what an action generates (in the background for
    scaffold actions, before the edit for model runs)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: EngineName = "anthropic"
    model: str | None = None
    stack: StackName | None = None
    layout: Layout | None = None
    openai_base_url: str | None = None
    verify: StrictBool = True

    @field_validator("openai_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"must be an http:// or https:// URL, got {value!r}")
        return value.strip()

    def run_env(self, env: Mapping[str, str]) -> Mapping[str, str]:
        """The environment a run sees: the server's, with what these settings override."""
        if self.openai_base_url is None:
            return env
        return {**env, "OPENAI_BASE_URL": self.openai_base_url}


@dataclass(frozen=True)
class SettingsResult:
    settings: Settings
    problems: tuple[str, ...]


def parse_settings(raw: object) -> SettingsResult:
    """Never raises: what is wrong is listed in ``problems``, one readable sentence each."""
    if raw is None:
        return SettingsResult(Settings(), ())
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        raw = raw[SECTION]
    if not isinstance(raw, Mapping):
        return SettingsResult(
            Settings(), (f"settings must be an object, got {type(raw).__name__}; using defaults",)
        )
    accepted: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if key not in Settings.model_fields:
            known = ", ".join(Settings.model_fields)
            problems.append(f"unknown setting {key!r} ignored (known: {known})")
            continue
        if value is None:
            continue
        try:
            Settings.model_validate({key: value})
        except ValidationError as exc:
            problems.append(f"setting {key!r}: {_reason(exc)}; using the default")
            continue
        accepted[key] = value
    return SettingsResult(Settings.model_validate(accepted), tuple(problems))


def _reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"][1:])
    message = str(first["msg"])
    return f"{where}: {message}" if where else message
