"""Schemathesis against a generated project, in-process over ASGI (run from the project's folder).

Copied next to nothing: the e2e test runs it with pytest, cwd = the generated project. The
environment names the project's modules (ST_MAIN, ST_SETTINGS), a scratch folder (ST_TMP) and
the role to give the signed-in user (ST_ROLE, optional).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from sqlalchemy import text

sys.path.insert(0, os.getcwd())
TMP = Path(os.environ["ST_TMP"])
create_app = importlib.import_module(os.environ["ST_MAIN"]).create_app
Settings = importlib.import_module(os.environ["ST_SETTINGS"]).Settings

options: dict[str, Any] = {"database_url": f"sqlite:///{TMP / 'st.db'}", "upload_dir": TMP / "up"}
if "jwt_secret" in Settings.model_fields:
    options |= {"jwt_secret": "s" * 40, "argon2_time_cost": 1, "argon2_memory_kib": 64}
app = create_app(Settings(**options))
TOKEN = ""
if "/auth/login" in app.openapi()["paths"]:
    client = TestClient(app)
    login = {"email": "fuzzer@example.com", "password": "fuzzer-password"}
    register = app.openapi()["components"]["schemas"]["UserRegister"]
    simple = {"string": "fuzzer", "integer": 1, "number": 1.0, "boolean": True}
    extra = {
        name: simple[register["properties"][name].get("type", "string")]
        for name in register.get("required", [])
        if name not in login
    }
    assert client.post("/auth/register", json=login | extra).status_code == 202
    if os.environ.get("ST_ROLE"):
        with app.state.database.engine.begin() as connection:
            connection.execute(
                text("UPDATE users SET role = :role"), {"role": os.environ["ST_ROLE"]}
            )
    TOKEN = client.post("/auth/login", json=login).json()["access_token"]

schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# among the default checks: what the document allows must be accepted (an upload's body included)
assert schema.config.checks_config_for().positive_data_acceptance.enabled


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
