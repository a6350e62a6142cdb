"""Numbered versions of a paper, frozen as a manifest of exact revisions.

A final version needs every section approved and current in each of its languages and no
open comment. A draft is for circulating work in progress: it says "Draft" on every page
and holds every section in every language, whatever stage each text is at. A section not
yet translated into a language shows the source text there (or only a note, as the
paper chooses), one with no text even in the source shows a note that its text is to
come, so a reader of any language sees the whole outline.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from drafts.errors import InvalidRequest

FORMATS = ("docx", "pdf")
_VERSION = re.compile(r"^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$")


class PublicationKind(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class PublicationStatus(StrEnum):
    RENDERING = "rendering"
    PUBLISHED = "published"
    FAILED = "failed"


class ArtifactStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


def check_version(version: str) -> str:
    if not _VERSION.match(version):
        raise InvalidRequest(f"version must look like 0.1 or 1.0, got {version!r}")
    return version


@dataclass(frozen=True)
class ManifestEntry:
    """The text one section shows in one language of a version.

    `revision` and `content_hash` name a revision of the section in `text_language` when
    it is set (the source's text, standing in for a translation not made yet), else in
    `language`; revision 0 means no text exists yet in either.
    """

    section: str
    position: int
    language: str
    revision: int
    content_hash: str
    title: str
    text_language: str | None = None

    @property
    def untranslated(self) -> bool:
        """No text of its own in `language`: another language's, or none, stands in."""
        return self.text_language is not None or self.revision == 0

    def stored(self) -> dict[str, Any]:
        """The entry as versions keep it: a key that holds nothing is left out, so that
        versions frozen before it existed keep their fingerprints."""
        fields = asdict(self)
        if fields["text_language"] is None:
            del fields["text_language"]
        return fields


@dataclass(frozen=True)
class Blocker:
    """Why a section keeps a final version from being published."""

    section: str
    language: str
    reason: str


@dataclass
class Publication:
    version: str
    kind: PublicationKind
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    manifest: tuple[ManifestEntry, ...]
    requested_by: str
    created_at: datetime
    # The paper as it was when the version was frozen (titles, symbol, forum, date,
    # bibliography): a later edit of the paper must not change a published file.
    paper: dict[str, Any] = field(default_factory=dict)
    status: PublicationStatus = PublicationStatus.RENDERING
    failure: str | None = None
    published_at: datetime | None = None
    id: int | None = None
    fingerprint: str = field(default="")

    def __post_init__(self) -> None:
        if not self.fingerprint:
            self.fingerprint = manifest_fingerprint(
                self.kind, self.languages, self.formats, self.manifest, self.paper
            )


@dataclass
class Artifact:
    language: str
    format: str
    status: ArtifactStatus = ArtifactStatus.PENDING
    size: int | None = None
    sha256: str | None = None
    path: str | None = None
    input_hash: str | None = None
    error: str | None = None
    id: int | None = None
    # Tries that could not store the finished file (a full disk): bounded.
    attempts: int = 0


def manifest_fingerprint(
    kind: PublicationKind,
    languages: tuple[str, ...],
    formats: tuple[str, ...],
    manifest: tuple[ManifestEntry, ...],
    paper: dict[str, Any],
) -> str:
    """What makes two requests for a version the same request."""
    canonical = json.dumps(
        {
            "paper": paper,
            "kind": kind.value,
            "languages": sorted(languages),
            "formats": sorted(formats),
            "manifest": sorted(
                (e.stored() for e in manifest), key=lambda e: (e["language"], e["position"])
            ),
        },
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_formats(formats: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InvalidRequest(f"formats must be among {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in formats)


@dataclass(frozen=True)
class TextState:
    """What the publication rules need to know of one section in one language."""

    section: str
    position: int
    language: str
    title: str
    head: int | None
    head_hash: str | None
    approved_current: bool
    stale: bool
    open_comments: int


def freeze(
    kind: PublicationKind,
    languages: tuple[str, ...],
    texts: list[TextState],
    source_language: str,
) -> tuple[tuple[ManifestEntry, ...], list[Blocker]]:
    """The manifest of a version, and every reason it cannot be made.

    `texts` holds every section in the requested languages and in the source language.
    A final version is blocked by any text not approved and current; a draft only when
    there is nothing to show: no section, or no text in any of its languages.
    """
    entries: list[ManifestEntry] = []
    blockers: list[Blocker] = []
    sources = {t.section: t for t in texts if t.language == source_language}
    chosen = [t for t in texts if t.language in languages]
    for text in sorted(chosen, key=lambda t: (languages.index(t.language), t.position)):
        if kind is PublicationKind.FINAL:
            blockers += [Blocker(text.section, text.language, r) for r in _final_blockers(text)]
        if text.head is not None and text.head_hash is not None:
            entries.append(
                ManifestEntry(
                    text.section,
                    text.position,
                    text.language,
                    text.head,
                    text.head_hash,
                    text.title,
                )
            )
        elif kind is PublicationKind.DRAFT:
            entries.append(_stand_in(text, sources.get(text.section)))
    if not chosen:
        blockers.append(Blocker("", ",".join(languages), "the paper has no sections"))
    elif not any(e.revision for e in entries) and not blockers:
        blockers.append(Blocker("", ",".join(languages), "there is no text to publish"))
    return tuple(entries), blockers


def _final_blockers(text: TextState) -> list[str]:
    reasons = []
    if text.head is None:
        reasons.append("has no text")
    elif not text.approved_current:
        reasons.append("is not approved in its current revision")
    if text.stale:
        reasons.append("is a stale translation")
    if text.open_comments:
        reasons.append(f"has {text.open_comments} open comment(s)")
    return reasons


def _stand_in(text: TextState, source: TextState | None) -> ManifestEntry:
    """What a draft shows for a text not written yet: the source's current text, or
    nothing (revision 0) when the source has none either."""
    if source is not None and source.head is not None and source.head_hash is not None:
        return ManifestEntry(
            text.section,
            text.position,
            text.language,
            source.head,
            source.head_hash,
            text.title,
            text_language=source.language,
        )
    return ManifestEntry(text.section, text.position, text.language, 0, "", text.title)


def settled_status(artifacts: list[Artifact]) -> PublicationStatus:
    """A version's status from all of its files: rendering while any is still pending,
    then published when every one was made, failed when any could not be."""
    if any(a.status is ArtifactStatus.PENDING for a in artifacts):
        return PublicationStatus.RENDERING
    if all(a.status is ArtifactStatus.DONE for a in artifacts):
        return PublicationStatus.PUBLISHED
    return PublicationStatus.FAILED
