"""Checks on user-supplied text that every store can hold.

PostgreSQL refuses NUL characters and no database can encode a lone UTF-16 surrogate
(JSON allows `"\\ud800"`); refusing them here turns what would be a server error into a
clear 4xx answer.
"""

from __future__ import annotations

import hashlib
import re

from drafts.errors import InvalidRequest, TextTooComplex, TooLarge

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def check_storable(value: str, field: str) -> None:
    """Raise InvalidRequest when `value` holds a character no store can keep."""
    match = _UNSTORABLE.search(value)
    if match:
        raise InvalidRequest(
            f"{field} contains the character U+{ord(match.group()):04X}, which cannot be stored",
            field=field,
        )


def normalize_body(body: str, *, max_bytes: int) -> str:
    """The body with line endings made `\\n`, refused if unstorable, over `max_bytes` or
    past the structure limits (`check_structure`)."""
    check_storable(body, "body")
    size = len(body.encode("utf-8"))
    if size > max_bytes:
        raise TooLarge(
            f"body is {size} bytes; the limit is {max_bytes} bytes", size=size, limit=max_bytes
        )
    # The merge and the diffs are line based: one line-ending convention keeps a save
    # from a Windows editor from touching every line.
    normalized = body.replace("\r\n", "\n").replace("\r", "\n")
    check_structure(normalized)
    return normalized


# How deep quotes and lists may nest, and how long one paragraph may run. A UN paper
# nests lists three or four levels and its longest paragraphs run to a few thousand
# characters; pandoc took two minutes and 1.8 GB on 1,400 nested lists, and Typst's
# time grows with the square of a paragraph's length on some tokens (92 s at 600 KB).
MAX_NESTING = 40
MAX_PARAGRAPH_CHARS = 30_000

# One container marker at the start of a line: a quote `>`, a bullet, or a number.
_MARKER = re.compile(r"[ \t]{0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")


def nesting_of(line: str) -> int:
    """How many levels a line of Markdown opens: its container markers, and its
    indentation counted a level per four columns."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth = indent // 4
    at = indent
    while (marker := _MARKER.match(expanded, at)) is not None and marker.end() > at:
        depth += 1
        at = marker.end()
    return depth


def check_structure(body: str) -> None:
    """Raise TextTooComplex when the text nests past MAX_NESTING levels or holds a
    paragraph longer than MAX_PARAGRAPH_CHARS, saying where."""
    paragraph = 0
    for number, line in enumerate(body.split("\n"), start=1):
        if not line.strip():
            paragraph = 0
            continue
        paragraph += len(line) + 1
        if paragraph > MAX_PARAGRAPH_CHARS:
            raise TextTooComplex(
                f"the paragraph reaching line {number} is longer than {MAX_PARAGRAPH_CHARS} "
                "characters; split it into paragraphs",
                line=number,
                limit=MAX_PARAGRAPH_CHARS,
            )
        if nesting_of(line) > MAX_NESTING:
            raise TextTooComplex(
                f"line {number} nests quotes, lists or indentation more than {MAX_NESTING} "
                "levels deep",
                line=number,
                limit=MAX_NESTING,
            )


def content_hash(body: str) -> str:
    """The SHA-256 of the body's UTF-8 bytes, hex: what an approval is bound to."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# A JSON string (skipped whole) or a bracket: what nesting is counted from.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def check_json_nesting(text: str, limit: int, field: str) -> None:
    """Raise InvalidRequest when the JSON text nests arrays and objects deeper than `limit`.

    Counted on the text itself, before any parser sees it (a recursive parser fails on
    deep nesting with an error of its own stack, not of the input).
    """
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                raise InvalidRequest(
                    f"{field} nests more than {limit} levels deep", field=field, limit=limit
                )
        elif bracket in "]}":
            depth -= 1
