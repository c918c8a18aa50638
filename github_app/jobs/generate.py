"""The core run on a checkout: plan a ChangeSet, then apply it (all or nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backendbot.core.changeset.apply import apply_changeset
from backendbot.core.changeset.model import ChangeSet, FileChange
from backendbot.core.errors import InputError
from backendbot.core.run.build import Builder, BuildRequest, RunSummary, run_build
from backendbot.core.run.events import RunEvents
from backendbot.core.scaffold.manifest import NEW_SUFFIX
from backendbot.core.workspace.jail import Jail, ToolRefused
from backendbot.github_app.config import RepoSettings

if TYPE_CHECKING:
    from backendbot.core.verify.report import VerificationReport


@dataclass(frozen=True)
class Generated:
    changeset: ChangeSet
    summary: RunSummary | None  # None when no engine ran (a suggestion)
    final_text: str = ""
    verification: VerificationReport | None = None  # None: not verified

    @property
    def committed(self) -> list[str]:
        """The paths that go into a commit: never a ``<file>.backendbot-new`` conflict copy."""
        return [p for p in self.changeset.paths if not p.endswith(NEW_SUFFIX)]

    @property
    def conflicts(self) -> list[str]:
        """Files the run left as they are on the branch (edited there since generated, or not
        generated at all); the new version of each stays out of the pull request."""
        return [p.removesuffix(NEW_SUFFIX) for p in self.changeset.paths if p.endswith(NEW_SUFFIX)]


def generate(
    root: Path,
    repo_settings: RepoSettings,
    *,
    spec_text: str | None,
    prompt: str | None,
    env: Mapping[str, str] | None,
    build: Builder = run_build,
    events: RunEvents | None = None,
    verify: bool = True,
) -> Generated:
    """Run the engine the repository asks for on ``root``, its result verified unless ``verify``
    or the repository's ``verify:`` says not (the project's own checks, reported to ``events``
    step by step), and write what it produced."""
    request = BuildRequest(
        repo=root,
        spec_text=spec_text,
        spec_name="the issue's yaml block",
        prompt=prompt,
        engine=repo_settings.engine,
        stack=repo_settings.stack,
        model=repo_settings.model,
        layout=repo_settings.layout,
        protected=repo_settings.protected,
        verify=verify and repo_settings.verify,
    )
    result = build(request, events=events, env=env)
    apply_changeset(result.changeset, result.jail)
    return Generated(result.changeset, result.summary, result.final_text, result.verification)


def write_file(root: Path, repo_settings: RepoSettings, path: str, after: bytes) -> Generated:
    """Replace one file's content through the jail (used for suggestions)."""
    jail = Jail.with_protected(root, repo_settings.protected)
    try:
        rel = jail.check(path, write=True)
    except ToolRefused as exc:
        raise InputError(str(exc)) from None
    target = jail.absolute(rel)
    before = target.read_bytes() if target.is_file() else None
    changeset = ChangeSet((FileChange(rel, before, after),)) if before != after else ChangeSet()
    apply_changeset(changeset, jail)
    return Generated(changeset, None)


def read_file(root: Path, path: str) -> bytes:
    """A file of the checkout, read through the jail; InputError when it is not there."""
    jail = Jail(root)
    try:
        rel = jail.check(path)
    except ToolRefused as exc:
        raise InputError(str(exc)) from None
    target = jail.absolute(rel)
    if not target.is_file():
        raise InputError(f"{rel} does not exist on the pull request's branch")
    return target.read_bytes()
