"""Prints what the TypeScript model scanner of the language server costs, without a server.

- listing: ``ts_model`` at positions spread over a 10,000-line TypeScript file holding a
  140-property class-validator class, 40 interfaces and a zod schema among plain code;
- resolve: ``ts_properties`` + ``ts_fields`` of that class (the part of a resolve it adds).

python bench/ts_models.py [positions]
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from backendbot.lsp_server.ts_fields import ts_fields
from backendbot.lsp_server.ts_models import ts_model, ts_properties


def _document() -> list[str]:
    lines: list[str] = []
    for block in range(40):
        lines += [f"export interface Thing{block} {{", "  title: string;", "  n?: number;", "}"]
        lines += [f"const value{block}_{i} = compute({i}, '{{'); // note" for i in range(200)]
    lines += ["export class RecipeDto {"]
    lines += [f"  @IsOptional() @MaxLength(80)\n  field{i}?: string;" for i in range(140)]
    lines += ["  describe(): string { return `${this.field0}`; }", "}"]
    lines += ["const RecipeSchema = z.object({", "  title: z.string().max(200),", "});"]
    text = "\n".join(lines)
    lines = text.split("\n")
    while len(lines) < 10_000:
        lines.append(f"export function helper{len(lines)}(a: number) {{ return a < 2 ? a : 1; }}")
    return lines


def _figures(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{label}: p50 {statistics.median(ordered) * 1e6:.1f} us, p99 {p99 * 1e6:.1f} us, "
        f"max {ordered[-1] * 1e6:.1f} us over {len(ordered)}"
    )


def main(positions: int) -> None:
    lines = _document()
    rng = random.Random(7)
    samples, offered = [], 0
    for line in (rng.randrange(len(lines)) for _ in range(positions)):
        start = time.perf_counter()
        found = ts_model(lines, line)
        samples.append(time.perf_counter() - start)
        offered += found is not None
    _figures(f"ts_model on a {len(lines):,}-line file", samples)
    print(f"  ({offered} of {positions} positions inside a model)")
    header = next(i for i, text in enumerate(lines) if text.startswith("export class RecipeDto"))
    model = ts_model(lines, header)
    assert model is not None
    resolves = []
    for _ in range(50):
        start = time.perf_counter()
        fields = ts_fields(model, ts_properties(lines, model, "bench.ts"), set(), "bench.ts")
        resolves.append(time.perf_counter() - start)
    _figures(f"ts_properties + ts_fields of a {len(fields)}-field class", resolves)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
