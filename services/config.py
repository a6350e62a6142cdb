"""One settings object, read from the environment with the prefix ACCORD_."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from drafts.images import MAX_IMAGE_BYTES
from drafts.webhooks import RETRY_SCHEDULE

PLACEHOLDER_SECRET = "change-me-development-only"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACCORD_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/accord.db"
    redis_url: str | None = None
    data_dir: Path = Path("./var/data")
    token_secret: str = PLACEHOLDER_SECRET
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    # A render runs in a child process killed at this deadline; the child's address space
    # and pandoc's heap are bounded too (a render past them fails, with the reason).
    render_timeout_seconds: float = Field(default=300, gt=0)
    render_memory_mb: int = Field(default=3072, ge=256)
    render_pandoc_heap_mb: int = Field(default=1536, ge=128)
    render_processes: int = Field(default=2, ge=1, le=64)
    # A render process grown past this (Typst's caches) is replaced after its render;
    # the room left under 1 GB is for the render that follows (see IsolatedRenderer).
    render_recycle_mb: int = Field(default=550, ge=128)
    # Sections' converted pieces kept under DATA_DIR/render-pieces for the render
    # processes that follow (a replaced one, another worker's); least recently used go.
    # The 100-section benchmark paper takes about 1.4 MB per language (DOCX and PDF).
    render_piece_cache_mb: int = Field(default=256, ge=16)
    # A file that cannot be stored (full or read-only disk) is tried again after 5 s,
    # 10 s, 20 s ... (at most 5 min apart), then its version fails, naming the cause.
    storage_retry_seconds: float = Field(default=5, gt=0)
    storage_max_tries: int = Field(default=8, ge=1)
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
    # People's sign-in (README, "Signing in"). PUBLIC_URL (below) starts invitation links
    # and is the origin a browser's state-changing requests come from; `trusted_origins`
    # adds others (a JSON list).
    trusted_origins: list[str] = Field(default_factory=list)
    session_idle_minutes: float = Field(default=120, gt=0)
    session_max_hours: float = Field(default=12, gt=0)
    invitation_hours: float = Field(default=72, gt=0)
    token_days: int = Field(default=90, ge=1, le=3650)
    password_min_length: int = Field(default=12, ge=8, le=64)
    # argon2id cost (RFC 9106's second recommendation: 64 MiB, 3 passes). Stored hashes
    # name their own parameters, so raising these upgrades each at its next sign-in.
    password_memory_kib: int = Field(default=64 * 1024, ge=8 * 1024)
    password_iterations: int = Field(default=3, ge=1)
    # Failed sign-ins allowed in a row before each further one waits 1 s, 2 s, 4 s, ...
    # (from the first delay, doubling)
    # (up to the maximum); a key quiet for `sign_in_forget_minutes` starts again.
    sign_in_account_failures: int = Field(default=5, ge=1)
    sign_in_client_failures: int = Field(default=20, ge=1)
    sign_in_first_delay_seconds: float = Field(default=1, gt=0)
    sign_in_max_delay_seconds: float = Field(default=900, gt=0)
    sign_in_forget_minutes: float = Field(default=60, gt=0)
    # Where people reach this installation: the links in mails start with it.
    public_url: str = "http://127.0.0.1:8000"
    # Webhooks: private, loopback and link-local targets are refused unless this is set
    # (for tests and development, where receivers run on the same machine).
    webhook_allow_private_targets: bool = False
    webhook_timeout_seconds: float = Field(default=10, gt=0, le=60)
    # Seconds to wait before each try after the first: about a day in all by default.
    webhook_retry_schedule: tuple[float, ...] = Field(default=RETRY_SCHEDULE, min_length=1)
    # Mail: without an SMTP host, mails are written as files under DATA_DIR/mail.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    mail_from: str = "Accord <accord@localhost>"
    # 0: each notice is mailed as soon as it is made; else a person's notices are
    # gathered for this many minutes into one digest.
    notify_digest_minutes: float = Field(default=0, ge=0, le=7 * 24 * 60)
    # A request's body must arrive whole within this time (else 408): nothing is held
    # while it is read, but a client that stops sending must not be waited for forever.
    body_read_seconds: float = Field(default=60, gt=0)
    # The database connections of one process: requests hold one only while they run
    # (never while their body is read); one that waits longer than the timeout for a
    # connection is answered 503 with Retry-After instead of queueing without end. Kept
    # open: 32 clients saving at once kept 20 busy, and each connection made and dropped
    # past the pool's size cost a connect (and a PostgreSQL process) per request.
    database_pool_size: int = Field(default=20, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)
    database_pool_timeout: float = Field(default=5, gt=0)
    # Each worker records that it is alive this often; readiness counts a worker as live
    # when it was seen within three beats.
    worker_heartbeat_seconds: float = Field(default=5, gt=0)
    # A worker holds each job it runs for this long and renews the hold while it lives: a
    # killed worker's job is started again by another worker within this time.
    worker_lease_seconds: float = Field(default=30, ge=3)
    # How many light consequences (mail, webhooks, queueing renders) one worker runs at
    # once, on their own queue beside its one render (or heavy consequence) at a time.
    worker_consequence_jobs: int = Field(default=8, ge=1)
    # Logs: one JSON object a line (for a log collector), or plain text for a terminal.
    log_format: Literal["json", "text"] = "json"
    log_level: str = "INFO"

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

    @property
    def board_url(self) -> str:
        """Where people reach Accord in a browser, without a trailing slash."""
        return self.public_url.rstrip("/")

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS, except on a developer's own machine (plain HTTP)."""
        return self.environment != "development"
