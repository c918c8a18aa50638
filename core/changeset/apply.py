"""Writes a ChangeSet to a checkout all at once, or not at all.

Before anything is written every target is re-checked by the jail (a symlink may have
appeared since the run) and compared with the content the run started from (someone
may have edited it meanwhile). Each file is written to a temporary sibling and renamed
into place, then read back and compared by sha256. Any failure rolls every file back.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from backendbot.core.changeset.model import ChangeSet, FileChange, sha256_hex
from backendbot.core.errors import RunFailed
from backendbot.core.workspace.jail import Jail, ToolRefused

SYNC_THREADS = 8  # concurrent fsyncs: enough for the journal to group them


@dataclass(frozen=True)
class VerifiedFile:
    path: str
    status: str
    bytes: int
    sha256: str | None


def apply_changeset(changeset: ChangeSet, jail: Jail) -> list[VerifiedFile]:
    """Apply every change or none; return the verified listing.

    Every new content is first written to a temporary sibling; those are flushed to disk
    together (fsync in parallel threads: the file system commits them in a few journal
    transactions instead of one per file), and only then renamed into place.
    """
    _preflight(changeset, jail)
    created_dirs: list[Path] = []
    staged: dict[str, Path] = {}
    done: list[FileChange] = []
    try:
        for change in changeset.changes:
            if change.after is not None:
                target = jail.absolute(change.path)
                _make_parents(target.parent, jail.root, created_dirs)
                staged[change.path] = _write_temporary(target, change.after)
        _sync_all(list(staged.values()))
        for change in changeset.changes:
            _put_in_place(change, jail, staged)
            done.append(change)
        return [_verify(change, jail) for change in changeset.changes]
    except BaseException:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        _rollback(done, jail, created_dirs)
        raise


def _preflight(changeset: ChangeSet, jail: Jail) -> None:
    for change in changeset.changes:
        try:
            jail.check(change.path, write=True)
        except ToolRefused as exc:
            raise RunFailed(f"refusing to apply: {exc}") from exc
        current = _read_or_none(jail.absolute(change.path))
        if current != change.before:
            state = "appeared" if change.before is None else "changed on disk"
            raise RunFailed(
                f"{change.path} {state} while the run was going on; nothing was written"
            )


def _put_in_place(change: FileChange, jail: Jail, staged: dict[str, Path]) -> None:
    target = jail.absolute(change.path)
    if change.after is None:
        target.unlink()
        return
    staged[change.path].replace(target)


def _write_temporary(target: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``target``, with the target's mode; not yet synced."""
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    # A short temporary name: the target's own name may already be near NAME_MAX (255 bytes).
    fd, name = tempfile.mkstemp(prefix=".backendbot-", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        tmp.chmod(mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return tmp


def _sync_all(paths: list[Path]) -> None:
    """Every file in ``paths`` on disk (a few threads at a time); the first failure is raised."""
    pending = iter(paths)
    lock = threading.Lock()
    failures: list[OSError] = []

    def work() -> None:
        while not failures:
            with lock:
                path = next(pending, None)
            if path is None:
                return
            try:
                _sync(path)
            except OSError as exc:
                failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(min(SYNC_THREADS, len(paths)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(target: Path, data: bytes) -> None:
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    # A short temporary name: the target's own name may already be near NAME_MAX (255 bytes).
    fd, tmp = tempfile.mkstemp(prefix=".backendbot-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise


def _make_parents(folder: Path, root: Path, created_dirs: list[Path]) -> None:
    missing: list[Path] = []
    cur = folder
    while cur != root and not cur.exists():
        missing.append(cur)
        cur = cur.parent
    for d in reversed(missing):
        d.mkdir()
        created_dirs.append(d)


def _verify(change: FileChange, jail: Jail) -> VerifiedFile:
    on_disk = _read_or_none(jail.absolute(change.path))
    if on_disk != change.after:
        raise RunFailed(f"verification failed: {change.path} does not hold what was written")
    digest = sha256_hex(on_disk) if on_disk is not None else None
    return VerifiedFile(change.path, change.status, change.bytes, digest)


def _rollback(done: list[FileChange], jail: Jail, created_dirs: list[Path]) -> None:
    for change in reversed(done):
        target = jail.absolute(change.path)
        with contextlib.suppress(OSError):
            if change.before is None:
                target.unlink(missing_ok=True)
            else:
                _atomic_write(target, change.before)
    for d in reversed(created_dirs):
        with contextlib.suppress(OSError):
            d.rmdir()


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError as exc:
        raise RunFailed(f"{path.name} is a directory, not a file") from exc
