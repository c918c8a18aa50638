""".github/backendbot.yml: defaults, every key, and errors that name the file and line."""

from __future__ import annotations

import pytest

from backendbot.core.errors import InputError
from backendbot.github_app.config import parse_repo_settings


def test_no_file_gives_defaults() -> None:
    settings = parse_repo_settings(None)
    assert settings.draft is True
    assert settings.branch_for(5) == "backendbot/issue-5"
    assert settings.allows("anyone")
    assert settings.protected == (".github/workflows", ".github/backendbot.yml")


def test_every_key() -> None:
    settings = parse_repo_settings(
        "engine: scaffold\nmodel: m\nstack: express\nlayout: {api_routes: app/api}\n"
        "draft: false\nbranch_prefix: bots/\nallowed_users: [Alice]\nprotected_paths: [db/]\n"
    )
    assert (settings.engine, settings.model, settings.stack) == ("scaffold", "m", "express")
    assert settings.layout is not None and settings.layout.api_routes == "app/api/"
    assert settings.draft is False
    assert settings.branch_for(5) == "bots/issue-5"
    assert settings.allows("alice") and not settings.allows("bob")
    assert "db/" in settings.protected and ".github/workflows" in settings.protected


def test_unknown_key_names_file_and_line() -> None:
    with pytest.raises(InputError) as info:
        parse_repo_settings("draft: true\nenigne: scaffold\n")
    assert info.value.file == ".github/backendbot.yml"
    assert info.value.line == 2
    assert "enigne" in str(info.value)


def test_bad_yaml_names_the_line() -> None:
    with pytest.raises(InputError) as info:
        parse_repo_settings("draft: true\nlayout: [\n")
    assert info.value.line is not None and "invalid YAML" in str(info.value)


def test_bad_branch_prefix() -> None:
    with pytest.raises(InputError, match="branch prefix"):
        parse_repo_settings("branch_prefix: 'a..b'\n")


def test_not_a_mapping() -> None:
    with pytest.raises(InputError, match="mapping"):
        parse_repo_settings("- a\n- b\n")


def test_the_workers_can_turn_verification_off_for_every_repository() -> None:
    from backendbot.github_app.settings import AppSettings

    base = {"BACKENDBOT_GITHUB_WEBHOOK_SECRET": "s"}
    assert AppSettings.from_env(base).verify is True
    assert AppSettings.from_env({**base, "BACKENDBOT_VERIFY": "0"}).verify is False
    assert AppSettings.from_env({**base, "BACKENDBOT_VERIFY": "true"}).verify is True
    with pytest.raises(InputError, match="BACKENDBOT_VERIFY must be 1 or 0"):
        AppSettings.from_env({**base, "BACKENDBOT_VERIFY": "sometimes"})
