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
    verify: true              # run the project's own checks on each result (check run, PR table)
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backendbot.core.layout import Layout
from backendbot.core.settings_file import parse_settings_file

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
    verify: bool = True

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
    return parse_settings_file(text, RepoSettings, CONFIG_PATH)
