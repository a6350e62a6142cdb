"""Finding words a reader saw in a Word file in the Markdown they came from.

A text is written in pandoc Markdown and read in Word, where its markup is gone
(emphasis marks, link targets, footnote calls, list and heading markers, table pipes)
and its typography changed (curly quotes, dashes, ellipses, no-break spaces). To put a
comment or a suggestion made in Word back on the Markdown, both are brought to one plain
form that remembers, for each of its characters, where it came from; a quote is looked
for there with the words around it, and mapped back to the Markdown's own characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Typographic characters a word processor shows, and what a Markdown author types.
_TYPED = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}
_BLOCK_MARKER = re.compile(
    r" {0,3}(?:>\s?|#{1,6}(?=\s|$)\s*|[-*+](?=\s)\s*|\(?\d+[.)](?=\s)\s*|\[\^[^\]\s]+\]:\s*)"
)
_TABLE_RULE = re.compile(r"^\s*[|+]?[\s:=|+-]*-{3,}[\s:=|+-]*$|^\s*[=+-]{3,}[\s=+-]*$")
_FOOTNOTE_CALL = re.compile(r"\[\^[^\]\s]+\]")
_ATTRIBUTES = re.compile(r"\{[^{}\n]*\}")
_TARGET = re.compile(r"\((?:[^()\n]|\([^()\n]*\))*\)")
_DASHES = re.compile(r"-{2,3}")


@dataclass(frozen=True)
class Found:
    """Where a quote stands in the Markdown: characters [start, end)."""

    start: int
    end: int


def normalized(text: str) -> tuple[str, list[int]]:
    """The text with typography as typed and whitespace collapsed to single spaces, and
    for each of its characters the index of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        typed = _TYPED.get(char, char)
        for c in typed:
            if c.isspace():
                if not out or out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            origin.append(index)
    return "".join(out), origin


def plain(markdown: str) -> tuple[str, list[int]]:
    """The Markdown as a reader sees it (markup gone), with each character's origin."""
    out: list[str] = []
    origin: list[int] = []
    at = 0
    for line in markdown.splitlines(keepends=True):
        _plain_line(line, at, out, origin)
        at += len(line)
    return "".join(out), origin


def _plain_line(line: str, at: int, out: list[str], origin: list[int]) -> None:
    if _TABLE_RULE.match(line):
        out.append("\n")
        origin.append(at)
        return
    i = 0
    while match := _BLOCK_MARKER.match(line, i):
        if match.end() == i:
            break
        i = match.end()
    n = len(line)
    while i < n:
        char = line[i]
        if char == "\\" and i + 1 < n and line[i + 1] != "\n":
            out.append(" " if line[i + 1] == " " else line[i + 1])
            origin.append(at + i + 1)
            i += 2
            continue
        if char == "[" and (call := _FOOTNOTE_CALL.match(line, i)):
            i = call.end()
            continue
        if char == "]":
            i += 1
            if i < n and line[i] == "(" and (target := _TARGET.match(line, i)):
                i = target.end()
            if i < n and line[i] == "{" and (attributes := _ATTRIBUTES.match(line, i)):
                i = attributes.end()
            continue
        if (
            char == "{"
            and (attributes := _ATTRIBUTES.match(line, i))
            and attributes.group(0).startswith(("{#", "{.", "{width", "{height"))
        ):
            # An attribute block after a heading or an image: no words of the text.
            i = attributes.end()
            continue
        if char in "*`^[" or (char == "!" and line[i + 1 : i + 2] == "["):
            i += 1
            continue
        if char == "~":
            i += 1
            continue
        if char == "_" and not (_word(line, i - 1) and _word(line, i + 1)):
            i += 1  # emphasis; an underscore inside a word is a letter of it
            continue
        if char == "|":
            out.append(" ")
            origin.append(at + i)
            i += 1
            continue
        if (
            char == "<"
            and line.find(">", i) > i
            and line[i + 1 : i + 5]
            in (
                "http",
                "mail",
            )
        ):
            i += 1
            continue
        if char == ">" and i and line[i - 1] not in " \t":
            i += 1
            continue
        if char == "-" and (dash := _DASHES.match(line, i)):
            out.append("-")
            origin.append(at + i)
            i = dash.end()
            continue
        out.append(char)
        origin.append(at + i)
        i += 1


def _word(line: str, i: int) -> bool:
    return 0 <= i < len(line) and line[i].isalnum()


def locate(markdown: str, exact: str, prefix: str = "", suffix: str = "") -> Found | None:
    """Where the words `exact`, seen with `prefix` before and `suffix` after, stand in
    the Markdown; the words around are tried whole, then shorter, then left out. None
    when the words are not there (or not once, without their context)."""
    text, to_plain = plain(markdown)
    hay, to_text = normalized(text)
    want = normalized(exact)[0].strip()
    if not want:
        return None
    before = normalized(prefix)[0]
    after = normalized(suffix)[0]
    for width in (64, 24, 8):
        lead = before[-width:]
        trail = after[:width]
        for needle, offset in (
            (lead + want + trail, len(lead)),
            (lead + want, len(lead)),
            (want + trail, 0),
        ):
            hits = _all(hay, needle)
            if len(hits) == 1:
                return _back(hits[0] + offset, len(want), to_text, to_plain)
    hits = _all(hay, want)
    if len(hits) == 1 or (hits and not before and not after):
        return _back(hits[0], len(want), to_text, to_plain)
    return None


def _all(hay: str, needle: str) -> list[int]:
    hits: list[int] = []
    at = hay.find(needle)
    while at >= 0 and len(hits) < 2:
        hits.append(at)
        at = hay.find(needle, at + 1)
    return hits


def _back(at: int, length: int, to_text: list[int], to_plain: list[int]) -> Found:
    start = to_plain[to_text[at]]
    end = to_plain[to_text[at + length - 1]] + 1
    return Found(start, end)
