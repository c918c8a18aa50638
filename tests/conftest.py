"""Shared pytest set-up: the fakes' fixtures (a scripted Messages API) for every suite.

``backendbot build`` verifies by default (core/verify: a virtualenv, the generated tests,
schemathesis); hundreds of tests run the command, so verification is off for them
(``BACKENDBOT_VERIFY=0``, which the CLI honours and subprocesses inherit). The tests of
verification itself turn it back on (tests/verify/conftest.py, ``verify_env``).
"""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fakes.fixtures"]


@pytest.fixture(autouse=True)
def _verification_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKENDBOT_VERIFY", "0")
