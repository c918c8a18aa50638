"""Prints what the openai engine adds to a model turn: a write_file call carrying a large file,
streamed in small deltas (as servers do) or as one JSON body, against the scripted Chat
Completions API on loopback. The model's own time is not in it: the fake answers at once.
Then the part of a streamed turn that is ours: joining the already parsed chunks.

    python bench/openai_turn.py [--kib 64] [--chunk-chars 8] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.fakes

from openai._models import construct_type
from openai.types.chat import ChatCompletionChunk

from backendbot.core.engines.openai_engine import OpenAIEngine
from backendbot.core.engines.openai_stream import assemble
from backendbot.core.workspace.tools import ToolSpec
from tests.fakes.chat_api import FakeChatAPI
from tests.fakes.chat_script import call, completion, sse_chunks

KEY = "sk-bench-0123456789"


def _tool() -> ToolSpec:
    schema = {
        "type": "object",
        "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
    }
    return ToolSpec("write_file", "Write a file.", schema, lambda args: "")


def measure(
    api: FakeChatAPI, *, stream: bool, content: str, chunk_chars: int, repeat: int
) -> list[float]:
    times = []
    for _ in range(repeat):
        api.script(
            completion(
                call("write_file", {"path": "a.py", "content": content}), chunk_chars=chunk_chars
            )
        )
        engine = OpenAIEngine(
            "bench", api_key=KEY, base_url=api.base_url, max_retries=0, stream=stream
        )
        engine.begin("system", [_tool()], "task")
        started = time.perf_counter()
        turn = engine.next_turn("task")
        times.append(time.perf_counter() - started)
        assert turn.tool_calls[0].input["content"] == content
        engine.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kib", type=int, default=64)
    parser.add_argument("--chunk-chars", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    content = ("x = 1  # a line of generated code\n" * (args.kib * 1024 // 34 + 1))[
        : args.kib * 1024
    ]
    with FakeChatAPI(api_key=KEY) as api:
        for stream in (True, False):
            times = measure(
                api,
                stream=stream,
                content=content,
                chunk_chars=args.chunk_chars,
                repeat=args.repeat,
            )
            how = f"streamed in {args.chunk_chars}-char deltas" if stream else "one JSON body"
            print(
                f"{args.kib} KiB write_file, {how}: median {statistics.median(times) * 1000:.1f} ms, "
                f"max {max(times) * 1000:.1f} ms over {args.repeat} turns"
            )

    item = completion(
        call("write_file", {"path": "a.py", "content": content}), chunk_chars=args.chunk_chars
    )
    raw = sse_chunks(item, "c", "m", include_usage=True)
    started = time.perf_counter()
    chunks = [construct_type(type_=ChatCompletionChunk, value=c) for c in raw]
    parsed = time.perf_counter()
    assemble(chunks)
    joined = time.perf_counter()
    print(
        f"{len(raw)} chunks: the SDK builds their objects in {(parsed - started) * 1000:.0f} ms, "
        f"assemble() joins them in {(joined - parsed) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
