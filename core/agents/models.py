"""Model aliases that agent files may name, resolved to real model ids.

``BACKENDBOT_MODEL`` overrides whatever the agent file says.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_MODEL = "claude-sonnet-5-5"

ALIASES: Mapping[str, str] = {
    "sonnet": DEFAULT_MODEL,
    "claude-sonnet-latest": DEFAULT_MODEL,
    "claude-sonnet-5-latest": DEFAULT_MODEL,
    "claude-sonnet-4-latest": "claude-sonnet-4-6",
    "opus": "claude-opus-5-5",
    "claude-opus-latest": "claude-opus-5-5",
    "claude-opus-5-latest": "claude-opus-5-5",
    "claude-opus-4-latest": "claude-opus-4-8",
    "haiku": "claude-haiku-5-5",
    "claude-haiku-latest": "claude-haiku-5-5",
    "claude-haiku-4-latest": "claude-haiku-4-5",
}


def resolve_model(
    requested: str | None, env: Mapping[str, str], explicit: str | None = None
) -> str:
    """The model id to call: an explicit choice, then BACKENDBOT_MODEL, then the agent's, then the default.

    Aliases resolve through the table; any other name passes through unchanged (a dated
    id, or a model an OpenAI-compatible server knows).
    """
    chosen = explicit or env.get("BACKENDBOT_MODEL") or requested or DEFAULT_MODEL
    return ALIASES.get(chosen.strip(), chosen.strip())
