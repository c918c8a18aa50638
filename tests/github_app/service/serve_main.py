"""``python -m tests.github_app.service.serve_main QUEUE_URL DATA_DIR RECORD_FILE PORT [WORKERS]``: serve with a Recorder."""

from __future__ import annotations

import sys
from pathlib import Path

from backendbot.github_app.service import serve
from tests.github_app.service.helpers import FAST, Recorder, settings_for

if __name__ == "__main__":
    queue_url, data_dir, record = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    port = int(sys.argv[4])
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    serve(
        settings_for(queue_url, data_dir),
        "127.0.0.1",
        port,
        workers_in_process=workers,
        options=FAST,
        job_fn=Recorder(record),
    )
