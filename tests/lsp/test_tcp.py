"""``backendbot lsp --tcp HOST:PORT``: the same server over a socket."""

from __future__ import annotations

import asyncio
import socket
import sys

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from tests.lsp.conftest import TEST_DATA, capabilities


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _connect(port: int, process: asyncio.subprocess.Process) -> LanguageClient:
    for _ in range(200):
        assert process.returncode is None, "the server exited"
        client = LanguageClient("tcp-test", "1")
        try:
            await client.start_tcp("127.0.0.1", port)
            return client
        except OSError:
            await asyncio.sleep(0.05)
    raise AssertionError("the server never listened")


async def test_tcp_server_lists_code_actions() -> None:
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backendbot", "lsp", "--tcp", f"127.0.0.1:{port}"
    )
    try:
        client = await _connect(port, process)
        await client.initialize_async(types.InitializeParams(capabilities=capabilities()))
        client.initialized(types.InitializedParams())
        uri = (TEST_DATA / "spec" / "backend.yaml").as_uri()
        text = (TEST_DATA / "spec" / "backend.yaml").read_text(encoding="utf-8")
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="yaml", version=1, text=text
                )
            )
        )
        result = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        assert [a.title for a in result or []] == ["Generate backend"]
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()
