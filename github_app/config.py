"""``.github/backendbot.yml``: a repository's own settings for the App, read from its default branch.

Every key is optional. A bad file is reported (file, line, what is wrong) in the status
comment and the job stops; it never falls back silently.

    engine: scaffold          # scaffold | anthropic | openai
    model: claude-sonnet-4-latest
    stack: fastapi
    layout: {api_routes: app/api/}
    draft: true               # open pull requests as drafts
    branch_prefix: backendbot/
    allowed_users: [octocat]  # empty: anyone with write access
    protected_paths: [migrations/]
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout

CONFIG_PATH = ".github/backendbot.yml"
ALWAYS_PROTECTED = (".github/workflows", CONFIG_PATH)


class RepoSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: str | None = None
    model: str | None = None
    stack: str | None = None
    layout: Layout | None = None
    draft: bool = True
    branch_prefix: str = "backendbot/"
    allowed_users: tuple[str, ...] = ()
    protected_paths: tuple[str, ...] = Field(default=())

    @field_validator("branch_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        bad = any(ch in value for ch in " ~^:?*[\\") or ".." in value or value.startswith("/")
        if not value or bad:
            raise ValueError(f"{value!r} is not a usable branch prefix")
        return value

    def branch_for(self, issue_number: int) -> str:
        return f"{self.branch_prefix}issue-{issue_number}"

    def allows(self, login: str) -> bool:
        return not self.allowed_users or login.lower() in {u.lower() for u in self.allowed_users}

    @property
    def protected(self) -> tuple[str, ...]:
        """Paths never written: the workflows, this file, and the repository's own list."""
        return (*ALWAYS_PROTECTED, *self.protected_paths)


def parse_repo_settings(text: str | None) -> RepoSettings:
    """Settings from the file's text (None: no file, all defaults); InputError names what is wrong."""
    if text is None:
        return RepoSettings()
    try:
        raw: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
            file=CONFIG_PATH,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    if raw is None:
        return RepoSettings()
    if not isinstance(raw, dict):
        raise InputError("expected a mapping of settings", file=CONFIG_PATH, line=1)
    try:
        return RepoSettings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise InputError(
            f"{where}: {first['msg']}", file=CONFIG_PATH, line=_line_of(text, first["loc"])
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
