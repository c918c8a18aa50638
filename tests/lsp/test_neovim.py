"""A real Neovim (headless, 0.7+) applies backendbot's code actions and :wa puts every file on disk.

Neovim 0.7 announces no ``workspaceEdit.documentChanges``, so it gets plain ``changes`` and
opens each new file as a buffer; this is what failed with ``E212`` before the server made the
parent folders. ``tests/fixtures/neovim/apply_action.lua`` lists, resolves, applies with
``vim.lsp.util.apply_workspace_edit`` and writes all buffers, exiting non-zero on any error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

TEST_DATA = Path(__file__).parent / "test_data"
SCRIPT = Path(__file__).parents[1] / "fixtures" / "neovim" / "apply_action.lua"
ENDPOINT_FILES = {
    "src/controllers/recipe.py",
    "src/routes/recipe.py",
    "src/services/recipe.py",
    "tests/test_recipe.py",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("nvim") is None, reason="nvim is not installed (.ci/run installs it)"
    ),
]


@dataclass(frozen=True)
class Run:
    root: Path
    report: dict[str, Any]

    def files(self) -> dict[str, str]:
        """Path → the content the resolved edit gave each file (plain ``changes``: one edit)."""
        changes: dict[str, list[dict[str, Any]]] = self.report["edit"]["changes"]
        out = {}
        for uri, edits in changes.items():
            path = Path(unquote(urlparse(uri).path)).relative_to(self.root).as_posix()
            out[path] = "".join(e["newText"] for e in edits)
        return out


def neovim(tmp_path: Path, file: str, line: int, title: str, *fixtures: str) -> Run:
    root = tmp_path / "repo"
    root.mkdir()
    for name in fixtures:
        shutil.copytree(TEST_DATA / name, root, dirs_exist_ok=True)
    home = tmp_path / "nvim-home"  # Neovim's config, state and LSP log: not the user's
    report = tmp_path / "report.json"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "NVIM"))},
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "BACKENDBOT_NVIM_CMD": json.dumps([sys.executable, "-m", "backendbot", "lsp"]),
        "BACKENDBOT_NVIM_ROOT": str(root),
        "BACKENDBOT_NVIM_FILE": file,
        "BACKENDBOT_NVIM_LINE": str(line),
        "BACKENDBOT_NVIM_TITLE": title,
        "BACKENDBOT_NVIM_REPORT": str(report),
    }
    done = subprocess.run(
        ["nvim", "--headless", "--clean", "-n", "-i", "NONE", "-c", f"luafile {SCRIPT}"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"nvim exited {done.returncode}: {done.stderr}{done.stdout}"
    return Run(root, json.loads(report.read_text(encoding="utf-8")))


def on_disk(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def assert_every_file_landed(run: Run, fixtures: set[str]) -> dict[str, str]:
    files = run.files()
    assert on_disk(run.root) == fixtures | set(files)  # and nothing else (no swap files)
    for path, content in files.items():
        assert (run.root / path).read_text(encoding="utf-8") == content, path  # byte for byte
        if path.endswith(".py"):
            compile(content, path, "exec")
    return files


def cli_build(tmp_path: Path) -> Path:
    """The same spec built by ``backendbot build``: what the files should say."""
    root = tmp_path / "cli"
    shutil.copytree(TEST_DATA / "spec", root)
    subprocess.run(
        [sys.executable, "-m", "backendbot", "build", "backend.yaml"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return root


def test_generate_endpoints_from_backend_yaml(tmp_path: Path) -> None:
    run = neovim(tmp_path, "backend.yaml", 7, "Generate endpoints: Recipe", "spec")
    files = assert_every_file_landed(run, {"backend.yaml"})
    assert set(files) >= ENDPOINT_FILES
    built = cli_build(tmp_path)
    for path in ENDPOINT_FILES:
        assert files[path] == (built / path).read_text(encoding="utf-8"), path
    [message] = run.report["messages"]
    assert "save them to write them to disk (Neovim: :wa)" in message
    assert "src/routes/" in message


def test_generate_endpoint_from_a_comment(tmp_path: Path) -> None:
    run = neovim(tmp_path, "app.py", 12, "Generate endpoint", "spec", "source")
    files = assert_every_file_landed(run, {"backend.yaml", "app.py", "routes.ts"})
    assert set(files) >= ENDPOINT_FILES
    assert "APIRouter" in files["src/routes/recipe.py"]


def test_generate_model_from_backend_yaml(tmp_path: Path) -> None:
    run = neovim(tmp_path, "backend.yaml", 3, "Generate model: User", "spec")
    files = assert_every_file_landed(run, {"backend.yaml"})
    assert {"src/models/user.py", "src/models/user_schemas.py"} <= set(files)
    assert not any(path.startswith("src/routes/") for path in files)
