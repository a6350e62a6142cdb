"""One settings object, read from the environment with the prefix ACCORD_."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from drafts.images import MAX_IMAGE_BYTES

PLACEHOLDER_SECRET = "change-me-development-only"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACCORD_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/accord.db"
    redis_url: str | None = None
    data_dir: Path = Path("./var/data")
    token_secret: str = PLACEHOLDER_SECRET
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    render_timeout_seconds: float = Field(default=300, gt=0)
    render_max_tries: int = Field(default=3, ge=1)
    render_overdue_seconds: float = Field(default=120, gt=0)
    # The live audit log polls the database this often, and each stream ends after the
    # given time (the client reconnects where it stopped).
    events_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    events_stream_seconds: float = Field(default=300, gt=0)
    # The largest Word file an import or a returned review copy may be.
    word_max_bytes: int = Field(default=10 * 1024 * 1024, ge=64 * 1024)
    host: str = "127.0.0.1"
    port: int = 8000

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        # A known secret would let anyone holding a copy of the database test guessed
        # tokens offline; only a developer's own machine may run with it.
        if self.environment != "development" and (
            self.token_secret == PLACEHOLDER_SECRET or len(self.token_secret) < 32
        ):
            raise ValueError(
                "ACCORD_TOKEN_SECRET must be set to a random value of at least 32 characters "
                "outside development (for example: python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')"
            )
        return self

    @cached_property
    def max_request_bytes(self) -> int:
        """The largest request body read: a maximal text can double when JSON-escaped, and
        an image or a Word file is sent as it is."""
        return max(2 * self.max_body_bytes, MAX_IMAGE_BYTES, self.word_max_bytes) + 64 * 1024
