"""Compiled templates are cached per user; a cache that is missing, foreign or broken changes nothing."""

from __future__ import annotations

from pathlib import Path

from backendbot.core.scaffold.template_cache import bytecode_cache
from tests.cli.conftest import Runner, snapshot

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _build(backendbot: Runner, into: Path, cache_home: Path) -> dict[str, bytes]:
    into.mkdir()
    result = backendbot(
        "build", str(EXAMPLES / "recipes.yaml"), "--repo", str(into),
        env={"XDG_CACHE_HOME": str(cache_home)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return snapshot(into)


def test_a_second_run_uses_the_cache_and_writes_the_same_files(
    backendbot: Runner, tmp_path: Path
) -> None:
    cache_home = tmp_path / "cache"
    first = _build(backendbot, tmp_path / "a", cache_home)
    entries = sorted((cache_home / "backendbot" / "templates").iterdir())
    assert len(entries) > 20  # one per template
    stamps = {p: p.stat().st_mtime_ns for p in entries}
    assert _build(backendbot, tmp_path / "b", cache_home) == first
    assert {p: p.stat().st_mtime_ns for p in entries} == stamps  # read, not written again
    for entry in entries:
        entry.write_bytes(b"not a cache entry")
    assert _build(backendbot, tmp_path / "c", cache_home) == first


def test_no_usable_cache_folder_means_no_cache(backendbot: Runner, tmp_path: Path) -> None:
    reference = _build(backendbot, tmp_path / "a", tmp_path / "cache")
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    assert _build(backendbot, tmp_path / "b", blocked) == reference
    assert blocked.read_text() == "x"


def test_a_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    assert bytecode_cache({"XDG_CACHE_HOME": str(tmp_path)}) is not None
    folder = tmp_path / "backendbot" / "templates"
    folder.chmod(0o777)
    assert bytecode_cache({"XDG_CACHE_HOME": str(tmp_path)}) is None
    folder.chmod(0o700)
    assert bytecode_cache({"XDG_CACHE_HOME": str(tmp_path)}) is not None
