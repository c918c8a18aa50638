"""Prints how long the spec checks take on a generated 2,000-line backend.yaml.

The language server runs ``validate_spec_text`` (or, per open document, a ``SpecChecker``, which
re-parses only the resources that changed) and ``spec_outline`` as the user types (goal: a few
milliseconds); ``parse_spec`` is what the CLI and the scaffold engine call.

    python bench/spec_validate.py [--lines 2000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from backendbot.core.spec.incremental import SpecChecker
from backendbot.core.spec.outline import spec_outline
from backendbot.core.spec.parse import parse_spec, validate_spec_text


def make_spec(lines: int) -> str:
    out = ["name: big", "stack: fastapi", "auth: {jwt: true, roles: [admin, user]}", "resources:"]
    i = 0
    while len(out) < lines:
        out += [f"  Resource{i}:", "    fields:"]
        out += [
            f"      title{j}: {{type: string, max_length: 100, required: true}}" for j in range(6)
        ]
        out += [
            "      body: text",
            "      count: {type: integer, min: 0, default: 0}",
            "      tags: list[string]",
        ]
        out += ["      state: {type: enum, values: [draft, live], default: draft}"]
        if i:
            out.append(f"      parent: ref[Resource{i - 1}]")
        out += [
            "    endpoints: [list, get, create, update, delete]",
            "    permissions: {update: [owner, admin]}",
        ]
        i += 1
    return "\n".join(out) + "\n"


def measure(name: str, call: Callable[[], object], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p90 = times[int(len(times) * 0.9) - 1]
    print(
        f"{name:<28} median {statistics.median(times):7.2f} ms   p90 {p90:7.2f} ms   min {times[0]:7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    text = make_spec(args.lines)
    cut = text.rfind("body: text")
    broken = (
        text[:cut] + "body: [text" + text[cut + len("body: text") :]
    )  # breaks the YAML near the end
    print(f"spec: {text.count(chr(10))} lines, {len(text)} characters")
    assert validate_spec_text(text, "big.yaml") == []
    measure("validate_spec_text (valid)", lambda: validate_spec_text(text, "big.yaml"), args.repeat)
    measure(
        "validate_spec_text (broken)", lambda: validate_spec_text(broken, "big.yaml"), args.repeat
    )
    measure("parse_spec", lambda: parse_spec(text, "big.yaml"), args.repeat)
    measure("spec_outline (valid YAML)", lambda: spec_outline(text), args.repeat)
    checker = SpecChecker()
    checker.problems(text, "big.yaml")
    edits = iter(range(10**9))

    def edit_one_resource() -> object:  # what typing inside one resource costs
        value = f"max_length: {next(edits) % 900 + 100}"
        return checker.problems(text.replace("max_length: 100", value, 1), "big.yaml")

    measure("SpecChecker after an edit", edit_one_resource, args.repeat)
    measure("spec_outline (broken YAML)", lambda: spec_outline(broken), args.repeat)


if __name__ == "__main__":
    main()
