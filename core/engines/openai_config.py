"""The ``openai`` engine as the CLI, the language server and the GitHub App configure it.

From the given mapping (normally os.environ, never read here behind the caller's back):
``OPENAI_BASE_URL`` (a local server: Ollama ``http://127.0.0.1:11434/v1``, vLLM
``http://127.0.0.1:8000/v1``) and ``OPENAI_API_KEY`` (optional when a base URL is set:
local servers ignore it, so a placeholder is sent).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from backendbot.core.errors import InputError

if TYPE_CHECKING:
    from backendbot.core.engines.openai_engine import OpenAIEngine

DEFAULT_BASE_URL = "https://api.openai.com/v1"
PLACEHOLDER_KEY = "backendbot-no-key"  # local servers want some Bearer token, any will do


def make_openai_engine(
    model: str | None,
    env: Mapping[str, str],
    *,
    max_tokens_per_turn: int = 8192,
    max_retries: int = 4,
    timeout: float = 600.0,
) -> OpenAIEngine:
    """Raises InputError for no model, no base URL and no key, or a base URL that is not http(s)."""
    if model is None or not model.strip():
        raise InputError(
            "the openai engine needs a model name: give --model NAME (e.g. "
            "qwen2.5-coder:14b for Ollama), model: in .backendbot.yml, the editor's "
            "backendbot.model setting, or BACKENDBOT_MODEL"
        )
    base_url = env.get("OPENAI_BASE_URL", "").strip()
    api_key = env.get("OPENAI_API_KEY", "").strip()
    if not base_url and not api_key:
        raise InputError(
            "the openai engine needs OPENAI_BASE_URL (a local server, e.g. Ollama's "
            "http://127.0.0.1:11434/v1) or OPENAI_API_KEY (for api.openai.com)"
        )
    base_url = base_url or DEFAULT_BASE_URL
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"OPENAI_BASE_URL must be an http:// or https:// URL, got {base_url!r}")
    try:
        from backendbot.core.engines.openai_engine import OpenAIEngine
    except ModuleNotFoundError as exc:
        if exc.name != "openai":
            raise
        raise InputError(
            "the openai engine needs the openai package: pip install 'backendbot[openai]'"
        ) from None

    official = parts.hostname == "api.openai.com"
    return OpenAIEngine(
        model.strip(),
        api_key=api_key or PLACEHOLDER_KEY,
        base_url=base_url,
        max_retries=max_retries,
        timeout=timeout,
        max_tokens_per_turn=max_tokens_per_turn,
        limit_field="max_completion_tokens" if official else "max_tokens",
    )
