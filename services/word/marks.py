"""The review marks of a Word file: comments (with Word's threaded replies) and tracked
changes, each with the plain words it stands on.

pandoc reads the text but not the threads (replies live in `commentsExtended.xml`, as
`w15:paraIdParent` of the comment's last paragraph), so the main document is walked here
in reading order with a hardened parser, once the package passed its guard.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from services.word.wordml import parse_xml, q
from workflows.word_files import Quote, WordChange, WordComment

COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
_CONTEXT = 64
# What a review copy writes, hidden, into each comment it carries; Word keeps it.
MARK = re.compile(r"accord:(thread|comment):(\d{1,10})")


@dataclass
class _Text:
    text: str
    change: tuple[str, str, str] | None  # ("ins"|"del", author, date)


@dataclass
class _Stream:
    """One section's words in reading order, tracked changes and comment ranges marked."""

    tokens: list[_Text] = field(default_factory=list)
    starts: dict[str, int] = field(default_factory=dict)  # comment key → token index
    ends: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Marks:
    comments: tuple[WordComment, ...]
    changes: tuple[WordChange, ...]
    sections: tuple[str, ...]


def read_marks(archive: zipfile.ZipFile, main: str, *, by_section: bool) -> Marks:
    """Every comment and tracked change of the main document; with `by_section`, split
    by the `sec-{key}` bookmarks Accord's files carry."""
    streams = _walk(parse_xml(archive.read(main)), by_section)
    bodies, parents = _comment_parts(archive, main)
    comments: list[WordComment] = []
    changes: list[WordChange] = []
    for section, stream in streams.items():
        rejected, r_at = _view(stream, keep="del")
        accepted, a_at = _view(stream, keep="ins")
        for key, start in stream.starts.items():
            if key not in bodies:
                continue
            end = stream.ends.get(key, len(stream.tokens))
            author, date, text = bodies[key]
            found = MARK.search(text)
            comments.append(
                WordComment(
                    key=key,
                    author=author,
                    date=date,
                    body=MARK.sub("", text).strip(),
                    parent=parents.get(key),
                    section=section or None,
                    mark=(found.group(1), int(found.group(2))) if found else None,
                    rejected=_quote(rejected, r_at[start], r_at[end]),
                    accepted=_quote(accepted, a_at[start], a_at[end]),
                )
            )
        changes += _changes(stream, rejected, r_at, section)
    # Comments with no range of their own (some programs write only the reference).
    placed = {c.key for c in comments}
    for key, (author, date, text) in bodies.items():
        if key not in placed:
            found = MARK.search(text)
            comments.append(
                WordComment(
                    key=key,
                    author=author,
                    date=date,
                    body=MARK.sub("", text).strip(),
                    parent=parents.get(key),
                    mark=(found.group(1), int(found.group(2))) if found else None,
                )
            )
    return Marks(tuple(comments), tuple(changes), tuple(s for s in streams if s))


def _walk(root: Element, by_section: bool) -> dict[str, _Stream]:
    streams: dict[str, _Stream] = {"": _Stream()}
    current = streams[""]
    body = root.find(q("w:body"))
    if body is None:
        return streams
    first = True

    def visit(element: Element, change: tuple[str, str, str] | None) -> None:
        nonlocal current, first
        tag = element.tag
        if tag == q("w:bookmarkStart") and by_section:
            name = element.get(q("w:name"), "")
            if name.startswith("sec-"):
                current = streams.setdefault(name.removeprefix("sec-"), _Stream())
                first = True
            return
        if tag == q("w:p"):
            if not first:
                current.tokens.append(_Text("\n", None))
            first = False
        elif tag in (q("w:ins"), q("w:moveTo")):
            change = ("ins", element.get(q("w:author"), ""), element.get(q("w:date"), ""))
        elif tag in (q("w:del"), q("w:moveFrom")):
            change = ("del", element.get(q("w:author"), ""), element.get(q("w:date"), ""))
        elif tag == q("w:commentRangeStart"):
            current.starts.setdefault(element.get(q("w:id"), ""), len(current.tokens))
            return
        elif tag == q("w:commentRangeEnd"):
            current.ends[element.get(q("w:id"), "")] = len(current.tokens)
            return
        elif tag in (q("w:t"), q("w:delText")):
            current.tokens.append(_Text(element.text or "", change))
            return
        elif tag in (q("w:tab"), q("w:br"), q("w:cr")):
            current.tokens.append(_Text(" ", change))
            return
        elif tag == q("w:noBreakHyphen"):
            current.tokens.append(_Text("-", change))
            return
        elif tag in (q("w:instrText"), q("w:pPr"), q("w:rPr"), q("w:txbxContent")):
            return  # field codes and text boxes are no words of the text
        elif tag in (q("w:footnoteReference"), q("w:endnoteReference")):
            return
        for child in element:
            if isinstance(child.tag, str):
                visit(child, change)

    for child in body:
        if isinstance(child.tag, str):
            visit(child, None)
    return streams


def _view(stream: _Stream, keep: str) -> tuple[str, list[int]]:
    """The text with one kind of change kept ("del": as before the changes, "ins": as
    after), and for each token the offset in that text where it starts."""
    parts: list[str] = []
    at: list[int] = []
    length = 0
    for token in stream.tokens:
        at.append(length)
        if token.change is None or token.change[0] == keep:
            parts.append(token.text)
            length += len(token.text)
    at.append(length)
    return "".join(parts), at


def _quote(text: str, start: int, end: int) -> Quote | None:
    exact = text[start:end]
    if not exact.strip():
        return None
    return Quote(
        exact,
        _line(text[max(0, start - _CONTEXT) : start], -1),
        _line(text[end : end + _CONTEXT], 1),
    )


def _line(text: str, side: int) -> str:
    """Context stays within the quote's paragraph: the words a reader saw beside it."""
    parts = text.split("\n")
    return parts[-1] if side < 0 else parts[0]


def _changes(stream: _Stream, rejected: str, at: list[int], section: str) -> Iterator[WordChange]:
    """Neighbouring deletions and insertions of one author form one change, as Word
    shows a replaced word."""
    tokens = stream.tokens
    i = 0
    while i < len(tokens):
        change = tokens[i].change
        if change is None:
            i += 1
            continue
        author, date = change[1], change[2]
        j = i
        deleted: list[str] = []
        inserted: list[str] = []
        while j < len(tokens) and (c := tokens[j].change) is not None and c[1] == author:
            (deleted if c[0] == "del" else inserted).append(tokens[j].text)
            j += 1
        start, end = at[i], at[j]
        yield _change(
            rejected, start, end, "".join(deleted), "".join(inserted), author, date, section
        )
        i = j


def _change(
    text: str,
    start: int,
    end: int,
    deleted: str,
    inserted: str,
    author: str,
    date: str,
    section: str,
) -> WordChange:
    exact, replacement = deleted, inserted
    # Spaces both sides share are no part of the change ("still " for "mostly ").
    while exact and replacement and exact[-1] == replacement[-1] and exact[-1].isspace():
        exact, replacement, end = exact[:-1], replacement[:-1], end - 1
    while exact and replacement and exact[0] == replacement[0] and exact[0].isspace():
        exact, replacement, start = exact[1:], replacement[1:], start + 1
    if not deleted.strip():
        # A bare insertion replaces nothing: the suggestion quotes the word before it
        # (or after it, at the start of a paragraph) and proposes that word with it.
        before = re.search(r"(\S+\s*)$", text[:start].split("\n")[-1])
        after = re.match(r"(\s*\S+)", text[end:].split("\n")[0])
        if before:
            exact = before.group(1)
            start -= len(exact)
            replacement = exact + deleted + inserted
        elif after:
            exact = after.group(1)
            end += len(exact)
            replacement = deleted + inserted + exact
    quote = Quote(
        exact,
        _line(text[max(0, start - _CONTEXT) : start], -1),
        _line(text[end : end + _CONTEXT], 1),
    )
    return WordChange(
        author=author,
        date=_date(date),
        quote=quote,
        replacement=replacement,
        deleted=deleted,
        inserted=inserted,
        section=section or None,
    )


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _comment_parts(
    archive: zipfile.ZipFile, main: str
) -> tuple[dict[str, tuple[str, datetime | None, str]], dict[str, str]]:
    """Each comment's author, date and text by key, and each reply's parent key."""
    names = set(archive.namelist())
    folder = main.rsplit("/", 1)[0]
    bodies: dict[str, tuple[str, datetime | None, str]] = {}
    last_para: dict[str, str] = {}  # comment key → w14:paraId of its last paragraph
    if f"{folder}/comments.xml" in names:
        for comment in parse_xml(archive.read(f"{folder}/comments.xml")).iter(q("w:comment")):
            key = comment.get(q("w:id"), "")
            paragraphs = comment.findall(".//" + q("w:p"))
            text = "\n\n".join(
                "".join(t.text or "" for t in p.iter() if t.tag in (q("w:t"), q("w:delText")))
                for p in paragraphs
            )
            bodies[key] = (comment.get(q("w:author"), ""), _date(comment.get(q("w:date"))), text)
            if paragraphs and (para := paragraphs[-1].get(q("w14:paraId"))):
                last_para[key] = para
    parents: dict[str, str] = {}
    extended = f"{folder}/commentsExtended.xml"
    if extended in names and last_para:
        by_para = {para: key for key, para in last_para.items()}
        for entry in parse_xml(archive.read(extended)).iter(q("w15:commentEx")):
            child = by_para.get(entry.get(q("w15:paraId"), ""))
            parent = by_para.get(entry.get(q("w15:paraIdParent"), ""))
            if child is not None and parent is not None and parent != child:
                parents[child] = parent
    return bodies, parents
