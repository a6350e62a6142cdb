"""Request and answer shapes of webhook endpoints, their deliveries, and notifications."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from drafts.notifications import DESCRIPTIONS, Notice, NoticeKind, Preferences
from drafts.webhook_deliveries import DeliveryAttempt, WebhookDelivery
from drafts.webhooks import (
    MAX_DESCRIPTION,
    MAX_FILTERS,
    MAX_ROTATION_GRACE,
    MAX_URL_LENGTH,
    WebhookEndpoint,
)

EventTypes = list[str]


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(max_length=MAX_URL_LENGTH, examples=["https://example.org/hooks/accord"])
    event_types: EventTypes = Field(
        default_factory=list,
        max_length=MAX_FILTERS,
        description="Types such as `section.submitted` or `comment.*`; empty: every event",
    )
    description: str = Field(default="", max_length=MAX_DESCRIPTION)


class EndpointPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(default=None, max_length=MAX_URL_LENGTH)
    event_types: EventTypes | None = Field(default=None, max_length=MAX_FILTERS)
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)
    status: str | None = Field(default=None, description="`active` or `paused`")


class RotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    grace_seconds: int | None = Field(
        default=None,
        ge=0,
        le=int(MAX_ROTATION_GRACE.total_seconds()),
        description="How long the previous secret goes on signing (default a day)",
    )


class EndpointOut(BaseModel):
    id: int
    url: str
    description: str
    event_types: list[str]
    status: str
    disabled_reason: str | None
    failing_since: datetime | None
    created_by: str
    created_at: datetime
    secret: str | None = Field(
        default=None, description="The signing secret: shown only when made (create, rotate)"
    )

    @classmethod
    def of(cls, endpoint: WebhookEndpoint, secret: str | None = None) -> EndpointOut:
        assert endpoint.id is not None
        return cls(
            id=endpoint.id,
            url=endpoint.url,
            description=endpoint.description,
            event_types=list(endpoint.event_types),
            status=endpoint.status.value,
            disabled_reason=endpoint.disabled_reason,
            failing_since=endpoint.failing_since,
            created_by=endpoint.created_by,
            created_at=endpoint.created_at,
            secret=secret,
        )


class RotatedOut(BaseModel):
    id: int
    secret: str
    previous_valid_until: datetime


class AttemptOut(BaseModel):
    number: int
    attempted_at: datetime
    status_code: int | None
    duration_ms: int
    error: str | None
    response: str

    @classmethod
    def of(cls, attempt: DeliveryAttempt) -> AttemptOut:
        return cls(**attempt.__dict__)


class DeliveryOut(BaseModel):
    id: int
    webhook_id: str = Field(description="The `webhook-id` header of every try: the event's id")
    event_type: str
    status: str
    attempts: int
    last_status_code: int | None
    last_duration_ms: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    tries: list[AttemptOut] | None = None

    @classmethod
    def of(
        cls, delivery: WebhookDelivery, attempts: list[DeliveryAttempt] | None = None
    ) -> DeliveryOut:
        assert delivery.id is not None
        return cls(
            id=delivery.id,
            webhook_id=delivery.event_id,
            event_type=delivery.event_type,
            status=delivery.status.value,
            attempts=delivery.attempts,
            last_status_code=delivery.last_status_code,
            last_duration_ms=delivery.last_duration_ms,
            last_error=delivery.last_error,
            next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None,
            created_at=delivery.created_at,
            delivered_at=delivery.delivered_at,
            tries=[AttemptOut.of(a) for a in attempts] if attempts is not None else None,
        )


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kinds: dict[str, bool] = Field(
        max_length=len(NoticeKind),
        description="Kinds of notice to turn on (true) or off (false); others stay as they are",
        examples=[{"suggestion_made": False}],
    )


class KindOut(BaseModel):
    kind: str
    description: str
    enabled: bool


class PreferencesOut(BaseModel):
    kinds: list[KindOut]
    digest_minutes: float = Field(
        description="0: each notice is mailed at once; else notices are gathered into a digest"
    )

    @classmethod
    def of(cls, preferences: Preferences, digest_minutes: float) -> PreferencesOut:
        return cls(
            kinds=[
                KindOut(kind=k.value, description=DESCRIPTIONS[k], enabled=preferences.wants(k))
                for k in NoticeKind
            ],
            digest_minutes=digest_minutes,
        )


class NoticeOut(BaseModel):
    id: int
    kind: str
    paper: str
    section: str | None
    language: str | None
    subject: str
    text: str
    link: str
    created_at: datetime
    mailed_at: datetime | None = Field(description="When its mail went out; null until then")

    @classmethod
    def of(cls, notice: Notice) -> NoticeOut:
        assert notice.id is not None
        return cls(
            id=notice.id,
            kind=notice.kind.value,
            paper=notice.paper,
            section=notice.section,
            language=notice.language,
            subject=notice.subject,
            text=notice.text,
            link=notice.link,
            created_at=notice.created_at,
            mailed_at=notice.mailed_at,
        )
