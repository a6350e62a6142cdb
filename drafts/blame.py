"""Who wrote each word: a text cut into tokens (words, spaces, marks and Markdown's
markup), and, over the revisions from an older text to the newest, the revision that
wrote each token of the newest and the one that removed each token of the older.

Differences are found line by line first, then word by word within the lines that
changed (a Chinese text character by character).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

TOKEN = re.compile(
    r"""
    (?P<rule>^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+[ \t]*$|^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$)
    |(?P<lead>^[ \t]*(?:[-*+]|\(?\d+[.)]|\#{1,6}|>|\[\^[^\]\s]+\]:)[ \t]+)
    |(?P<blank>\n[ \t]*(?:\n[ \t]*)+)
    |(?P<newline>\n)
    |(?P<image>!\[[^\]\n]*\]\([^)\n]*\))
    |(?P<link>\[[^\]\n]*\]\([^)\n]*\))
    |(?P<note>\[\^[^\]\s]+\])
    |(?P<cite>\[@[^\]\n]*\])
    |(?P<code>`[^`\n]+`)
    |(?P<escape>\\.)
    |(?P<delim>\*\*|\*|__|~~|\^|~|(?<!\w)_|_(?!\w))
    |(?P<pipe>\|)
    |(?P<cjk>[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])
    |(?P<word>\w+)
    |(?P<space>[ \t]+)
    |(?P<other>.)
    """,
    re.MULTILINE | re.VERBOSE,
)
# Tokens that shape the Markdown: never inside a change span.
STRUCTURE = frozenset({"rule", "lead", "blank", "newline", "delim", "pipe"})


@dataclass(frozen=True)
class Credit:
    """Who made a change, and when: the author and time of the revision that made it."""

    author: str
    at: datetime


@dataclass(frozen=True)
class Step:
    """One revision of the text on the way from the older to the newer."""

    body: str
    credit: Credit


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokens(text: str) -> list[Token]:
    """The text cut into words, spaces, marks and markup; joined, they are the text."""
    return [Token(m.lastgroup or "other", m.group(0)) for m in TOKEN.finditer(text)]


def blame(older: str, steps: Sequence[Step]) -> tuple[list[Credit | None], list[Credit | None]]:
    """For each token of the newest step, the credit of the step that wrote it (None:
    it was in `older`); for each token of `older`, the credit of the step that removed
    it (None: it is still there)."""
    current = [t.text for t in tokens(older)]
    origin: list[Credit | None] = [None] * len(current)
    # Where each token of the current text stands in `older` (None: written since).
    in_older: list[int | None] = list(range(len(current)))
    removed: list[Credit | None] = [None] * len(current)
    current_tokens = tokens(older)
    for step in steps:
        following_tokens = tokens(step.body)
        following = [t.text for t in following_tokens]
        new_origin: list[Credit | None] = []
        new_in_older: list[int | None] = []
        for op, a1, a2, b1, b2 in opcodes(current_tokens, following_tokens):
            if op == "equal":
                new_origin += origin[a1:a2]
                new_in_older += in_older[a1:a2]
                continue
            for index in in_older[a1:a2]:
                if index is not None:
                    removed[index] = step.credit
            new_origin += [step.credit] * (b2 - b1)
            new_in_older += [None] * (b2 - b1)
        current, origin, in_older = following, new_origin, new_in_older
        current_tokens = following_tokens
    return origin, removed


Opcode = tuple[str, int, int, int, int]


def opcodes(a: list[Token], b: list[Token]) -> list[Opcode]:
    """Token differences found line by line first, then word by word within the lines
    that changed: a repeated space or full stop is never matched across paragraphs."""
    lines_a, lines_b = _lines(a), _lines(b)
    matcher = difflib.SequenceMatcher(
        None,
        ["".join(t.text for t in a[s:e]) for s, e in lines_a],
        ["".join(t.text for t in b[s:e]) for s, e in lines_b],
        autojunk=False,
    )
    out: list[Opcode] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a1 = lines_a[i1][0] if i1 < len(lines_a) else len(a)
        a2 = lines_a[i2 - 1][1] if i2 > i1 else a1
        b1 = lines_b[j1][0] if j1 < len(lines_b) else len(b)
        b2 = lines_b[j2 - 1][1] if j2 > j1 else b1
        if op == "equal" or a1 == a2 or b1 == b2:
            out.append((op, a1, a2, b1, b2))
            continue
        words = difflib.SequenceMatcher(
            None, [t.text for t in a[a1:a2]], [t.text for t in b[b1:b2]], autojunk=False
        )
        out += [
            (o, a1 + x1, a1 + x2, b1 + y1, b1 + y2) for o, x1, x2, y1, y2 in words.get_opcodes()
        ]
    return out


def _lines(items: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of the lines, each with the line break that ends it."""
    lines: list[tuple[int, int]] = []
    start = 0
    for i, token in enumerate(items):
        if token.kind in ("blank", "newline"):
            lines.append((start, i + 1))
            start = i + 1
    if start < len(items):
        lines.append((start, len(items)))
    return lines
