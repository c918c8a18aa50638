"""The lint step: ``ruff check`` on the checkout, its JSON findings counted and the first few named."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from backendbot.core.run.cancel import CancelScope
from backendbot.core.verify.outcome_text import last_line, one_line, timeout_detail
from backendbot.core.verify.report import Failure, LintResult, StepResult
from backendbot.core.verify.sandbox import run_sandboxed

FIRST_FINDINGS = 5


def run_lint(
    python: Path,
    *,
    checkout: Path,
    env: Mapping[str, str],
    timeout: float,
    cancel: CancelScope | None = None,
) -> tuple[StepResult, LintResult | None]:
    started = time.monotonic()
    argv = [str(python), "-m", "ruff", "check", "--no-cache", "--output-format", "json", "--quiet"]
    if not has_ruff_config(checkout):
        argv.append("--isolated")  # ruff's defaults, not a configuration found above the checkout
    outcome = run_sandboxed(
        [*argv, "."],
        cwd=checkout,
        env=env,
        timeout=timeout,
        cancel=cancel,
    )
    seconds = time.monotonic() - started
    if outcome.timed_out:
        return StepResult("lint", "timeout", seconds, timeout_detail(timeout)), None
    findings = _findings(outcome.output)
    if findings is None or outcome.returncode not in (0, 1):
        detail = last_line(outcome, f"ruff exited {outcome.returncode}")
        return StepResult("lint", "error", seconds, detail), None
    first = tuple(_finding(f, checkout) for f in findings[:FIRST_FINDINGS])
    result = LintResult(len(findings), first)
    if findings:
        return StepResult(
            "lint", "failed", seconds, f"{len(findings)} finding(s), first {first[0].name}"
        ), result
    return StepResult("lint", "passed", seconds), result


def has_ruff_config(checkout: Path) -> bool:
    if (checkout / "ruff.toml").is_file() or (checkout / ".ruff.toml").is_file():
        return True
    try:
        text = (checkout / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.ruff" in text


def _findings(output: str) -> list[dict[str, Any]] | None:
    start = output.find("[")
    if start < 0:
        return None
    try:
        data = json.loads(output[start:])
    except ValueError:
        return None
    return [f for f in data if isinstance(f, dict)] if isinstance(data, list) else None


def _finding(item: dict[str, Any], checkout: Path) -> Failure:
    filename = str(item.get("filename") or "?")
    with contextlib.suppress(ValueError):
        filename = str(Path(filename).resolve().relative_to(checkout.resolve()))
    where = item.get("location") or {}
    name = f"{filename}:{where.get('row', '?')}:{where.get('column', '?')} {item.get('code') or ''}"
    return Failure(name.strip(), one_line(str(item.get("message") or "")))
