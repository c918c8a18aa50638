"""Agent definitions: markdown with YAML front matter; the body is the system prompt.

---
name: backend-developer
description: ...
tools: read_file,write_file,search_files,edit_block   # or a YAML list
model: claude-sonnet-4-latest                          # optional
---
# The system prompt ...
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from backendbot.core.errors import InputError

KNOWN_TOOLS = ("read_file", "write_file", "search_files", "edit_block", "scaffold")
DEFAULT_TOOLS = ("read_file", "write_file", "search_files", "edit_block")


@dataclass(frozen=True)
class AgentDefinition:
    name: str
    description: str
    tools: tuple[str, ...]
    model: str | None
    system_prompt: str
    source: str


def parse_agent(text: str, source: str) -> AgentDefinition:
    """Parse an agent file's text; InputError names ``source`` and the line of any problem."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise InputError(
            "no YAML front matter: the file must start with a '---' line", file=source, line=1
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise InputError("front matter is not closed by a '---' line", file=source, line=1)
    meta = _load_front_matter("\n".join(lines[1:end]), source)
    body = "\n".join(lines[end + 1 :]).strip()

    def line_of(key: str) -> int:
        return next((i + 1 for i in range(1, end) if lines[i].lstrip().startswith(f"{key}:")), 1)

    name = meta.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError("front matter needs a 'name'", file=source, line=line_of("name"))
    description = meta.get("description") or ""
    if not isinstance(description, str):
        raise InputError("'description' must be text", file=source, line=line_of("description"))
    tools = _tools(meta.get("tools"), source, line_of("tools"))
    model = meta.get("model")
    if model is not None and not isinstance(model, str):
        raise InputError("'model' must be a model id or alias", file=source, line=line_of("model"))
    if not body:
        raise InputError("the body (the system prompt) is empty", file=source, line=end + 2)
    return AgentDefinition(name.strip(), description.strip(), tools, model, body, source)


def load_agent_file(path: Path) -> AgentDefinition:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("agent file not found", file=path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read agent file: {exc}", file=path) from exc
    return parse_agent(text, str(path))


def _load_front_matter(text: str, source: str) -> dict[str, Any]:
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"bad YAML in front matter: {problem}",
            file=source,
            line=mark.line + 2 if mark else None,  # +1 for 1-based, +1 for the opening '---'
            column=mark.column + 1 if mark else None,
        ) from exc
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise InputError("front matter must be a mapping of keys to values", file=source, line=2)
    return meta


def _tools(raw: object, source: str, line: int) -> tuple[str, ...]:
    if raw is None:
        return DEFAULT_TOOLS
    if isinstance(raw, str):
        names = [t.strip() for t in raw.split(",") if t.strip()]
    elif isinstance(raw, list) and all(isinstance(t, str) for t in raw):
        names = [t.strip() for t in raw]
    else:
        raise InputError(
            "'tools' must be a comma-separated string or a list of names", file=source, line=line
        )
    unknown = [t for t in names if t not in KNOWN_TOOLS]
    if unknown:
        raise InputError(
            f"unknown tool {unknown[0]!r} (known: {', '.join(KNOWN_TOOLS)})", file=source, line=line
        )
    return tuple(dict.fromkeys(names))
