"""Telling people what awaits them: the kinds of notice, preferences, and the mail text.

Each notice is about one paper and, where there is one, one section in one language, and
carries a link to it. Several notices for one person may go out as one digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from drafts.errors import InvalidRequest


class NoticeKind(StrEnum):
    REVIEW_REQUESTED = "review_requested"  # a text was submitted to them for review
    CHANGES_REQUESTED = "changes_requested"  # a reviewer asked for changes on their text
    SUGGESTION_MADE = "suggestion_made"  # someone proposed a change to their text
    TRANSLATION_STALE = "translation_stale"  # the source of their translation changed
    VERSION_PUBLISHED = "version_published"  # a version of the paper was published
    VERSION_FAILED = "version_failed"  # (secretariat) a version could not be made
    WEBHOOK_DISABLED = "webhook_disabled"  # (secretariat) a webhook endpoint kept failing


DESCRIPTIONS: dict[NoticeKind, str] = {
    NoticeKind.REVIEW_REQUESTED: "a text is submitted for your review",
    NoticeKind.CHANGES_REQUESTED: "a reviewer requests changes on your text",
    NoticeKind.SUGGESTION_MADE: "someone suggests a change to your text",
    NoticeKind.TRANSLATION_STALE: "the source of your translation changed",
    NoticeKind.VERSION_PUBLISHED: "a version of the paper is published",
    NoticeKind.VERSION_FAILED: "a version of the paper could not be made",
    NoticeKind.WEBHOOK_DISABLED: "a webhook endpoint of the paper was disabled",
}


@dataclass(frozen=True)
class Preferences:
    """What one person chose not to be told; by default they are told everything."""

    user: str
    muted: frozenset[NoticeKind] = frozenset()

    def wants(self, kind: NoticeKind) -> bool:
        return kind not in self.muted

    def with_choices(self, choices: dict[str, bool]) -> Preferences:
        """These preferences with each named kind turned on (True) or off (False)."""
        unknown = [k for k in choices if k not in {kind.value for kind in NoticeKind}]
        if unknown:
            raise InvalidRequest(
                f"unknown kind {', '.join(map(repr, unknown))}; use "
                + ", ".join(k.value for k in NoticeKind),
                unknown=unknown,
            )
        muted = set(self.muted)
        for name, on in choices.items():
            (muted.discard if on else muted.add)(NoticeKind(name))
        return Preferences(self.user, frozenset(muted))


@dataclass
class Notice:
    """One thing one person is told; `mail_id` is the mail that carries it, once made."""

    event_id: str
    recipient: str
    kind: NoticeKind
    paper: str
    subject: str  # one line, naming the paper and section
    text: str  # a few lines: what happened, by whom, where
    link: str
    created_at: datetime
    section: str | None = None
    language: str | None = None
    mail_id: int | None = None
    mailed_at: datetime | None = None  # when the mail carrying it was handed over
    id: int | None = None


@dataclass(frozen=True)
class MailMessage:
    """A plain-text mail, ready for any transport."""

    message_id: str  # the same on every try, so that a mail sent twice is seen as one
    to: str
    subject: str
    text: str


@dataclass
class OutgoingMail:
    recipient: str
    address: str
    subject: str
    text: str
    created_at: datetime
    next_attempt_at: datetime
    notices: int = 1
    sent_at: datetime | None = None
    attempts: int = 0
    error: str | None = None
    id: int | None = None

    def message(self, domain: str) -> MailMessage:
        assert self.id is not None, "a mail is numbered before it is sent"
        return MailMessage(f"<mail-{self.id}@{domain}>", self.address, self.subject, self.text)


FOOTER = (
    "You receive this because you are a member of the paper. Choose what you are told with "
    "PUT /api/v1/me/notification-preferences."
)


def compose(recipient: str, address: str, notices: list[Notice], now: datetime) -> OutgoingMail:
    """One mail for one person: the notice itself, or a digest of several, oldest first."""
    notices = sorted(notices, key=lambda n: (n.created_at, n.id or 0))
    if len(notices) == 1:
        notice = notices[0]
        subject = notice.subject
        body = f"{notice.text}\n\n{notice.link}\n"
    else:
        papers = sorted({n.paper for n in notices})
        subject = f"{len(notices)} updates on {', '.join(papers)}"
        entries = [f"{i}. {n.subject}\n   {n.text}\n   {n.link}" for i, n in enumerate(notices, 1)]
        body = "\n\n".join(entries) + "\n"
    return OutgoingMail(
        recipient=recipient,
        address=address,
        # One line whatever the titles hold: a line break in a header would be refused
        # by every mail library (or, worse, start a header of its own).
        subject=" ".join(subject.split())[:250],
        text=f"{body}\n-- \n{FOOTER}\n",
        created_at=now,
        next_attempt_at=now,
        notices=len(notices),
    )
