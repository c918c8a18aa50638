"""``X-Hub-Signature-256`` verification through githubkit (HMAC-SHA256, constant-time compare)."""

from __future__ import annotations

from githubkit import webhooks

PREFIX = "sha256="


def signature_problem(secret: str, body: bytes, header: str | None) -> str | None:
    """None when ``header`` signs ``body`` with ``secret``; otherwise what is wrong with it."""
    if not header:
        return "missing X-Hub-Signature-256 header"
    if not header.startswith(PREFIX):  # githubkit would fall back to SHA-1 for other prefixes
        return "X-Hub-Signature-256 must start with 'sha256='"
    if not webhooks.verify(secret, body, header):
        return "X-Hub-Signature-256 does not match the body (wrong secret or altered body)"
    return None


def sign(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` value GitHub would send for ``body``."""
    return webhooks.sign(secret, body, "sha256")
