"""The anthropic engine driving the real agent loop and workspace, over HTTP to the fake API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backendbot.core.run.loop import run_agent
from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.tools import Workspace
from tests.engines.conftest import EngineFactory
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import reply, text, tool_use

TOOLS = ["read_file", "write_file", "search_files", "edit_block"]
ROUTE = "def health() -> dict[str, str]:\n    return {'status': 'ok'}\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    (tmp_path / "app.py").write_text("app = object()\n")
    ws = Workspace(Jail(tmp_path))
    yield ws
    ws.close()


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_a_run_writes_and_lists_files(
    messages_api: FakeMessagesAPI, make_engine: EngineFactory, workspace: Workspace
) -> None:
    messages_api.script(
        reply(tool_use("read_file", {"path": "app.py"}, id="t1")),
        reply(
            tool_use("write_file", {"path": "routes/health.py", "content": ROUTE}, id="t2"),
            tool_use("write_file", {"path": "/etc/passwd", "content": "x"}, id="t3"),
        ),
        reply(text("Added routes/health.py.")),
    )
    result = run_agent(
        make_engine(), workspace, system="Be careful.", task="Add /health.", tool_names=TOOLS
    )
    assert result.final_text == "Added routes/health.py."
    assert result.changeset.paths == ["routes/health.py"]
    assert result.stats.turns == 3
    assert result.stats.usage.output_tokens == 60
    third = messages_api.requests[2].body["messages"][-1]["content"]
    assert third[0]["is_error"] is False and "routes/health.py" in third[0]["content"]
    assert third[1]["is_error"] is True  # the jail refused /etc/passwd; the run went on
    second = messages_api.requests[1].body["messages"][-1]["content"]
    assert "app = object()" in second[0]["content"]
