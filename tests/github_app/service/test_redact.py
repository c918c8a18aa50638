"""Tokens and the webhook secret never reach a log line."""

from __future__ import annotations

import io
import logging

from backendbot.github_app.redact import RedactingFilter, redact

TOKENS = [
    "ghs_16C7e42F292c6912E7710c838347Ae178B4a",
    "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
]


def test_redact_masks_tokens_credentials_in_urls_and_the_secret() -> None:
    text = (
        f"token {TOKENS[0]} pat {TOKENS[1]} fine {TOKENS[2]} "
        "url https://x-access-token:s3cr3t-value@github.com/o/r.git secret=hunter2-secret"
    )
    out = redact(text, ["hunter2-secret"])
    for token in [*TOKENS, "s3cr3t-value", "hunter2-secret"]:
        assert token not in out
    assert "https://x-access-token:***@github.com/o/r.git" in out
    assert redact("ghost_town and github.com stay", []) == "ghost_town and github.com stay"


def test_the_filter_redacts_messages_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(["hunter2-secret"]))
    logger = logging.getLogger("test_redact.filter")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("cloning with %s and %s", TOKENS[0], "hunter2-secret")
        try:
            raise RuntimeError(f"push failed: https://x-access-token:{TOKENS[0]}@github.com/o/r")
        except RuntimeError:
            logger.exception("job failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "cloning with *** and ***" in out
    assert "RuntimeError: push failed: https://x-access-token:***@github.com/o/r" in out
    assert TOKENS[0] not in out and "hunter2-secret" not in out
