"""Choosing and constructing an engine by name. Engines import their SDKs lazily."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from backendbot.core.agents.models import resolve_model
from backendbot.core.engines.base import Engine
from backendbot.core.errors import InputError
from backendbot.core.layout import Layout

if TYPE_CHECKING:
    from backendbot.core.scaffold.plan import Selection
    from backendbot.core.spec.model import BackendSpec

ENGINES = ("scaffold", "anthropic", "openai")
NOTHING_TO_BUILD = (
    "nothing to build: give a spec (backendbot build backend.yaml, offline) or say what to "
    "build (backendbot build --prompt 'add a /health endpoint', with ANTHROPIC_API_KEY set)"
)


def choose_engine(requested: str | None, *, has_spec: bool, has_prompt: bool) -> str:
    """design.md: ``scaffold`` when a SPEC is given and no prompt; ``anthropic`` otherwise."""
    name = requested or ("scaffold" if has_spec and not has_prompt else "anthropic")
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r} (expected one of {', '.join(ENGINES)})")
    if name == "scaffold" and not has_spec:
        raise InputError(
            "the scaffold engine needs a SPEC (a backend.yaml or an OpenAPI document); "
            "give one, or choose --engine anthropic with --prompt"
        )
    if not has_spec and not has_prompt:
        raise InputError(NOTHING_TO_BUILD)
    return name


def engine_model(
    name: str, agent_model: str | None, env: Mapping[str, str], explicit: str | None
) -> str | None:
    """The model the engine calls. The agent file's model and the default are Claude names,
    so for ``openai`` only an explicit choice or BACKENDBOT_MODEL count (None: none given)."""
    if name != "openai":
        return resolve_model(agent_model, env, explicit)
    chosen = (explicit or env.get("BACKENDBOT_MODEL") or "").strip()
    return chosen or None


def make_engine(
    name: str,
    *,
    model: str | None,
    env: Mapping[str, str],
    spec: BackendSpec | None,
    layout: Layout,
    repo: Path,
    selection: Selection | None = None,
    spec_copy: str | None = None,
) -> Engine:
    """``spec_copy``: the spec's text, for the scaffold engine to keep as the project's backend.yaml."""
    if name == "scaffold":
        from backendbot.core.engines.scaffold_engine import ScaffoldEngine

        assert spec is not None  # choose_engine guarantees it
        return ScaffoldEngine(spec, layout, repo, selection, spec_copy=spec_copy)
    if name == "openai":
        from backendbot.core.engines.openai_config import make_openai_engine

        return make_openai_engine(model, env)
    from backendbot.core.engines.anthropic_engine import make_anthropic_engine

    return make_anthropic_engine(model or "", env)
