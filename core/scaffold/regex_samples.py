"""Distinct strings matching a simple regular expression, for generated test payloads.

Handles what field patterns usually hold: literals, escapes (``\\d \\w \\s``), classes with
ranges, ``.``, groups with alternation (the first alternative is used), and the quantifiers
``{n} {n,} {n,m} + * ?``. Negated classes and anything else answer None (the caller falls back
to other samples).
"""

from __future__ import annotations

import re
import string

_ESCAPES = {"d": string.digits, "w": string.ascii_letters + string.digits + "_", "s": " "}


def pattern_samples(pattern: str, count: int) -> list[str] | None:
    atoms = _atoms(pattern.removeprefix("^").removesuffix("$"))
    if atoms is None:
        return None
    samples = []
    for n in range(count):
        chars = []
        rest = n
        for options in reversed(atoms):
            chars.append(options[rest % len(options)])
            rest //= len(options)
        samples.append("".join(reversed(chars)))
    if not all(re.fullmatch(pattern, s) for s in samples):
        return None
    return list(dict.fromkeys(samples))


def _atoms(body: str) -> list[str] | None:
    """One option string per character position, quantifiers expanded to their minimum."""
    try:
        atoms, end = _sequence(body, 0)
    except ValueError:
        return None
    return atoms if end == len(body) else None


def _sequence(body: str, i: int) -> tuple[list[str], int]:
    """Atoms up to the end, a ``)`` or a ``|``; a group contributes its first alternative."""
    atoms: list[str] = []
    while i < len(body) and body[i] not in ")|":
        char = body[i]
        if char == "(":
            i = i + 3 if body.startswith("(?:", i) else i + 1
            group, i = _sequence(body, i)
            while i < len(body) and body[i] == "|":  # other alternatives: parsed, not used
                _, i = _sequence(body, i + 1)
            if i >= len(body):
                raise ValueError("unclosed group")
            i += 1
            repeat, i = _quantifier(body, i)
            if repeat is None:
                raise ValueError("bad quantifier")
            atoms.extend(group * repeat)
            continue
        if char in "^$":
            raise ValueError("anchor inside the pattern")
        if char == "\\" and i + 1 < len(body):
            options = _ESCAPES.get(body[i + 1], body[i + 1])
            i += 2
        elif char == "[":
            end = body.find("]", i + 2)
            if end < 0 or body[i + 1] == "^":
                raise ValueError("negated or unclosed class")
            options = _class(body[i + 1 : end])
            i = end + 1
        elif char == ".":
            options, i = string.ascii_lowercase, i + 1
        else:
            options, i = char, i + 1
        repeat, i = _quantifier(body, i)
        if repeat is None:
            raise ValueError("bad quantifier")
        atoms.extend([options] * repeat)
    return atoms, i


def _class(inner: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(inner):
        if inner[i] == "\\" and i + 1 < len(inner):
            out.append(_ESCAPES.get(inner[i + 1], inner[i + 1]))
            i += 2
        elif i + 2 < len(inner) and inner[i + 1] == "-":
            out.append("".join(chr(c) for c in range(ord(inner[i]), ord(inner[i + 2]) + 1)))
            i += 3
        else:
            out.append(inner[i])
            i += 1
    return "".join(dict.fromkeys("".join(out)))


def _quantifier(body: str, i: int) -> tuple[int | None, int]:
    if i >= len(body):
        return 1, i
    char = body[i]
    if char in "+*":
        return 3, i + 1
    if char == "?":
        return 0, i + 1
    if char == "{":
        match = re.match(r"\{(\d+)(,\d*)?\}", body[i:])
        if match is None:
            return None, i
        return int(match.group(1)), i + match.end()
    return 1, i
