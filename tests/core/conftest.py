"""Fixtures for the core tests: a real git repository in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import git
import pytest


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    r = git.Repo.init(root)
    (root / "README.md").write_text("# demo\n")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("def hello():\n    return 'hi'\n")
    (root / ".gitignore").write_text("ignored/\n")
    (root / "ignored").mkdir()
    (root / "ignored" / "secret.py").write_text("TOKEN = 'x'\n")
    with r.config_writer() as cw:
        cw.set_value("user", "name", "test")
        cw.set_value("user", "email", "test@example.invalid")
    r.index.add(["README.md", "src/app.py", ".gitignore"])
    r.index.commit("initial")
    r.close()
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (the .git folder included) and its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }
