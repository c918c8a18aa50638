"""``python -m tests.github_app.service.worker_main QUEUE_URL DATA_DIR RECORD_FILE [WORKERS]``: run_worker with a Recorder."""

from __future__ import annotations

import sys
from pathlib import Path

from backendbot.github_app.service import run_worker
from tests.github_app.service.helpers import FAST, Recorder, settings_for

if __name__ == "__main__":
    queue_url, data_dir, record = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    run_worker(settings_for(queue_url, data_dir), workers, options=FAST, job_fn=Recorder(record))
