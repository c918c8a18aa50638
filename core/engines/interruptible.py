"""Run a blocking call in a worker thread so that another thread can abandon it at once.

An SDK call blocked on a socket read, or asleep between retries, cannot be interrupted
from outside. Running it in a daemon worker lets ``cancel()`` wake the waiting caller
immediately (it gets ``Cancelled``); the owner then closes what the worker uses (the
HTTP client), so the abandoned worker ends soon after and sends nothing more.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from backendbot.core.errors import Cancelled

T = TypeVar("T")


class Interruptible:
    """Runs one call at a time; ``cancel()`` is final and may come from any thread."""

    def __init__(self, what: str = "model call") -> None:
        self._what = what
        self._lock = threading.Lock()
        self._cancelled = False
        self._wake: threading.Event | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self, call: Callable[[], T]) -> T:
        """Return ``call()``'s result or raise its exception; raise Cancelled on cancel."""
        wake = threading.Event()
        with self._lock:
            if self._cancelled:
                raise Cancelled(f"the {self._what} was cancelled")
            self._wake = wake
        outcome: list[T] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                outcome.append(call())
            except BaseException as exc:
                failure.append(exc)
            finally:
                wake.set()

        threading.Thread(target=work, name=f"backendbot {self._what}", daemon=True).start()
        wake.wait()
        with self._lock:
            self._wake = None
            cancelled = self._cancelled
        if cancelled:
            raise Cancelled(f"the {self._what} was cancelled")
        if failure:
            raise failure[0]
        return outcome[0]

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            wake = self._wake
        if wake is not None:
            wake.set()
