"""The verification in the editor: work-done progress names the steps, the end is the summary.

A real client (pytest-lsp) and the server of tests/lsp/verifying_server.py, whose verifier
plays tests/fakes/verifier.py's report step by step to the run's events (the numbers of the
GitHub tests). A scaffold action's resolve returns its edit at once and the checks run after it
in the background; a model run (``backendbot.generate``) verifies before it applies its edit.
"""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from backendbot.core.verify.report import VerificationReport
from tests.fakes.fixtures import FAKE_API_KEY
from tests.fakes.messages_api import FakeMessagesAPI
from tests.fakes.messages_script import reply, text, tool_use
from tests.fakes.verifier import FAILING, FAILING_TEST, PASSING
from tests.lsp.conftest import Session, Starter
from tests.lsp.test_commands import WEATHER_PY, _command, _execute

pytestmark = pytest.mark.slow
TITLE = "Generate endpoints: Recipe"


def _server(report: str) -> list[str]:
    return [sys.executable, "-m", "tests.lsp.verifying_server", report]


async def _ended_progress(
    session: Session, title_suffix: str = "", seconds: float = 30.0
) -> list[Any]:
    """The reports of the (first) progress whose title ends so, once it has ended."""
    for _ in range(int(seconds / 0.05)):
        for token, reports in session.client.progress_reports.items():
            begin = reports[0] if reports else None
            if not isinstance(begin, types.WorkDoneProgressBegin):
                continue
            if begin.title.endswith(title_suffix) and isinstance(
                reports[-1], types.WorkDoneProgressEnd
            ):
                assert isinstance(token, str)
                return list(reports)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no progress ending in {title_suffix!r} ended")


def _step_messages(reports: list[Any]) -> list[str]:
    return [r.message for r in reports if isinstance(r, types.WorkDoneProgressReport)]


def _expected_steps(report: VerificationReport) -> list[str]:
    out = []
    for step in report.steps:
        detail = f": {step.detail}" if step.detail else ""
        out += [
            f"verifying: {step.name}",
            f"verified {step.name}: {step.status}{detail} ({step.seconds:.1f} s)",
        ]
    return out


async def _message(session: Session, contains: str) -> types.ShowMessageParams:
    for _ in range(100):
        found = [m for m in session.client.messages if contains in m.message]
        if found:
            return found[-1]
        await asyncio.wait_for(session.client.wait_for_notification(types.WINDOW_SHOW_MESSAGE), 30)
    raise AssertionError(f"no message with {contains!r}")


async def test_a_scaffold_action_is_verified_after_its_edit(lsp: Starter) -> None:
    session = await lsp("spec", verify=True, command=_server("passing"))
    uri = session.open("backend.yaml", "yaml")
    action = await session.action(uri, 7, TITLE)
    resolved = await session.client.code_action_resolve_async(action)
    assert resolved.edit is not None and resolved.edit.document_changes  # at once, unverified

    reports = await _ended_progress(session, ": verifying")
    begin, *steps, end = reports
    assert begin.title == f"{TITLE}: verifying" and begin.cancellable
    assert _step_messages(steps) == _expected_steps(PASSING)
    assert end.message == PASSING.summary_line()
    assert end.message == "66 tests passed · coverage 98 % · schemathesis clean"
    shown = await _message(session, "verified:")
    assert shown.type == types.MessageType.Info
    assert shown.message == f"{TITLE}: verified: {PASSING.summary_line()}"


async def test_with_verify_off_a_resolve_starts_no_checks(lsp: Starter) -> None:
    session = await lsp("spec", verify=True, command=_server("passing"), options={"verify": False})
    uri = session.open("backend.yaml", "yaml")
    resolved = await session.client.code_action_resolve_async(await session.action(uri, 7, TITLE))
    assert resolved.edit is not None
    # a second resolve with verify on: only its own verification runs
    session.client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"backendbot": {"verify": True}})
    )
    again = await session.client.code_action_resolve_async(await session.action(uri, 7, TITLE))
    assert again.edit is not None
    await _ended_progress(session, ": verifying")
    await _message(session, "verified:")
    assert len(session.client.progress_reports) == 1
    assert len([m for m in session.client.messages if "verified" in m.message]) == 1


async def test_a_model_run_verifies_before_its_edit_and_names_the_failing_test(
    lsp: Starter, messages_api: FakeMessagesAPI
) -> None:
    messages_api.script(
        reply(tool_use("write_file", {"path": "src/weather.py", "content": WEATHER_PY})),
        reply(text("Done: src/weather.py.")),
    )
    env = {"ANTHROPIC_BASE_URL": messages_api.base_url, "ANTHROPIC_API_KEY": FAKE_API_KEY}
    session = await lsp("source", env=env, verify=True, command=_server("failing"))
    await _execute(session, await _command(session))

    [applied] = session.applied  # applied all the same: the editor can undo it
    assert applied.label == "backendbot: Generate endpoint"
    reports = await _ended_progress(session)
    assert _step_messages(reports)[-len(_expected_steps(FAILING)) :] == _expected_steps(FAILING)
    assert reports[-1].message == f"1 file(s) written · {FAILING.summary_line()}"
    assert "65 tests passed · 1 failing" in reports[-1].message
    warning = await _message(session, "verification failed")
    assert warning.type == types.MessageType.Warning
    assert warning.message.startswith(
        f"Generate endpoint: verification failed (tests, test): {FAILING.summary_line()}"
    )
    assert FAILING_TEST in warning.message


async def test_the_background_verification_can_be_cancelled(lsp: Starter) -> None:
    session = await lsp("spec", verify=True, command=_server("hanging"))
    uri = session.open("backend.yaml", "yaml")
    resolved = await session.client.code_action_resolve_async(await session.action(uri, 7, TITLE))
    assert resolved.edit is not None
    for _ in range(600):
        running = [
            token
            for token, reports in session.client.progress_reports.items()
            if any(getattr(r, "message", None) == "verifying: install" for r in reports)
        ]
        if running:
            break
        await asyncio.sleep(0.05)
    [token] = running
    session.client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    reports = await _ended_progress(session, ": verifying")
    assert reports[-1].message == "verification cancelled"
    assert not [m for m in session.client.messages if "verif" in m.message]


async def test_a_client_without_resolve_gets_the_checks_after_applying(lsp: Starter) -> None:
    session = await lsp("spec", verify=True, command=_server("failing"), resolve=False)
    uri = session.open("backend.yaml", "yaml")
    action = await session.action(uri, 7, TITLE)
    assert action.command is not None and action.command.command == "backendbot.apply"
    await session.client.workspace_execute_command_async(
        types.ExecuteCommandParams(
            command=action.command.command, arguments=action.command.arguments
        )
    )
    assert len(session.applied) == 1
    reports = await _ended_progress(session, ": verifying")
    assert _step_messages(reports[1:-1]) == _expected_steps(FAILING)
    assert reports[-1].message == FAILING.summary_line()
    warning = await _message(session, "verification failed")
    assert warning.type == types.MessageType.Warning and FAILING_TEST in warning.message


async def test_the_real_verifier_after_a_scaffold_resolve(lsp: Starter, tmp_path: Path) -> None:
    """``backendbot lsp`` itself (core/verify, a fresh cache): the steps and the summary."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "BACKENDBOT_VERIFY": "1"}
    session = await lsp("spec", verify=True, env=env)
    uri = session.open("backend.yaml", "yaml")
    resolved = await session.client.code_action_resolve_async(
        await session.action(uri, 0, "Generate backend")
    )
    assert resolved.edit is not None
    reports = await _ended_progress(session, ": verifying", seconds=600)
    started = [m for m in _step_messages(reports) if m.startswith("verifying: ")]
    assert started[:2] == ["verifying: install", "verifying: test"]
    summary = reports[-1].message
    assert re.search(r"\d+ tests passed", summary), summary
    shown = await _message(session, summary)
    assert shown.message.endswith(summary) or f": {summary}. First failure" in shown.message
