"""A cancellation handle a front end holds while a run goes on in another thread."""

from __future__ import annotations

import threading
from collections.abc import Callable


class CancelScope:
    """``cancel()`` sets a flag the loop checks between steps and calls the registered hooks
    (an engine's ``cancel`` aborts an in-flight model call)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._hooks: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, hook: Callable[[], None]) -> None:
        with self._lock:
            self._hooks.append(hook)
            already = self._event.is_set()
        if already:
            hook()

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            hooks = list(self._hooks)
        for hook in hooks:
            hook()
