"""The media types a ``file`` field may ``accept``, each with the signature its content starts with.

A signature is a tuple of alternatives; an alternative matches when each of its ``(offset, bytes)``
parts is found at its offset. The text types have no signature (empty): their content must be
UTF-8 without control characters (and, for JSON, parse). The generated project carries the
entries its spec uses (services/uploads.py).
"""

from __future__ import annotations

Part = tuple[int, bytes]
Signature = tuple[tuple[Part, ...], ...]

SIGNATURES: dict[str, Signature] = {
    "image/png": (((0, b"\x89PNG\r\n\x1a\n"),),),
    "image/jpeg": (((0, b"\xff\xd8\xff"),),),
    "image/gif": (((0, b"GIF87a"),), ((0, b"GIF89a"),)),
    "image/webp": (((0, b"RIFF"), (8, b"WEBP")),),
    "image/avif": (((4, b"ftypavif"),), ((4, b"ftypavis"),)),
    "image/tiff": (((0, b"II*\x00"),), ((0, b"MM\x00*"),)),
    "image/bmp": (((0, b"BM"),),),
    "application/pdf": (((0, b"%PDF-"),),),
    "application/zip": (((0, b"PK\x03\x04"),), ((0, b"PK\x05\x06"),)),
    "application/gzip": (((0, b"\x1f\x8b\x08"),),),
    "audio/mpeg": (((0, b"ID3"),), ((0, b"\xff\xfb"),), ((0, b"\xff\xf3"),), ((0, b"\xff\xf2"),)),
    "audio/wav": (((0, b"RIFF"), (8, b"WAVE")),),
    "audio/ogg": (((0, b"OggS"),),),
    "video/mp4": (((4, b"ftypisom"),), ((4, b"ftypmp42"),), ((4, b"ftypmp41"),)),
    "video/webm": (((0, b"\x1a\x45\xdf\xa3"),),),
    "text/plain": (),
    "text/csv": (),
    "application/json": (),
}
MEDIA_TYPES: tuple[str, ...] = tuple(SIGNATURES)
TEXT_TYPES = frozenset(name for name, signature in SIGNATURES.items() if not signature)
