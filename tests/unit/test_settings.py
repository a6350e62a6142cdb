"""Settings: a known token secret is for a developer's machine only."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.config import PLACEHOLDER_SECRET, Settings


def test_the_placeholder_secret_is_refused_outside_development() -> None:
    assert Settings(environment="development").token_secret == PLACEHOLDER_SECRET
    for environment in ("test", "production"):
        with pytest.raises(ValidationError, match="ACCORD_TOKEN_SECRET"):
            Settings(environment=environment)
        with pytest.raises(ValidationError, match="ACCORD_TOKEN_SECRET"):
            Settings(environment=environment, token_secret="short")
    assert Settings(environment="production", token_secret="s" * 40).environment == "production"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_DATABASE_URL", "postgresql+asyncpg://db/accord")
    monkeypatch.setenv("ACCORD_MAX_BODY_BYTES", "4096")
    settings = Settings()
    assert settings.database_url == "postgresql+asyncpg://db/accord"
    assert settings.max_body_bytes == 4096
