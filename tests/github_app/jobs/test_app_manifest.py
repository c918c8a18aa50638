"""app.yml asks for exactly the permissions and events the App uses."""

from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).parents[3] / "app.yml"


def test_manifest_requests_only_what_is_needed() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert manifest["default_permissions"] == {
        "contents": "write",
        "issues": "write",
        "pull_requests": "write",
        "checks": "write",
        "metadata": "read",
    }
    assert set(manifest["default_events"]) == {
        "issue_comment",
        "pull_request_review",
        "pull_request_review_comment",
    }
    assert manifest["hook_attributes"]["url"].endswith("/webhook")
    assert manifest["public"] is False
