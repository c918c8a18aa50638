"""The one entry point every front end calls: run an agent on a repository, get a verified ChangeSet.

``run_build`` plans only: the repository is not touched. The caller applies the
ChangeSet (CLI, GitHub App) or turns it into a WorkspaceEdit (language server).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from backendbot.core.agents.loader import find_agent, system_prompt
from backendbot.core.changeset.model import ChangeSet
from backendbot.core.engines.registry import choose_engine, engine_model, make_engine
from backendbot.core.errors import InputError
from backendbot.core.layout import Layout, load_repo_config
from backendbot.core.run.cancel import CancelScope
from backendbot.core.run.events import RunEvents
from backendbot.core.run.loop import Budget, run_agent
from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.tools import Workspace

if TYPE_CHECKING:
    from backendbot.core.scaffold.plan import Selection
    from backendbot.core.spec.model import BackendSpec
    from backendbot.core.verify.report import VerificationReport

_OPENAPI = re.compile(r"^[\"']?openapi[\"']?\s*:", re.MULTILINE)


@dataclass(frozen=True)
class BuildRequest:
    repo: Path
    spec_path: Path | None = None
    spec_text: str | None = None  # a spec that is not a file (an issue's yaml block)
    spec_name: str = "backend.yaml"  # the name errors give spec_text
    prompt: str | None = None
    engine: str | None = None
    stack: str | None = None
    model: str | None = None
    agent_file: Path | None = None
    layout: Layout | None = None
    protected: tuple[str, ...] = ()
    selection: Selection | None = None
    budget: Budget | None = None
    spec: BackendSpec | None = None  # spec_text or spec_path already parsed: used as is
    # Run the project's own checks on the result before it is returned (core/verify).
    verify: bool = False
    fix_rounds: int = 2  # model engines: rounds in which failed checks go back to the model


@dataclass(frozen=True)
class RunSummary:
    engine: str
    model: str | None
    turns: int
    tool_calls: int
    tool_errors: int
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_creation_tokens: int
    seconds: float
    resources: int = 0  # the scaffold engine: how many resources it generated
    fix_rounds_used: int = 0  # model engines: rounds in which failed checks went back to it


@dataclass(frozen=True)
class RunResult:
    changeset: ChangeSet
    summary: RunSummary
    final_text: str
    jail: Jail
    verification: VerificationReport | None = None  # None: not verified (verify=False)


class Builder(Protocol):
    """``run_build``'s shape: what a front end runs the core with (tests hand in their own)."""

    def __call__(
        self,
        request: BuildRequest,
        *,
        events: RunEvents | None = None,
        cancel: CancelScope | None = None,
        env: Mapping[str, str] | None = None,
    ) -> RunResult: ...


def run_build(
    request: BuildRequest,
    *,
    events: RunEvents | None = None,
    cancel: CancelScope | None = None,
    env: Mapping[str, str] | None = None,
) -> RunResult:
    env = os.environ if env is None else env
    repo = _check_repo(request.repo)
    config = load_repo_config(repo)
    layout = request.layout or config.layout
    spec, source = _load_spec(request)
    stack = request.stack or (spec.stack if spec else None) or config.stack or "fastapi"
    has_prompt = bool(request.prompt and request.prompt.strip())
    engine_name = choose_engine(
        request.engine or config.engine, has_spec=spec is not None, has_prompt=has_prompt
    )
    if spec is not None and engine_name == "scaffold":
        spec = _with_stack(spec, stack, request)
    agent = find_agent(repo, request.agent_file)
    model = engine_model(engine_name, agent.model, env, request.model or config.model)
    engine = make_engine(
        engine_name,
        model=model,
        env=env,
        spec=spec,
        layout=layout,
        repo=repo,
        selection=request.selection,
        spec_copy=_spec_copy(source, spec),
    )
    engine_chosen = getattr(events, "engine_chosen", None)
    if callable(engine_chosen):
        engine_chosen(engine_name)
    jail = Jail.with_protected(repo, request.protected)
    workspace = Workspace(jail)
    fixer = _FixRounds(request, repo, engine_name, events, env, cancel)
    try:
        if engine_name != "scaffold" and "scaffold" in agent.tools:
            from backendbot.core.engines.scaffold_tool import scaffold_tool

            workspace.register(scaffold_tool(workspace, layout))
        result = run_agent(
            engine,
            workspace,
            system=system_prompt(agent, stack=stack, layout=layout),
            task=_task(request, spec, source),
            tool_names=agent.tools,
            budget=request.budget,
            events=events,
            cancel=cancel,
            after_answer=fixer.after_answer if fixer.enabled else None,
        )
    finally:
        workspace.close()
    notes: tuple[str, ...] = getattr(engine, "notes", ())
    changeset = ChangeSet(result.changeset.changes, result.changeset.unpersisted, notes)
    stats = result.stats
    summary = RunSummary(
        engine=engine_name,
        model=engine.model,
        turns=stats.turns,
        tool_calls=stats.tool_calls,
        tool_errors=stats.tool_errors,
        input_tokens=stats.usage.input_tokens,
        output_tokens=stats.usage.output_tokens,
        cache_read_tokens=stats.usage.cache_read_tokens,
        cache_creation_tokens=stats.usage.cache_creation_tokens,
        seconds=stats.seconds,
        resources=getattr(engine, "resources", 0),
        fix_rounds_used=fixer.used,
    )
    verification = fixer.report
    if request.verify and verification is None:
        verification = fixer.check(changeset)
    return RunResult(changeset, summary, result.final_text, jail, verification)


class _FixRounds:
    """Verification at a model's final answer; failures go back to it for up to fix_rounds rounds."""

    def __init__(
        self,
        request: BuildRequest,
        repo: Path,
        engine_name: str,
        events: RunEvents | None,
        env: Mapping[str, str],
        cancel: CancelScope | None,
    ) -> None:
        self.enabled = request.verify and engine_name != "scaffold"
        self.rounds = max(0, request.fix_rounds)
        self.used = 0
        self.report: VerificationReport | None = None
        self._repo = repo
        self._events = events
        self._env = env
        self._cancel = cancel

    def check(self, changeset: ChangeSet) -> VerificationReport:
        from backendbot.core.verify.run import verify

        self.report = verify(
            self._repo, changeset, events=self._events, env=self._env, cancel=self._cancel
        )
        return self.report

    def after_answer(self, changeset: ChangeSet) -> str | None:
        from backendbot.core.verify.feedback import failure_feedback

        report = self.check(changeset)
        if report.passed:
            if self.used and self._events is not None:
                self._events.note(f"verification passed after fix round {self.used}")
            return None
        if self.used >= self.rounds:
            if self._events is not None and self.rounds:
                self._events.note(f"verification still fails after {self.used} fix round(s)")
            return None
        self.used += 1
        if self._events is not None:
            self._events.note(
                f"verification failed ({report.summary_line()}); "
                f"fix round {self.used} of {self.rounds}: the failures go back to the model"
            )
        return failure_feedback(report, self.used, self.rounds)


def _check_repo(repo: Path) -> Path:
    if not repo.exists():
        raise InputError("repository folder does not exist", file=repo)
    if not repo.is_dir():
        raise InputError("repository path is not a folder", file=repo)
    return repo.resolve()


def _load_spec(request: BuildRequest) -> tuple[BackendSpec | None, str | None]:
    """The spec and, when known, the text it was read from."""
    if request.spec is not None:
        return request.spec, request.spec_text
    if request.spec_path is None and request.spec_text is None:
        return None, None
    from backendbot.core.spec.parse import load_spec, parse_spec

    if request.spec_path is not None:
        spec = load_spec(request.spec_path)
        return spec, request.spec_path.read_bytes().decode("utf-8-sig")
    assert request.spec_text is not None
    return parse_spec(request.spec_text, request.spec_name), request.spec_text


def _with_stack(spec: BackendSpec, stack: str, request: BuildRequest) -> BackendSpec:
    """The spec with the stack chosen (an explicit --stack wins); one that has no folder in
    core/scaffold/stacks/ (with its ``STACK``) is refused, naming those there are."""
    from backendbot.core.scaffold import stacks

    known = stacks.names()
    if stack not in known:
        given = f"--stack {stack}" if request.stack else f"stack: {stack} in the spec"
        raise InputError(
            f"{given}: the {stack} stack is not built yet; the scaffold engine generates "
            f"{', '.join(known)} only (leave the stack out, or choose --stack {known[0]})"
        )
    return spec if spec.stack == stack else spec.model_copy(update={"stack": stack})


def _spec_copy(source: str | None, spec: BackendSpec | None) -> str | None:
    """The text to keep as the project's backend.yaml: the spec as written, or an OpenAPI one converted."""
    if source is None or spec is None:
        return None
    if _OPENAPI.search(source) or source.lstrip().startswith("{"):
        from backendbot.core.spec.dump import dump_spec

        return dump_spec(spec)
    return source


def _task(request: BuildRequest, spec: BackendSpec | None, source: str | None) -> str:
    parts = []
    if request.prompt:
        parts.append(request.prompt.strip())
    if spec is not None:
        parts.append(f"Build the backend this spec describes:\n\n```yaml\n{source}\n```")
    return "\n\n".join(parts)
