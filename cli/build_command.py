"""``backendbot build``: run an agent on a repository and persist (or, with --dry-run, show) its files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from backendbot.core.changeset.apply import VerifiedFile
    from backendbot.core.run.build import RunResult


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
    p.set_defaults(run=run)


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
    )
    err = sys.stderr
    progress = LiveProgress(err) if err.isatty() else PlainProgress(err)
    try:
        result = run_build(request, events=progress)
    finally:
        progress.finish()
    if args.dry_run:
        from backendbot.core.changeset.diff import unified_diff

        diff = unified_diff(result.changeset)
        _report(result, None, diff, args.json, sys.stdout)
        return 0
    verified = apply_changeset(result.changeset, result.jail)
    _report(result, verified, None, args.json, sys.stdout)
    return 0


def _report(
    result: RunResult,
    verified: list[VerifiedFile] | None,
    diff: str | None,
    as_json: bool,
    out: TextIO,
) -> None:
    cs = result.changeset
    if as_json:
        data = cs.to_json()
        data.update(
            dry_run=verified is None,
            repo=str(result.jail.root),
            summary=vars(result.summary),
            message=result.final_text,
        )
        if diff is not None:
            data["diff"] = diff
        out.write(json.dumps(data, indent=2) + "\n")
        return
    if diff is not None:
        out.write(diff)
        out.write(
            f"\n(dry run: {len(cs)} file(s) would change in {result.jail.root}; nothing was written)\n"
        )
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
    s = result.summary
    if s.engine == "scaffold":
        out.write(
            f"engine scaffold · {s.resources} resource(s) · {len(verified)} file(s) written"
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
    out.write(line + "\n")
