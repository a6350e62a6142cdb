"""Finding a quoted passage again after the text around it (or the passage) was edited.

Follows the W3C Web Annotation selectors: a TextQuoteSelector (exact, prefix, suffix)
backed by the start offset of a TextPositionSelector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

# A fuzzy match must be at least this similar to the quote (by characters). Below it a
# reviewer's comment would point at text it no longer talks about; orphaning it, with
# its original quote kept, is the honest answer.
FUZZY_THRESHOLD = 0.7
_WINDOW_CHARS = 2000
_MAX_OCCURRENCES = 10_000
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|[^\w\s]|\s+")


@dataclass(frozen=True)
class TextQuote:
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int = 0


@dataclass(frozen=True)
class Anchor:
    status: Literal["exact", "fuzzy", "orphaned"]
    start: int | None
    end: int | None

    @property
    def found(self) -> bool:
        return self.status != "orphaned"


ORPHANED = Anchor("orphaned", None, None)


def check_quote(text: str, quote: TextQuote) -> None:
    """Raise ValueError unless the quote stands in `text` at its start, with its context."""
    if not quote.exact:
        raise ValueError("the quote is empty")
    end = quote.start + len(quote.exact)
    if quote.start < 0 or text[quote.start : end] != quote.exact:
        raise ValueError(f"the text at offset {quote.start} is not the quoted text")
    if quote.prefix and not text[: quote.start].endswith(quote.prefix):
        raise ValueError("the prefix is not the text just before the quote")
    if quote.suffix and not text[end:].startswith(quote.suffix):
        raise ValueError("the suffix is not the text just after the quote")


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    at = text.find(needle)
    while at != -1 and len(found) < _MAX_OCCURRENCES:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _closest(starts: list[int], target: int) -> int:
    return min(starts, key=lambda s: (abs(s - target), s))


def _fuzzy(quote: TextQuote, text: str) -> Anchor:
    """The passage near the old position most like the quote, if alike enough.

    Word tokens locate the candidate region (cheap, even on long texts); the score is
    taken on characters, so one edited word in a short quote still counts as close.
    """
    reach = max(_WINDOW_CHARS, 4 * len(quote.exact))
    lo = max(0, quote.start - reach)
    hi = min(len(text), quote.start + len(quote.exact) + reach)
    window = text[lo:hi]
    # Spaces are left out: they match everywhere and would make any passage look close.
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(window) if not m.group().isspace()]
    words = [window[s:e] for s, e in spans]
    wanted = [t for t in _TOKEN.findall(quote.exact) if not t.isspace()]
    if not wanted or not words:
        return ORPHANED
    matcher = SequenceMatcher(None, words, wanted, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return ORPHANED
    # Scattered common words far apart must not stretch a match over a whole paragraph:
    # keep the region compact around the longest matching run.
    first, last = blocks[0], blocks[-1]
    start_token, end_token = first.a, last.a + last.size
    if end_token - start_token > 2 * len(wanted) + 4:
        longest = max(blocks, key=lambda b: b.size)
        start_token, end_token = longest.a, longest.a + longest.size
    start, end = lo + spans[start_token][0], lo + spans[end_token - 1][1]
    score = SequenceMatcher(None, text[start:end], quote.exact, autojunk=False).ratio()
    if score < FUZZY_THRESHOLD:
        return ORPHANED
    return Anchor("fuzzy", start, end)


def reanchor(quote: TextQuote, text: str) -> Anchor:
    """Where the quoted passage stands in `text`: exactly, approximately, or nowhere."""
    if not quote.exact:
        return ORPHANED
    in_context = _occurrences(text, quote.prefix + quote.exact + quote.suffix)
    if in_context:
        start = _closest([s + len(quote.prefix) for s in in_context], quote.start)
        return Anchor("exact", start, start + len(quote.exact))
    alone = _occurrences(text, quote.exact)
    if alone:
        start = _closest(alone, quote.start)
        return Anchor("exact", start, start + len(quote.exact))
    return _fuzzy(quote, text)


def replace_once(text: str, anchor: Anchor, replacement: str) -> str:
    """`text` with the anchored passage replaced by `replacement`."""
    if anchor.start is None or anchor.end is None:
        raise ValueError("an orphaned anchor cannot be replaced")
    return text[: anchor.start] + replacement + text[anchor.end :]
