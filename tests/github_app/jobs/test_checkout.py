"""Checkout: the real git over smart HTTP with a token that never reaches disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from backendbot.github_app.git.checkout import Checkout, GitFailed, Identity, PushRejected
from tests.fakes.git_http import GitHttpServer
from tests.github_app.jobs.conftest import REPO

pytestmark = pytest.mark.slow

BOT = Identity("app[bot]", "1+app[bot]@users.noreply.github.com")


def test_clone_commit_push_leave_no_token_in_the_clone(
    git_server: GitHttpServer, token: str, tmp_path: Path
) -> None:
    checkout = Checkout.clone(git_server.clone_url(REPO), token, tmp_path / "wc")
    assert checkout.read("HEAD", "README.md") == b"# demo\n"
    assert checkout.read("HEAD", "missing.txt") is None
    assert checkout.start_branch("backendbot/issue-1", "main") is False
    (checkout.root / "new.txt").write_text("new\n")
    (checkout.root / "stray.txt").write_text("not persisted by the run\n")
    sha = checkout.commit(["new.txt"], "add new.txt", BOT)
    assert sha is not None
    checkout.push("backendbot/issue-1")

    assert git_server.branches(REPO)["backendbot/issue-1"] == sha
    assert git_server.show(REPO, "backendbot/issue-1", "new.txt") == "new\n"
    with pytest.raises(Exception):  # noqa: B017 - git show fails: the stray file was not committed
        git_server.show(REPO, "backendbot/issue-1", "stray.txt")
    for path in (checkout.root / ".git").rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    assert git_server.requests and all(r.authorized for r in git_server.requests)


def test_nothing_to_commit_gives_none(
    git_server: GitHttpServer, token: str, tmp_path: Path
) -> None:
    checkout = Checkout.clone(git_server.clone_url(REPO), token, tmp_path / "wc")
    checkout.start_branch("b", "main")
    assert checkout.commit(["README.md"], "no change", BOT) is None
    assert checkout.commit([], "nothing", BOT) is None


def test_existing_branch_is_continued_and_never_forced(
    git_server: GitHttpServer, token: str, tmp_path: Path
) -> None:
    first = git_server.add_commit(REPO, "backendbot/issue-2", {"a.txt": "a\n"})
    checkout = Checkout.clone(git_server.clone_url(REPO), token, tmp_path / "wc")
    assert checkout.start_branch("backendbot/issue-2", "main") is True
    assert (checkout.root / "a.txt").read_text() == "a\n"
    moved = git_server.add_commit(REPO, "backendbot/issue-2", {"b.txt": "someone else\n"})
    (checkout.root / "c.txt").write_text("c\n")
    checkout.commit(["c.txt"], "c", BOT)
    with pytest.raises(PushRejected) as info:
        checkout.push("backendbot/issue-2")
    assert "rejected" in str(info.value)
    assert git_server.branches(REPO)["backendbot/issue-2"] == moved != first


def test_a_wrong_token_fails_without_showing_it(git_server: GitHttpServer, tmp_path: Path) -> None:
    with pytest.raises(GitFailed) as info:
        Checkout.clone(git_server.clone_url(REPO), "ghs_wrongwrongwrong", tmp_path / "wc")
    assert "clone failed" in str(info.value)
    assert "ghs_wrongwrongwrong" not in str(info.value)
    assert git_server.requests and not any(r.authorized for r in git_server.requests)
