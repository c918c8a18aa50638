"""Turn an anthropic SDK exception into one line a user can act on, with no secret in it."""

from __future__ import annotations

from collections.abc import Iterable

import anthropic

from backendbot.core.engines.error_text import safe_line, sdk_retry_count

_HINTS = {
    401: "check ANTHROPIC_API_KEY",
    403: "the API key may not have access to this model",
    404: "check the model id and ANTHROPIC_BASE_URL",
    413: "the request is too large",
    429: "rate limited; try again later",
    529: "the API is overloaded; try again later",
}


def describe(exc: BaseException, *, secrets: Iterable[str | None], host: str) -> str:
    """``exc`` as a one-line message for RunFailed; every secret is masked."""
    if isinstance(exc, anthropic.APIStatusError):
        text = _status_line(exc)
    elif isinstance(exc, anthropic.APITimeoutError):
        text = f"the Anthropic API at {host} did not answer in time"
    elif isinstance(exc, anthropic.APIConnectionError):
        cause = exc.__cause__ or exc.__context__
        text = f"cannot reach the Anthropic API at {host}" + (f": {cause}" if cause else "")
    elif isinstance(exc, anthropic.AnthropicError):
        text = f"Anthropic SDK error: {exc}"
    else:
        text = f"reading the model's answer failed: {type(exc).__name__}: {exc}"
    return safe_line(text, secrets)


def _status_line(exc: anthropic.APIStatusError) -> str:
    kind = _error_field(exc.body, "type") or "error"
    message = _error_field(exc.body, "message") or exc.message
    if exc.status_code < 400:  # an error event in the middle of a streamed answer
        line = f"Anthropic API error while streaming the answer: {kind}: {message}"
    else:
        line = f"Anthropic API error {exc.status_code} {kind}: {message}"
    hint = _HINTS.get(exc.status_code) or (
        "server error; try again later" if exc.status_code >= 500 else None
    )
    retries = sdk_retry_count(exc)
    if retries:
        line += f" after {retries} retr{'y' if retries == 1 else 'ies'}"
    if hint:
        line += f" ({hint})"
    if exc.request_id:
        line += f" [request-id {exc.request_id}]"
    return line


def _error_field(body: object, name: str) -> str | None:
    """``error.<name>`` of the API's error body {"type": "error", "error": {...}}."""
    error = body.get("error") if isinstance(body, dict) else None
    value = error.get(name) if isinstance(error, dict) else None
    return value if isinstance(value, str) else None
