"""The installation token as git sees it: an HTTP header passed per command through the environment.

Git reads ``GIT_CONFIG_COUNT``/``GIT_CONFIG_KEY_n``/``GIT_CONFIG_VALUE_n`` as command-line
configuration, so the header is never written to ``.git/config`` and never appears in a
command line that an error message or a process listing could show.
"""

from __future__ import annotations

import base64
from urllib.parse import urlsplit


def token_env(token: str) -> dict[str, str]:
    """Environment for one git command that authenticates as ``x-access-token:<token>``."""
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
    return {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "http.extraHeader",
        "GIT_CONFIG_VALUE_0": f"Authorization: Basic {basic}",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
    }


def token_forms(token: str) -> tuple[str, ...]:
    """Every form of the token that could leak into text: raw and inside the Basic header."""
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
    return (token, basic)


def same_github(clone_url: str, api_url: str) -> bool:
    """Whether ``clone_url`` is on the GitHub that ``api_url`` serves, so the token may go there.

    github.com's API is ``api.github.com``; GitHub Enterprise Server serves both on one host.
    """
    clone, api = urlsplit(clone_url), urlsplit(api_url)
    if clone.scheme not in ("https", "http") or clone.scheme != api.scheme:
        return False
    api_host = (api.hostname or "").removeprefix("api.")
    return bool(clone.hostname) and clone.hostname == api_host and not clone.username
