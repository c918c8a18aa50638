"""A throwaway PostgreSQL cluster on 127.0.0.1 for the tests: initdb into a temporary folder,
pg_ctl start on a free port, stopped and removed afterwards. As root the cluster belongs to the
``postgres`` user (initdb and postgres refuse to run as root). bench/scaffold.py imports this
module too, by this name."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def server_binaries() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb, if any."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yields ``postgresql+psycopg://postgres@127.0.0.1:PORT`` (trust auth, no database named).
    The cluster lives in a new folder of the system's temporary directory (which the postgres
    user can reach, unlike pytest's), removed at the end."""
    binaries = server_binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    folder = Path(tempfile.mkdtemp(prefix="backendbot-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data)]
    try:
        initdb = [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        subprocess.run(
            _as_owner([*initdb, "-E", "UTF8", "--locale=C.UTF-8"]),
            check=True,
            capture_output=True,
        )
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_owner([*pg_ctl, "-l", str(folder / "server.log"), "-w", "-o", options, "start"]),
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_owner([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
