"""Schemathesis against a running server (ST_URL), with the default checks, derandomized.

The express counterpart of ../../data/schemathesis_run.py: registers and logs in a fuzzer, gives
every user the role ST_ROLE (optional) in the server's database ST_DATABASE (`sqlite:///PATH` or
`postgresql://...`), and lets schemathesis send or leave out its token.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, settings

URL = os.environ["ST_URL"]
login = {"email": "fuzzer@example.com", "password": "fuzzer-password"}
assert httpx.post(f"{URL}/auth/register", json=login).status_code == 202
ROLE, DATABASE = os.environ.get("ST_ROLE", ""), os.environ.get("ST_DATABASE", "")
if ROLE and DATABASE.startswith("sqlite:///"):
    with sqlite3.connect(DATABASE.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE users SET role = ?", (ROLE,))
elif ROLE:
    import psycopg

    with psycopg.connect(DATABASE) as connection:
        connection.execute("UPDATE users SET role = %s", (ROLE,))
TOKEN = httpx.post(f"{URL}/auth/login", json=login).json()["access_token"]

schema = schemathesis.openapi.from_url(f"{URL}/openapi.json")


@schema.auth()
class BearerToken:
    """The signed-in fuzzer's token, set the way schemathesis expects (so it can leave it out)."""

    def get(self, case: schemathesis.Case, context: Any) -> str:
        return TOKEN

    def set(self, case: schemathesis.Case, data: str, context: Any) -> None:
        if data:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("ST_EXAMPLES", "30")),
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api(case: schemathesis.Case) -> None:
    case.call_and_validate()
