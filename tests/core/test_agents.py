"""Agent definitions: the user's seed file loads as it is; errors name the file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backendbot.core.agents.definition import load_agent_file, parse_agent
from backendbot.core.agents.loader import builtin_agent, find_agent, system_prompt
from backendbot.core.agents.models import DEFAULT_MODEL, resolve_model
from backendbot.core.errors import InputError
from backendbot.core.layout import Layout

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "backend-developer.md"


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the seed agent file is missing in CI: {SEED}")
        pytest.skip(f"the seed agent file is not beside this checkout ({SEED})")
    return SEED


def test_seed_file_loads_as_is(seed: Path) -> None:
    agent = load_agent_file(seed)
    assert agent.name == "backend-developer"
    assert agent.tools == ("read_file", "write_file", "search_files", "edit_block")
    assert agent.model == "claude-sonnet-4-latest"
    assert agent.system_prompt.startswith("# Backend Developer")
    assert "File Persistence Protocol" in agent.system_prompt
    assert resolve_model(agent.model, {}) == "claude-sonnet-4-6"


def test_model_resolution_order() -> None:
    assert resolve_model(None, {}) == DEFAULT_MODEL
    assert (
        resolve_model("claude-sonnet-4-latest", {"BACKENDBOT_MODEL": "opus"}) == "claude-opus-5-5"
    )
    assert (
        resolve_model("x", {"BACKENDBOT_MODEL": "y"}, explicit="claude-haiku-4-5")
        == "claude-haiku-4-5"
    )
    assert resolve_model("claude-sonnet-4-5-20250929", {}) == "claude-sonnet-4-5-20250929"


def test_tools_as_yaml_list() -> None:
    agent = parse_agent("---\nname: a\ntools: [read_file, write_file]\n---\nbody\n", "a.md")
    assert agent.tools == ("read_file", "write_file")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# just markdown\n", "a.md:1: no YAML front matter"),
        ("---\nname: a\n", "a.md:1: front matter is not closed"),
        ("---\nname: a\ntools: [read_file\n---\nbody\n", "a.md:3:18: bad YAML in front matter"),
        ("---\ndescription: x\n---\nbody\n", "a.md:1: front matter needs a 'name'"),
        ("---\nname: a\ntools: read_file, rm_rf\n---\nbody\n", "a.md:3: unknown tool 'rm_rf'"),
        ("---\nname: a\ntools: 5\n---\nbody\n", "a.md:3: 'tools' must be"),
        ("---\nname: a\n---\n\n", "a.md:4: the body (the system prompt) is empty"),
        ("---\n- a\n---\nbody\n", "a.md:2: front matter must be a mapping"),
    ],
)
def test_errors_name_file_and_line(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        parse_agent(text, "a.md")
    assert str(info.value).startswith(expected)
    assert info.value.exit_code == 2


def test_missing_agent_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="agent file not found"):
        load_agent_file(tmp_path / "nope.md")


def test_lookup_order(tmp_path: Path) -> None:
    assert find_agent(tmp_path).source == "<built-in backend-developer>"
    own = tmp_path / ".backendbot" / "agents"
    own.mkdir(parents=True)
    (own / "backend-developer.md").write_text("---\nname: repo-agent\n---\nRepo prompt\n")
    assert find_agent(tmp_path).name == "repo-agent"
    explicit = tmp_path / "mine.md"
    explicit.write_text("---\nname: mine\n---\nMine\n")
    assert find_agent(tmp_path, explicit).name == "mine"


def test_builtin_agent_and_system_prompt() -> None:
    agent = builtin_agent()
    assert "scaffold" in agent.tools
    prompt = system_prompt(agent, stack="fastapi", layout=Layout(api_routes="app/api"))
    assert "- Stack: fastapi" in prompt
    assert "- api_routes: app/api/" in prompt
    assert "write_file" in prompt
