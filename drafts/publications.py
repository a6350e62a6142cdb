"""Numbered versions of a paper, frozen as a manifest of exact revisions.

A final version needs every section approved and current in each of its languages and no
open comment; a draft takes whatever text there is and says "Draft" on every page.
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
    section: str
    position: int
    language: str
    revision: int
    content_hash: str
    title: str


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
                (asdict(e) for e in manifest), key=lambda e: (e["language"], e["position"])
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
    kind: PublicationKind, languages: tuple[str, ...], texts: list[TextState]
) -> tuple[tuple[ManifestEntry, ...], list[Blocker]]:
    """The manifest of a version, and for a final one every reason it cannot be made."""
    entries: list[ManifestEntry] = []
    blockers: list[Blocker] = []
    for text in sorted(texts, key=lambda t: (languages.index(t.language), t.position)):
        if text.language not in languages:
            continue
        if kind is PublicationKind.FINAL:
            reasons = []
            if text.head is None:
                reasons.append("has no text")
            elif not text.approved_current:
                reasons.append("is not approved in its current revision")
            if text.stale:
                reasons.append("is a stale translation")
            if text.open_comments:
                reasons.append(f"has {text.open_comments} open comment(s)")
            blockers += [Blocker(text.section, text.language, r) for r in reasons]
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
    if not entries and not blockers:
        blockers.append(Blocker("", ",".join(languages), "there is no text to publish"))
    return tuple(entries), blockers
