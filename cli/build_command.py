"""``backendbot build``: run an agent on a repository and persist (or, with --dry-run, show) its files.

The result is verified first (core/verify) unless ``--no-verify`` or ``BACKENDBOT_VERIFY=0``:
a failed verification writes nothing and exits 1, unless ``--keep-failed`` (written, exit 1)
or ``--allow-failing`` (written, exit 0). ``--dry-run`` verifies too: the diff, the table and
the same exit code, nothing written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from backendbot.core.changeset.apply import VerifiedFile
    from backendbot.core.run.build import RunResult
    from backendbot.core.verify.report import VerificationReport

VERIFY_ENV = "BACKENDBOT_VERIFY"  # "0": no verification unless asked for (the test suite sets it)


def add_parser(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "build",
        help="generate backend code into a repository",
        description="Run the backend-developer agent on a repository and persist every file it writes.",
    )
    p.add_argument(
        "spec", nargs="?", type=Path, metavar="SPEC", help="backend.yaml or OpenAPI 3 document"
    )
    p.add_argument("--prompt", help="what to build, in words (uses a model engine)")
    p.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    p.add_argument(
        "--engine",
        choices=["scaffold", "anthropic", "openai"],
        help="scaffold: offline, from SPEC (the default with a SPEC and no --prompt); "
        "anthropic: Claude with tools, needs ANTHROPIC_API_KEY (the default otherwise); "
        "openai: any OpenAI-compatible server with tools (Ollama, vLLM), needs --model",
    )
    p.add_argument(
        "--stack",
        choices=["fastapi", "express"],
        help="the stack to generate; overrides the spec's stack: (default: fastapi). "
        "The scaffold engine builds fastapi only so far",
    )
    p.add_argument("--agent", type=Path, metavar="FILE", help="agent definition (markdown)")
    p.add_argument("--model", help="model id or alias (overrides BACKENDBOT_MODEL)")
    p.add_argument("--dry-run", action="store_true", help="print the diff; write nothing")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="skip running the project's checks (tests, coverage, lint, schemathesis, latency) "
        "before writing; BACKENDBOT_VERIFY=0 does the same",
    )
    p.add_argument(
        "--allow-failing",
        action="store_true",
        help="write the files and exit 0 even when verification fails",
    )
    p.add_argument(
        "--keep-failed",
        action="store_true",
        help="write the files when verification fails, to inspect them (still exit 1)",
    )
    p.add_argument(
        "--fix-rounds",
        type=_rounds,
        default=2,
        metavar="N",
        help="model engines: rounds in which failed checks go back to the model (default: 2)",
    )
    p.set_defaults(run=run)


def _rounds(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 0 <= n <= 10:
        raise argparse.ArgumentTypeError(f"{n} is out of range (0 to 10)")
    return n


def verification_wanted(args: argparse.Namespace) -> bool:
    return not args.no_verify and os.environ.get(VERIFY_ENV, "1").strip() != "0"


def run(args: argparse.Namespace) -> int:
    from backendbot.core.changeset.apply import apply_changeset
    from backendbot.core.run.build import BuildRequest, run_build
    from backendbot.progress import LiveProgress, PlainProgress

    request = BuildRequest(
        repo=args.repo,
        spec_path=args.spec,
        prompt=args.prompt,
        engine=args.engine,
        stack=args.stack,
        model=args.model,
        agent_file=args.agent,
        verify=verification_wanted(args),
        fix_rounds=args.fix_rounds,
    )
    err = sys.stderr
    progress = LiveProgress(err) if err.isatty() else PlainProgress(err)
    try:
        result = run_build(request, events=progress)
    finally:
        progress.finish()
    report = result.verification
    failed = report is not None and not report.passed
    code = 1 if failed and not args.allow_failing else 0
    if args.dry_run:
        from backendbot.core.changeset.diff import unified_diff

        diff = unified_diff(result.changeset)
        _report(result, None, diff, args.json, sys.stdout)
        return code
    if failed and not (args.allow_failing or args.keep_failed):
        _report(result, None, None, args.json, sys.stdout, held_back=True)
        return 1
    verified = apply_changeset(result.changeset, result.jail)
    _report(result, verified, None, args.json, sys.stdout)
    return code


def _report(
    result: RunResult,
    verified: list[VerifiedFile] | None,
    diff: str | None,
    as_json: bool,
    out: TextIO,
    *,
    held_back: bool = False,
) -> None:
    cs = result.changeset
    report = result.verification
    if as_json:
        data = cs.to_json()
        data.update(
            dry_run=diff is not None,
            applied=verified is not None,
            repo=str(result.jail.root),
            summary=vars(result.summary),
            message=result.final_text,
        )
        if report is not None:
            data["verification"] = report.to_json()
        if diff is not None:
            data["diff"] = diff
        out.write(json.dumps(data, indent=2) + "\n")
        return
    if diff is not None:
        out.write(diff)
        if report is not None:
            _verification_table(report, out)
        out.write(
            f"\n(dry run: {len(cs)} file(s) would change in {result.jail.root}; nothing was written)\n"
        )
        return
    if held_back:
        width = max((len(c.path) for c in cs.changes), default=0)
        for c in cs.changes:
            out.write(f"{'held':<9} {c.path:<{width}}  {c.bytes:>9,} bytes\n")
        assert report is not None
        _verification_table(report, out)
        out.write(
            f"\nVerification failed: nothing was written; {result.jail.root} is as it was "
            "(--keep-failed writes the files to inspect them, --allow-failing writes them and "
            "exits 0).\n"
        )
        _summary_line(result, 0, out)
        return
    assert verified is not None
    width = max((len(v.path) for v in verified), default=0)
    for v in verified:
        out.write(f"{v.status:<9} {v.path:<{width}}  {v.bytes:>9,} bytes\n")
    counts = ", ".join(f"{n} {k}" for k, n in cs.counts().items() if n)
    if verified:
        out.write(
            f"\n{len(verified)} file(s) persisted in {result.jail.root} ({counts}), "
            f"{cs.total_bytes:,} bytes, each verified by sha256 read-back.\n"
        )
    else:
        out.write(f"\nNothing to write: {result.jail.root} is up to date.\n")
    for note in cs.notes:
        out.write(f"note: {note}\n")
    for block in cs.unpersisted:
        out.write(f"not persisted (only in the model's answer): {block}\n")
    if report is not None:
        _verification_table(report, out)
        if not report.passed:
            out.write("Verification failed; the files were written as asked.\n")
    _summary_line(result, len(verified), out)


def _verification_table(report: VerificationReport, out: TextIO) -> None:
    """The ✓/✗ table: each check's value against the seed's threshold, then the steps' times."""
    out.write(f"\nverification ({report.isolation or 'no isolation'}, {report.seconds:.1f} s):\n")
    checks = report.checks()
    width = max((len(c.name) for c in checks), default=0)
    value_width = max((len(c.value) for c in checks), default=0)
    for c in checks:
        mark = "✓" if c.ok else "✗"
        out.write(f"  {mark} {c.name:<{width}}  {c.value:<{value_width}}  {c.threshold}\n")
    for step in report.steps:
        if step.status in ("failed", "error", "timeout"):
            out.write(f"  ✗ step {step.name} {step.status}: {step.detail}\n")
    if report.tests is not None:
        for failure in report.tests.failures:
            out.write(f"    failing {failure.name}: {failure.message}\n")
    times = " · ".join(
        f"{s.name} {s.seconds:.1f} s" if s.status != "skipped" else f"{s.name} skipped"
        for s in report.steps
    )
    out.write(f"  steps: {times}\n")
    for note in report.notes:
        out.write(f"  note: {note}\n")


def _summary_line(result: RunResult, written: int, out: TextIO) -> None:
    s = result.summary
    if s.engine == "scaffold":
        out.write(
            f"engine scaffold · {s.resources} resource(s) · {written} file(s) written"
            f" · {s.seconds:.2f} s\n"
        )
        return
    line = f"engine {s.engine}"
    if s.model:
        line += f" ({s.model})"
    line += f" · {s.turns} turns · {s.tool_calls} tool calls · {s.seconds:.2f} s"
    if s.input_tokens or s.output_tokens:
        line += (
            f" · tokens in {s.input_tokens:,} / out {s.output_tokens:,}"
            f" / cache read {s.cache_read_tokens:,}"
        )
    if s.fix_rounds_used:
        line += f" · {s.fix_rounds_used} fix round(s)"
    out.write(line + "\n")
