"""Turn an openai SDK exception into one line a user can act on, with no secret in it."""

from __future__ import annotations

from collections.abc import Iterable

import openai

from backendbot.core.engines.error_text import safe_line, sdk_retry_count

_HINTS = {
    401: "check OPENAI_API_KEY",
    403: "the API key may not have access to this model",
    404: "check the model name and OPENAI_BASE_URL (it usually ends in /v1)",
    413: "the request is too large",
    429: "rate limited; try again later",
}


def describe(exc: BaseException, *, secrets: Iterable[str | None], host: str) -> str:
    """``exc`` as a one-line message for RunFailed; every secret is masked."""
    if isinstance(exc, openai.APIStatusError):
        text = _status_line(exc)
    elif isinstance(exc, openai.APITimeoutError):
        text = f"the model server at {host} did not answer in time"
    elif isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__ or exc.__context__
        text = f"cannot reach the model server at {host}" + (f": {cause}" if cause else "")
    elif isinstance(exc, openai.APIError):  # an error object in the middle of a stream
        text = f"the model server reported an error while streaming the answer: {exc.message}"
    elif isinstance(exc, openai.OpenAIError):
        text = f"OpenAI SDK error: {exc}"
    else:
        text = f"reading the model's answer failed: {type(exc).__name__}: {exc}"
    return safe_line(text, secrets)


def _status_line(exc: openai.APIStatusError) -> str:
    body = exc.body
    error = body.get("error", body) if isinstance(body, dict) else None
    message = exc.message
    kind = None
    if isinstance(error, dict):
        message = str(error.get("message") or message)
        kind = error.get("code") or error.get("type")
    line = f"model server error {exc.status_code}" + (f" {kind}" if kind else "") + f": {message}"
    retries = sdk_retry_count(exc)
    if retries:
        line += f" after {retries} retr{'y' if retries == 1 else 'ies'}"
    hint = _HINTS.get(exc.status_code) or (
        "server error; try again later" if exc.status_code >= 500 else None
    )
    if hint:
        line += f" ({hint})"
    if exc.request_id:
        line += f" [request-id {exc.request_id}]"
    return line
