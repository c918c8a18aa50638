"""Read a request body up to a size limit, refusing early on a too-large Content-Length."""

from __future__ import annotations

from starlette.requests import Request

DEFAULT_MAX_BODY = 1024 * 1024  # GitHub caps payloads at 25 MB, ours are far smaller


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"request body is larger than {limit} bytes")


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
