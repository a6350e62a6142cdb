"""The rendering port: what a renderer is given and what it promises."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal, Protocol


@dataclass(frozen=True)
class RenderSection:
    key: str
    number: str
    title: str
    body: str  # pandoc Markdown written by authors: untrusted


@dataclass(frozen=True)
class Edition:
    """One language of one published version of the paper."""

    paper_title: str
    symbol: str
    forum: str
    date: datetime.date
    language: str
    source_language: str
    version: str
    kind: Literal["draft", "final"]
    distribution: str
    sections: tuple[RenderSection, ...]
    bibliography: str | None = None


class RenderFailed(Exception):
    """A render that cannot succeed on retry; the message says why, for people."""


class Renderer(Protocol):
    def render(self, edition: Edition, fmt: Literal["docx", "pdf"]) -> bytes: ...
