"""One working copy of a repository: clone, branch, commit the persisted files, push.

Pushes never force: a rejected push is reported with git's own reason.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from git import GitCommandError, Repo

from backendbot.core.errors import RunFailed
from backendbot.github_app.git.auth import token_env, token_forms

NO_HOOKS = ("-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false")


@dataclass(frozen=True)
class Identity:
    name: str
    email: str

    @property
    def trailer_form(self) -> str:
        return f"{self.name} <{self.email}>"

    @classmethod
    def github_user(cls, login: str, user_id: int | None) -> Identity:
        """The identity GitHub links to ``login``: its no-reply address, with the id when known
        (GitHub also links the older form without it)."""
        prefix = f"{user_id}+" if user_id is not None else ""
        return cls(login, f"{prefix}{login}@users.noreply.github.com")


class GitFailed(RunFailed):
    """A git command failed; the message is git's reason with any token removed."""


class PushRejected(GitFailed):
    """The remote refused the push (not a fast-forward, a hook, a protected branch).

    ``stale`` is True when the branch moved on the remote since the clone: a fresh run
    on the new head can succeed, where a hook's or a protection's refusal will not.
    """

    def __init__(self, message: str, *, stale: bool = False) -> None:
        super().__init__(message)
        self.stale = stale


class Checkout:
    """A clone in ``root`` whose network commands authenticate with ``token``."""

    def __init__(self, repo: Repo, token: str) -> None:
        self._repo = repo
        self._token = token

    @classmethod
    def clone(cls, clone_url: str, token: str, dest: Path) -> Checkout:
        try:
            repo = Repo.clone_from(clone_url, dest, env=token_env(token), no_tags=True)
        except GitCommandError as exc:
            raise GitFailed(f"clone failed: {_reason(exc, token)}") from None
        return cls(repo, token)

    def __enter__(self) -> Checkout:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the git processes gitpython keeps for this clone."""
        self._repo.close()

    @property
    def root(self) -> Path:
        return Path(self._repo.working_tree_dir or "")

    def has_remote_branch(self, branch: str) -> bool:
        return f"origin/{branch}" in [ref.name for ref in self._repo.remotes.origin.refs]

    def start_branch(self, branch: str, default_branch: str) -> bool:
        """Check out ``branch``: the remote one if it exists (True), else new from the default."""
        exists = self.has_remote_branch(branch)
        start = f"origin/{branch}" if exists else f"origin/{default_branch}"
        self._git("checkout", "--no-track", "-B", branch, start)
        return exists

    def read(self, ref: str, path: str) -> bytes | None:
        """A file's bytes at ``ref`` (through git's long-lived cat-file), or None."""
        try:
            blob = self._repo.commit(ref).tree / path
        except (KeyError, ValueError, GitCommandError):
            return None
        data: bytes = blob.data_stream.read()
        return data

    def commit(self, paths: Iterable[str], message: str, author: Identity) -> str | None:
        """Commit exactly ``paths`` as ``author``; None when they hold no change."""
        listed = list(paths)
        if not listed:
            return None
        self._git("add", "--all", "--", *listed)
        if not self._repo.git.diff("--cached", "--name-only"):
            return None
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": author.name,
            "GIT_COMMITTER_EMAIL": author.email,
        }
        self._git(*NO_HOOKS, "commit", "--no-verify", "-m", message, env=env)
        return str(self._repo.head.commit.hexsha)

    def head_sha(self) -> str:
        return str(self._repo.head.commit.hexsha)

    def has_commit_with(self, base_ref: str, line: str) -> bool:
        """Whether a commit after ``base_ref`` up to HEAD has ``line`` in its message."""
        out: str = self._repo.git.log("--format=%H", "-F", f"--grep={line}", f"{base_ref}..HEAD")
        return bool(out.strip())

    def changed_since(self, base_ref: str) -> list[str]:
        """Files that differ between the merge base with ``base_ref`` and HEAD."""
        out: str = self._repo.git.diff("--name-only", f"{base_ref}...HEAD")
        return [line for line in out.splitlines() if line]

    def push(self, branch: str) -> None:
        """Push HEAD to ``branch``; never forced."""
        try:
            self._repo.git.push("origin", f"HEAD:refs/heads/{branch}", env=token_env(self._token))
        except GitCommandError as exc:
            reason = _reason(exc, self._token)
            stale = "(fetch first)" in reason or "(non-fast-forward)" in reason
            raise PushRejected(f"push rejected: {reason}", stale=stale) from None

    def _git(self, *args: str, env: Mapping[str, str] | None = None) -> None:
        try:
            self._repo.git.execute(["git", *args], env=dict(env or {}))
        except GitCommandError as exc:
            verb = next(a for a in args if not a.startswith("-") and "=" not in a)
            raise GitFailed(f"git {verb} failed: {_reason(exc, self._token)}") from None


def _reason(exc: GitCommandError, token: str) -> str:
    """git's own explanation: its error and remote lines, with the token cut out."""
    text = str(exc.stderr or "").strip().removeprefix("stderr:").strip().strip("'")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    picked = [ln for ln in lines if ln.startswith(("!", "error:", "fatal:", "remote:"))]
    reason = "; ".join(picked or lines[-3:]) or f"git exited with {exc.status}"
    for form in token_forms(token):
        reason = reason.replace(form, "***")
    return reason


@contextmanager
def temporary_clone(clone_url: str, token: str, parent: Path) -> Iterator[Checkout]:
    """A clone in a fresh folder under ``parent``, removed (with git's helpers stopped) after."""
    with tempfile.TemporaryDirectory(prefix="clone-", dir=parent) as tmp:
        checkout = Checkout.clone(clone_url, token, Path(tmp) / "repo")
        with checkout:
            yield checkout
