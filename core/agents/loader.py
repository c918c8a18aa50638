"""Which agent definition a run uses, and the system prompt it gets.

Lookup order: an explicit ``--agent FILE``; the repository's
``.backendbot/agents/<name>.md``; the built-in default shipped in this package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from backendbot.core.agents.definition import AgentDefinition, load_agent_file, parse_agent
from backendbot.core.layout import Layout

DEFAULT_AGENT_NAME = "backend-developer"


def builtin_agent() -> AgentDefinition:
    text = resources.files("backendbot.core.agents").joinpath("default_agent.md").read_text("utf-8")
    return parse_agent(text, "<built-in backend-developer>")


def find_agent(
    repo: Path, agent_file: Path | None = None, name: str = DEFAULT_AGENT_NAME
) -> AgentDefinition:
    if agent_file is not None:
        return load_agent_file(agent_file)
    in_repo = repo / ".backendbot" / "agents" / f"{name}.md"
    if in_repo.is_file():
        return load_agent_file(in_repo)
    return builtin_agent()


def system_prompt(agent: AgentDefinition, *, stack: str, layout: Layout) -> str:
    """The agent's body followed by what this repository looks like."""
    folders = "\n".join(f"- {key}: {value}" for key, value in layout.as_mapping().items())
    return (
        f"{agent.system_prompt}\n\n"
        "## This repository\n"
        f"- Stack: {stack}\n"
        "- Layout (project-relative folders):\n"
        f"{folders}\n"
    )
