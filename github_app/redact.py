"""Keep tokens and the webhook secret out of every log line and message.

``redact(text, secrets)`` is the pure function; ``RedactingFilter`` applies it to log records
(attach it to handlers, as ``install_redaction`` does for the root logger's handlers).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

MASK = "***"

# GitHub token formats: ghp_ (classic PAT), gho_/ghu_ (OAuth/user-to-server), ghs_
# (installation), ghr_ (refresh), github_pat_ (fine-grained PAT), and credentials in URLs.
_TOKEN_PATTERNS = (
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{10,}"),
    re.compile(r"\bgithub_pat_[A-Za-z0-9_]{10,}"),
    re.compile(r"(x-access-token:)[^@\s/]+(@)"),
)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every token-shaped string and every given secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    for pattern in _TOKEN_PATTERNS:
        text = pattern.sub(
            lambda m: (m.group(1) + MASK + m.group(2)) if m.groups() else MASK,
            text,
        )
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and its traceback text) with secrets masked."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


def install_redaction(secrets: Iterable[str] = (), logger: logging.Logger | None = None) -> None:
    """Attach one ``RedactingFilter`` to every handler of ``logger`` (the root logger by default)."""
    target = logger or logging.getLogger()
    log_filter = RedactingFilter(secrets)
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(log_filter)
