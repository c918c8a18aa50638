"""Where generated code goes: the standard output locations, overridable per repository.

A repository may override any of them in ``.backendbot.yml`` under ``layout:``::

    layout:
      api_routes: app/api/
      tests: test/

and name the commands that check a project it did not generate under ``verify:``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backendbot.core.errors import InputError
from backendbot.core.settings_file import parse_settings_file

REPO_CONFIG = ".backendbot.yml"


class Layout(BaseModel):
    """Project-relative folders, each ending in ``/``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    api_routes: str = "src/routes/"
    controllers: str = "src/controllers/"
    models: str = "src/models/"
    middleware: str = "src/middleware/"
    services: str = "src/services/"
    database: str = "src/database/"
    tests: str = "tests/"
    config: str = "config/"

    @field_validator("*")
    @classmethod
    def _relative_folder(cls, value: str) -> str:
        cleaned = value.strip()
        cleaned = cleaned.removeprefix("./")
        if not cleaned or cleaned.startswith(("/", "~")) or ".." in cleaned.split("/"):
            raise ValueError(f"{value!r} must be a project-relative folder without '..'")
        return cleaned.rstrip("/") + "/"

    def as_mapping(self) -> dict[str, str]:
        return dict(self.model_dump())


class VerifyConfig(BaseModel):
    """``verify:`` in ``.backendbot.yml``: the commands that check a project backendbot did not generate.

    ``install`` runs once per dependency set in a fresh cached virtual environment (it should
    install the dependencies, not the project: the checks run with the checkout on PYTHONPATH);
    ``test`` runs in the checkout, with no network; ``app`` ("module:attribute") is an ASGI app
    to start for the HTTP checks (``factory: true`` when it is a function making the app).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    install: str | None = None
    test: str | None = None
    app: str | None = None
    factory: bool = False
    lint: bool = True
    timeout_seconds: float = Field(default=900.0, gt=0, le=7200)

    @field_validator("install", "test", "app")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty (leave the key out instead)")
        return value

    @field_validator("app")
    @classmethod
    def _module_attribute(cls, value: str | None) -> str | None:
        if value is not None and (value.count(":") != 1 or not all(value.split(":"))):
            raise ValueError(f"{value!r} must be 'module:attribute', e.g. 'src.main:app'")
        return value


class RepoConfig(BaseModel):
    """``.backendbot.yml``: per-repository defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    layout: Layout = Layout()
    stack: str | None = None
    engine: str | None = None
    model: str | None = None
    verify: VerifyConfig | None = None


def load_repo_config(repo: Path) -> RepoConfig:
    path = repo / REPO_CONFIG
    if not path.is_file():
        return RepoConfig()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the file: {exc}", file=path) from exc
    return parse_settings_file(text, RepoConfig, path)
