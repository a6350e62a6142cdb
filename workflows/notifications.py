"""Who is told what: from an event to the notices of the people it concerns.

The handler only records notices (one per event, person and kind, so running it twice
tells nobody twice); the postman (`workflows.postman`) puts them into mails.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from drafts.commands import ChooseNotifications
from drafts.model import Paper, Role, Section
from drafts.notifications import Notice, NoticeKind, Preferences
from drafts.outbound_events import NotificationPreferencesChanged
from drafts.webhook_deliveries import EventRecord
from workflows.pages import Page, page_of
from workflows.ports import UnitOfWork

# The events someone is told of (the dispatcher sends only these to `record_notices`).
NOTIFYING_EVENTS = frozenset(
    {
        "SectionSubmitted",
        "ChangesRequested",
        "CommentAdded",
        "TranslationStale",
        "PublicationPublished",
        "PublicationFailed",
        "WebhookDisabled",
    }
)

LANGUAGE_NAMES = {
    "ar": "Arabic",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ru": "Russian",
    "zh": "Chinese",
}


@dataclass(frozen=True)
class Links:
    """Where a notice points: the one place that knows the public address of things.

    A person reads a mail, so its links open the board's page of the thing (a text, its
    comments, a version); only what the board has no page for links to the API.
    """

    base_url: str

    def _board(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def _api(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/api/v1" + path

    def text(self, paper: str, section: str, language: str) -> str:
        return self._board(f"/papers/{quote(paper)}/texts/{quote(section)}/{language}")

    def comments(self, paper: str, section: str, language: str) -> str:
        # The text's page lists its comments under this heading.
        return self.text(paper, section, language) + "#threads-heading"

    def source_changes(self, paper: str, section: str, language: str) -> str:
        # A translation's page shows what its source changed since it was made.
        return self.text(paper, section, language) + "#changes-heading"

    def version(self, paper: str, version: str) -> str:
        return self._board(f"/papers/{quote(paper)}/versions/{quote(version)}")

    def webhook(self, paper: str, endpoint: int) -> str:
        return self._api(f"/papers/{quote(paper)}/webhooks/{endpoint}")


@dataclass(frozen=True)
class _About:
    """What a notice names: the paper, and the section and language when there is one."""

    paper: Paper
    section: Section | None = None
    language: str | None = None

    @property
    def paper_name(self) -> str:
        title = self.paper.titles[self.paper.source_language]
        return f"“{title}” ({self.paper.symbol})" if self.paper.symbol else f"“{title}”"

    @property
    def tag(self) -> str:
        return self.paper.symbol or self.paper.slug

    @property
    def section_name(self) -> str:
        assert self.section is not None and self.language is not None
        titles = self.section.titles
        title = titles.get(self.language) or titles.get(self.paper.source_language) or ""
        language = LANGUAGE_NAMES.get(self.language, self.language)
        return f"section “{title or self.section.key}” in {language}"


def _members_with(paper: Paper, role: Role, language: str | None = None) -> set[str]:
    """Members holding the role (for that language, when a role is limited to some)."""
    return {user for user in paper.members if paper.holds(user, role, language)}


def text_owners(paper: Paper, section: Section, language: str) -> set[str]:
    """Whose text one section in one language is: its authors for the source language,
    the paper's translators into that language for the others (members only)."""
    if language == paper.source_language:
        return {a for a in section.authors if paper.roles_of(a)}
    return _members_with(paper, Role.TRANSLATOR, language)


async def record_notices(uow: UnitOfWork, event: EventRecord, links: Links) -> int:
    """The notices an event sets off, for those who want them; how many were new."""
    if event.paper is None or event.name not in NOTIFYING_EVENTS:
        return 0
    paper = await uow.papers.get(event.paper)
    if paper is None:
        return 0
    drafted = await _draft(uow, event, paper, links)
    if drafted is None:
        return 0
    kind, recipients, about, subject, text, link = drafted
    recipients.discard(event.actor)  # nobody is told of what they did themselves
    if not recipients:
        return 0
    choices = await uow.notices.preferences(sorted(recipients))
    notices = [
        Notice(
            event_id=event.id,
            recipient=user,
            kind=kind,
            paper=paper.slug,
            subject=f"[{about.tag}] {subject}",
            text=text,
            link=link,
            created_at=event.occurred_at,
            section=about.section.key if about.section else None,
            language=about.language,
        )
        for user in sorted(recipients)
        if choices[user].wants(kind)
    ]
    return await uow.notices.add(notices)


Draft = tuple[NoticeKind, set[str], _About, str, str, str]


async def _draft(uow: UnitOfWork, event: EventRecord, paper: Paper, links: Links) -> Draft | None:
    """The kind, recipients, subject, text and link of an event's notice; None if it sets
    off no notice."""
    data = event.payload
    who = event.actor
    if event.name == "PublicationPublished":
        about = _About(paper)
        version = str(data["version"])
        return (
            NoticeKind.VERSION_PUBLISHED,
            set(paper.members),
            about,
            f"Version {version} is published",
            f"Version {version} of {about.paper_name} is published: its files are ready.",
            links.version(paper.slug, version),
        )
    if event.name == "PublicationFailed":
        # The secretariat asked for it and is the one who can ask again: they must know.
        about = _About(paper)
        version = str(data["version"])
        return (
            NoticeKind.VERSION_FAILED,
            _members_with(paper, Role.SECRETARIAT),
            about,
            f"Version {version} could not be made",
            f"Version {version} of {about.paper_name} failed: {data['reason']}. "
            "Once the cause is dealt with it can be asked for again.",
            links.version(paper.slug, version),
        )
    if event.name == "WebhookDisabled":
        about = _About(paper)
        endpoint = int(data["endpoint"])
        return (
            NoticeKind.WEBHOOK_DISABLED,
            _members_with(paper, Role.SECRETARIAT),
            about,
            f"Webhook endpoint {endpoint} was disabled",
            f"Webhook endpoint {endpoint} of {about.paper_name} was disabled: {data['reason']}. "
            "Nothing more is sent to it until its status is set to 'active' again.",
            links.webhook(paper.slug, endpoint),
        )
    if "section" not in data or "language" not in data:
        return None
    section = await uow.sections.get(paper, str(data["section"]))
    if section is None:
        return None
    language = str(data["language"])
    about = _About(paper, section, language)
    where = f"{about.section_name} of {about.paper_name}"
    text_link = links.text(paper.slug, section.key, language)
    if event.name == "SectionSubmitted":
        reviewers = _members_with(paper, Role.REVIEWER, language)
        if paper.secretariat_approval_required:
            reviewers |= _members_with(paper, Role.SECRETARIAT)
        return (
            NoticeKind.REVIEW_REQUESTED,
            reviewers,
            about,
            f"{about.section_name} awaits your review",
            f"{who} submitted revision {data['revision']} of the {where} for review.",
            text_link,
        )
    if event.name == "ChangesRequested":
        note = await _review_note(uow, section, language, int(data["revision"]), who)
        return (
            NoticeKind.CHANGES_REQUESTED,
            text_owners(paper, section, language),
            about,
            f"Changes requested on {about.section_name}",
            f"{who} requested changes on revision {data['revision']} of the {where}."
            + (f"\n\n{who} wrote: {note}" if note else ""),
            text_link,
        )
    if event.name == "CommentAdded" and data.get("suggestion") and data.get("parent") is None:
        proposal = await _suggestion(uow, section, language, int(data["comment"]))
        return (
            NoticeKind.SUGGESTION_MADE,
            text_owners(paper, section, language),
            about,
            f"A suggestion on {about.section_name}",
            f"{who} suggests a change to the {where}." + (f"\n\n{proposal}" if proposal else ""),
            links.comments(paper.slug, section.key, language),
        )
    if event.name == "TranslationStale":
        return (
            NoticeKind.TRANSLATION_STALE,
            text_owners(paper, section, language),
            about,
            f"{about.section_name} is out of date",
            f"The source text of the {where} has a newly approved revision "
            f"({data['approved_source']}); the translation was made from revision "
            f"{data['made_from']} and needs updating.",
            links.source_changes(paper.slug, section.key, language),
        )
    return None


async def _review_note(
    uow: UnitOfWork, section: Section, language: str, revision: int, reviewer: str
) -> str:
    track = await uow.tracks.get(section, language)
    if track is None:
        return ""
    notes = [
        r.note
        for r in await uow.reviews.for_revision(track, revision)
        if r.reviewer == reviewer and r.decision.value == "request_changes"
    ]
    return notes[-1][:2000] if notes else ""


async def _suggestion(uow: UnitOfWork, section: Section, language: str, comment_id: int) -> str:
    track = await uow.tracks.get(section, language)
    comment = await uow.comments.get(track, comment_id) if track else None
    if comment is None or comment.replacement is None:
        return ""
    quote_text = comment.quote.exact if comment.quote else ""
    return f"Replace “{quote_text[:500]}” with “{comment.replacement[:500]}”: {comment.body[:1000]}"


async def notification_preferences(uow: UnitOfWork, user: str) -> Preferences:
    return (await uow.notices.preferences([user]))[user]


async def choose_notifications(cmd: ChooseNotifications, uow: UnitOfWork) -> Preferences:
    """The caller's preferences with the kinds named turned on or off."""
    current = await notification_preferences(uow, cmd.actor)
    chosen = current.with_choices(cmd.kinds)
    if chosen != current:
        await uow.notices.set_preferences(chosen)
        uow.record(
            NotificationPreferencesChanged(
                actor=cmd.actor,
                paper=None,
                user=cmd.actor,
                muted=tuple(sorted(k.value for k in chosen.muted)),
            )
        )
    return chosen


async def my_notices(uow: UnitOfWork, user: str, after: int, limit: int) -> Page[Notice]:
    """What the caller was told (or is about to be), newest first."""
    rows = await uow.notices.for_user(user, after, limit + 1)
    return page_of(rows, limit, lambda n: n.id or 0)
