"""Finding the words a reader selected on the rendered page in the text's Markdown.

A reader selects words in the HTML, where pandoc has removed the markup (emphasis, link
targets, escapes) and made quotes and dashes typographic. A comment is anchored in the
Markdown, so the selection (with the words before and after it) is looked up there
after both sides are reduced alike: markup characters dropped, quotes, dashes and
ellipses made plain, runs of white space made one space. The quote the comment gets is
then the Markdown's own text at that place, as the W3C text-quote selector wants.
"""

from __future__ import annotations

import re

from drafts.anchoring import TextQuote

CONTEXT_CHARS = 32
_MARKUP = frozenset("*_`\\#>[]^~")
_PLAIN = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "–": "-",
          "—": "-", "…": ".", "\u00a0": " "}  # fmt: skip
# Link targets and attribute blocks that follow a bracketed span: `](url)`, `]{.class}`.
_HIDDEN = re.compile(r"\]\([^)\n]*\)|\]\{[^}\n]*\}|!(?=\[)")


def _reduced(text: str) -> tuple[str, list[int]]:
    """The text reduced for comparison, and where each of its characters came from."""
    hidden = [False] * len(text)
    for match in _HIDDEN.finditer(text):
        for i in range(match.start() + (1 if match.group().startswith("]") else 0), match.end()):
            hidden[i] = True
    chars: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        if hidden[i] or char in _MARKUP:
            continue
        char = _PLAIN.get(char, char)
        if char.isspace():
            char = " "
        if chars and char in " -." and chars[-1] == char:
            continue  # a run of spaces, hyphens or dots reads as one
        chars.append(char)
        origin.append(i)
    return "".join(chars), origin


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _balanced(body: str, start: int, end: int) -> tuple[int, int]:
    """Widened over emphasis or code marks the selection cut in half, so that a suggestion
    accepted on the quote replaces a whole span rather than leaving a stray mark."""
    for mark in "*_`":
        while body.count(mark, start, end) % 2:
            if start > 0 and body[start - 1] == mark:
                start -= 1
            elif end < len(body) and body[end] == mark:
                end += 1
            else:
                break
    return start, end


def locate_selection(body: str, exact: str, prefix: str = "", suffix: str = "") -> TextQuote | None:
    """The quote in the Markdown `body` of the words selected on the page (with the page's
    words before and after them), or None when they are not in the text."""
    wanted, _ = _reduced(exact)
    wanted = wanted.strip()
    if not wanted:
        return None
    text, origin = _reduced(body)
    before, _ = _reduced(prefix)
    after, _ = _reduced(suffix)
    best: tuple[int, int] | None = None
    at = text.find(wanted)
    while at != -1:
        score = _common_tail(text[:at], before) + _common_head(text[at + len(wanted) :], after)
        if best is None or score > best[1]:
            best = (at, score)
        at = text.find(wanted, at + 1)
    if best is None:
        return None
    start, end = _balanced(body, origin[best[0]], origin[best[0] + len(wanted) - 1] + 1)
    return TextQuote(
        exact=body[start:end],
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
        start=start,
    )
