"""`pip install .` ships every stack's templates but not a stack's hand-written reference
project, nor a node_modules an `npm ci` left in it (the `**/*.md` and `**/*.yaml` package-data
globs would otherwise take their files)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = Path("core/scaffold/stacks/express/reference/recipes")


@pytest.mark.slow
def test_the_wheel_has_the_templates_but_no_reference_or_node_modules(tmp_path: Path) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    source = tmp_path / "src"
    for name in filter(None, tracked.split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    modules = source / REFERENCE / "node_modules" / "some-package"
    (modules / "docs").mkdir(parents=True)
    (modules / "README.md").write_text("# some package\n")
    (modules / "docs" / "config.yaml").write_text("a: 1\n")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("backendbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if "/reference/" in n or "node_modules" in n]
    templates = [n for n in names if n.endswith(".j2")]
    assert "backendbot/core/scaffold/stacks/fastapi/templates/project/main.py.j2" in templates
    assert "backendbot/core/scaffold/stacks/express/templates/resource/routes.ts.j2" in templates
    assert len(templates) == len(
        [n for n in tracked.split("\0") if n.endswith(".j2") and not n.startswith("tests/")]
    )
    assert "backendbot/core/scaffold/stacks/express/README.md" in names
