"""``python -m tests.github_app.service.real_worker_main``: run_worker with the real runner,
settings from the environment and the tests' short queue timings."""

from __future__ import annotations

from backendbot.github_app.service import run_worker
from backendbot.github_app.settings import AppSettings
from tests.github_app.service.helpers import FAST

if __name__ == "__main__":
    run_worker(AppSettings.from_env(), 1, options=FAST)
