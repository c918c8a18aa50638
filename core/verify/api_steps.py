"""The HTTP steps: the app started on a loopback port, then schemathesis and the latency probe.

All of it runs in one sandboxed command (``api_probe.py``, with the project's Python) because
the app's loopback is the sandbox's own; the verifier follows its progress file to report
each step as it starts and ends, then reads what it measured.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from backendbot.core.run.cancel import CancelScope
from backendbot.core.verify.outcome_text import last_line, one_line, timeout_detail
from backendbot.core.verify.report import (
    P99_MAX_MS,
    DocumentedOperations,
    Failure,
    LatencyProbe,
    SchemathesisResult,
    StepName,
    StepResult,
    StepStatus,
)
from backendbot.core.verify.sandbox import run_sandboxed

PROBE = Path(__file__).with_name("api_probe.py")
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
FIRST_FAILURES = 5


@dataclass
class ApiSteps:
    steps: list[StepResult] = field(default_factory=list)
    schemathesis: SchemathesisResult | None = None
    documented: DocumentedOperations | None = None
    latency: LatencyProbe | None = None


@dataclass(frozen=True)
class ApiOptions:
    app: str  # "module:attribute"
    factory: bool
    examples: int = 5  # schemathesis examples per operation
    requests: int = 300  # latency probe
    startup_seconds: float = 30.0


def run_api_steps(
    python: Path,
    options: ApiOptions,
    *,
    checkout: Path,
    scratch: Path,
    env: Mapping[str, str],
    timeout: float,
    started: Callable[[StepName], None],
    finished: Callable[[StepResult], None],
    cancel: CancelScope | None = None,
) -> ApiSteps:
    scratch.mkdir(parents=True, exist_ok=True)
    config = {
        "app": options.app,
        "factory": options.factory,
        "scratch": str(scratch),
        "examples": options.examples,
        "requests": options.requests,
        "startup_seconds": options.startup_seconds,
        "schemathesis_seconds": max(5.0, timeout - options.startup_seconds - 30),
    }
    (scratch / "probe.json").write_text(json.dumps(config), encoding="utf-8")
    out = ApiSteps()

    def schemathesis_done(data: dict[str, Any]) -> None:
        step, out.schemathesis = _schemathesis(data)
        out.steps.append(step)
        finished(step)

    follower = _Follower(scratch / "progress.jsonl", started, schemathesis_done)
    started("schemathesis")
    begun = time.monotonic()
    outcome = run_sandboxed(
        [str(python), str(PROBE), str(scratch / "probe.json")],
        cwd=checkout,
        env=env,
        timeout=timeout,
        on_poll=follower.poll,
        cancel=cancel,
    )
    follower.poll()
    seconds = time.monotonic() - begun
    result = _read_json(scratch / "api.json")
    if outcome.timed_out or outcome.error or not isinstance(result, dict) or "error" in result:
        status: StepStatus
        if outcome.timed_out:
            status, detail = "timeout", timeout_detail(timeout)
        elif isinstance(result, dict) and "error" in result:
            status, detail = "error", one_line(str(result["error"]))
        else:
            status, detail = "error", last_line(outcome, "the API probe ended without a result")
        if not follower.seen("schemathesis-finished"):
            schemathesis = StepResult("schemathesis", status, seconds, detail)
            out.steps.append(schemathesis)
            finished(schemathesis)
        if not follower.seen("latency"):
            started("latency")
        latency = StepResult("latency", status, 0.0, detail)
        out.steps.append(latency)
        finished(latency)
        out.documented = documented_operations(_read_json(scratch / "openapi.json"))
        return out
    out.documented = documented_operations(_read_json(scratch / "openapi.json"))
    if not follower.seen("schemathesis-finished"):
        schemathesis_done(result.get("schemathesis") or {})
    lat_step, out.latency = _latency(result.get("latency") or {})
    out.steps.append(lat_step)
    finished(lat_step)
    return out


class _Follower:
    """Reads the probe's progress lines: the latency step's start, schemathesis's end, each once."""

    def __init__(
        self,
        path: Path,
        started: Callable[[StepName], None],
        schemathesis_done: Callable[[dict[str, Any]], None],
    ) -> None:
        self._path = path
        self._started = started
        self._schemathesis_done = schemathesis_done
        self._seen: set[str] = {"schemathesis"}  # reported before the probe starts

    def seen(self, step: str) -> bool:
        return step in self._seen

    def poll(self) -> None:
        try:
            lines = self._path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if not isinstance(event, dict):
                continue
            key = f"{event.get('step')}-{event.get('event')}"
            if key in self._seen:
                continue
            if key == "latency-started":
                self._seen.update((key, "latency"))
                self._started("latency")
            elif key == "schemathesis-finished" and isinstance(event.get("result"), dict):
                self._seen.add(key)
                self._schemathesis_done(event["result"])


def documented_operations(schema: Any) -> DocumentedOperations | None:
    """Operations with a summary or description and a schema for each success answer (204 has none)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("paths"), dict):
        return None
    documented = total = 0
    for item in schema["paths"].values():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            total += 1
            described = bool(op.get("summary") or op.get("description"))
            if described and _responses_have_schemas(op.get("responses")):
                documented += 1
    return DocumentedOperations(documented, total)


def _responses_have_schemas(responses: Any) -> bool:
    if not isinstance(responses, dict) or not responses:
        return False
    successes = {code: r for code, r in responses.items() if str(code).startswith("2")}
    if not successes:
        return False
    for code, response in successes.items():
        if str(code) == "204":
            continue
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict) or not any(
            isinstance(media, dict) and media.get("schema") for media in content.values()
        ):
            return False
    return True


def _schemathesis(data: dict[str, Any]) -> tuple[StepResult, SchemathesisResult | None]:
    seconds = float(data.get("seconds") or 0.0)
    if data.get("timed_out"):
        return StepResult(
            "schemathesis", "timeout", seconds, "schemathesis ran out of its time"
        ), None
    parsed = _read_schemathesis_junit(Path(str(data.get("junit", ""))))
    if parsed is None:
        tail = [str(x) for x in data.get("output") or []]
        detail = one_line(tail[-1]) if tail else "schemathesis wrote no report"
        return StepResult("schemathesis", "error", seconds, detail), None
    if parsed.failures:
        first = parsed.first[0].name if parsed.first else ""
        detail = one_line(f"{parsed.failures} failing operation(s), first {first}")
        return StepResult("schemathesis", "failed", seconds, detail), parsed
    return StepResult("schemathesis", "passed", seconds), parsed


def _read_schemathesis_junit(path: Path) -> SchemathesisResult | None:
    try:
        if not path.is_file():
            return None
        root = ElementTree.parse(path).getroot()
        if root is None:
            return None
    except (OSError, DefusedXmlException, SyntaxError):
        return None
    operations = failures = 0
    first: list[Failure] = []
    for case in root.iter("testcase"):
        operations += 1
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is None:
            continue
        failures += 1
        if len(first) < FIRST_FAILURES:
            first.append(Failure(case.get("name", "?"), _st_message(problem)))
    return SchemathesisResult(operations, failures, tuple(first))


def _st_message(problem: Element) -> str:
    """The check that failed ("ST202 Schema-valid request rejected") and the answer's first line."""
    lines = [ln.strip() for ln in (problem.text or "").splitlines() if ln.strip()]
    check = next((ln[2:] for ln in lines if ln.startswith("- ")), problem.get("message") or "")
    answer = next((ln for ln in lines if ln.startswith("[") and "]" in ln), "")
    return one_line(f"{check} {answer}".strip() or problem.tag)


def _latency(data: dict[str, Any]) -> tuple[StepResult, LatencyProbe | None]:
    seconds = float(data.get("seconds") or 0.0)
    timings = sorted(float(t) for t in data.get("timings_ms") or [])
    if not timings:
        return StepResult(
            "latency", "skipped", seconds, "no list or get endpoint answered 200"
        ), None
    probe = LatencyProbe(
        requests=len(timings),
        p50_ms=percentile(timings, 50),
        p99_ms=percentile(timings, 99),
        paths=tuple(str(p) for p in data.get("paths") or []),
    )
    if probe.p99_ms >= P99_MAX_MS:
        detail = f"p99 {probe.p99_ms:.0f} ms, not under {P99_MAX_MS:.0f} ms"
        return StepResult("latency", "failed", seconds, detail), probe
    return StepResult("latency", "passed", seconds), probe


def percentile(ordered: list[float], p: float) -> float:
    """The nearest-rank percentile of sorted values."""
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
