"""Finding a quoted passage again after the text around it (or the passage) was edited.

Follows the W3C Web Annotation selectors: a TextQuoteSelector (exact, prefix, suffix)
backed by the start offset of a TextPositionSelector. All offsets count characters
(code points) of a Python str.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from drafts.diffing import is_word_char

# A fuzzy match must keep at least this share of the quote: at most one character edit
# (Levenshtein) per four characters. A copy-edit of one word in a quoted sentence stays
# well above it (a 60-character sentence with "should" made "must" keeps 92%), while
# rewritten text falls below it: the best-aligned spot of unrelated English prose in a
# search window is typically half edits or more (measured: a median of 50% for 12
# characters, 60% for 40). Below the line a comment would point at text it no longer
# talks about; orphaning it, with its original quote kept, is the honest answer.
FUZZY_THRESHOLD = 0.75

# Shorter patterns have lookalikes: in 8000 characters of unrelated English prose a
# 12-character quote finds a match within the threshold 8% of the time, a 20-character
# one about 1%, a 32-character one 0.3%. So a short quote is searched for together with
# its prefix and suffix, and a quote still shorter than this with them is only ever
# found exactly.
MIN_FUZZY_CHARS = 20

# The fuzzy search looks this far (in characters) on each side of the old position, or
# this many quote lengths if that is more. An edit that moved the passage further than
# that is a restructuring the exact search would have followed if the words survived;
# the bound keeps a 2 MB body as fast as a short one.
FUZZY_REACH = 4000
FUZZY_REACH_QUOTES = 4

# How far a fuzzy match may be widened to reach the edge of a word (see `_whole_words`).
_MAX_WORD_WIDENING = 40


@dataclass(frozen=True)
class TextQuote:
    """A quoted passage with its context, and where it started in the text it quotes."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int = 0


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in a text: exactly, approximately, or nowhere (orphaned)."""

    status: Literal["exact", "fuzzy", "orphaned"]
    start: int | None
    end: int | None

    @property
    def found(self) -> bool:
        """True unless the quote was orphaned."""
        return self.status != "orphaned"


ORPHANED = Anchor("orphaned", None, None)


@dataclass(frozen=True)
class Match:
    """text[start:end] is `errors` character edits away from the pattern searched for."""

    start: int
    end: int
    errors: int


def _excerpt(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "…")


def check_quote(text: str, quote: TextQuote) -> None:
    """Nothing, when the quote stands in `text` at its start with its context; else ValueError."""
    if not quote.exact:
        raise ValueError("the quote is empty")
    start, end = quote.start, quote.start + len(quote.exact)
    if start < 0 or end > len(text):
        raise ValueError(
            f"the quote ({len(quote.exact)} characters from offset {start}) does not fit "
            f"in the text ({len(text)} characters)"
        )
    if text[start:end] != quote.exact:
        raise ValueError(
            f"the text at offset {start} is {_excerpt(text[start:end])}, "
            f"not the quote {_excerpt(quote.exact)}"
        )
    if quote.prefix and not text.endswith(quote.prefix, 0, start):
        raise ValueError(
            f"the text before offset {start} does not end with the prefix {_excerpt(quote.prefix)}"
        )
    if quote.suffix and not text.startswith(quote.suffix, end):
        raise ValueError(
            f"the text after offset {end} does not start with the suffix {_excerpt(quote.suffix)}"
        )


def _nearest(text: str, needle: str, target: int) -> int | None:
    """The start of the occurrence of `needle` nearest to `target` (earlier on a tie)."""
    target = min(max(target, 0), len(text))
    after = text.find(needle, target)
    # rfind's end bound holds the whole needle: this finds the last start before target.
    before = text.rfind(needle, 0, target + len(needle) - 1)
    if before == -1:
        return None if after == -1 else after
    if after == -1 or target - before <= after - target:
        return before
    return after


def _scores(pattern: str, text: Iterable[str], *, anchored: bool) -> Iterator[int]:
    """After each character of `text`, the edit distance from `pattern` to the best
    substring ending there (`anchored`: to all of the text read so far).

    Myers' bit-parallel algorithm (J. ACM 46(3), 1999, in Hyyrö's formulation): a column
    of the edit-distance table is kept as bit vectors of its +1/-1 vertical steps, so
    each text character costs a few big-integer operations instead of len(pattern) cells.
    """
    m = len(pattern)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    # Row 0 of the table is all zeros when a match may start anywhere, 0, 1, 2, ... when
    # it must start at the first character: that is the step shifted in at the bottom.
    row0_step = 1 if anchored else 0
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | row0_step) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        yield score


def find_approximate(pattern: str, text: str, *, near: int, max_errors: int) -> Match | None:
    """The substring of `text` fewest edits from `pattern`, if at most `max_errors`.

    Among equally good matches, the one ending nearest to `near + len(pattern)` wins, and
    its start is the one nearest to a span of the pattern's length. Never matches the
    empty string: `max_errors` is capped below the pattern's length.
    """
    m = len(pattern)
    max_errors = min(max_errors, m - 1)
    if max_errors < 0:
        return None
    expected_end = near + m
    best: tuple[int, int, int] | None = None  # (errors, distance from expected end, end)
    for end, errors in enumerate(_scores(pattern, text, anchored=False), start=1):
        if errors <= max_errors:
            candidate = (errors, abs(end - expected_end), end)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        return None
    errors, _, end = best
    return Match(_match_start(pattern, text, end, errors), end, errors)


def _match_start(pattern: str, text: str, end: int, errors: int) -> int:
    """The start of a substring ending at `end` that is `errors` edits from `pattern`."""
    # Read backwards from `end`: the pattern reversed, matched against the text reversed
    # with its start anchored, gives the distance for every start at once. A substring
    # within `errors` edits is at most len(pattern) + errors long.
    m = len(pattern)
    lo = max(0, end - m - errors)
    backwards = reversed(text[lo:end])
    best: tuple[int, int] | None = None  # (distance from a pattern-long span, -length)
    for length, distance in enumerate(_scores(pattern[::-1], backwards, anchored=True), 1):
        if distance <= errors:
            candidate = (abs(length - m), -length)
            if best is None or candidate < best:
                best = candidate
    if best is None:  # cannot happen: going forwards found such a substring
        return max(lo, end - m)
    return end + best[1]


def _distance(a: str, b: str) -> int:
    """The edit distance between `a` and `b`."""
    if not a:
        return len(b)
    distance = len(a)  # the distance to an empty `b`
    for score in _scores(a, b, anchored=True):
        distance = score
    return distance


def _widen(text: str, at: int, step: int) -> int:
    """`at` moved by `step` (-1 or 1) while it cuts a word in two."""
    for _ in range(_MAX_WORD_WIDENING):
        if not (0 < at < len(text) and is_word_char(text[at - 1]) and is_word_char(text[at])):
            break
        at += step
    return at


def _whole_words(quote: TextQuote, text: str, match: Match, max_errors: int) -> Match:
    """The match widened to whole words at each end where the quote has whole words.

    Edit distance alone happily starts a match inside a word: for "shall adopt" made
    "must adopt", "st adopt" is closer than "must adopt". A reviewer quoted words, so
    the anchor should cover words, as long as the widened span stays alike enough.
    """
    start, end = match.start, match.end
    exact = quote.exact
    if not (quote.prefix and is_word_char(quote.prefix[-1]) and is_word_char(exact[0])):
        start = _widen(text, start, -1)
    if not (quote.suffix and is_word_char(quote.suffix[0]) and is_word_char(exact[-1])):
        end = _widen(text, end, 1)
    if (start, end) == (match.start, match.end):
        return match
    errors = _distance(exact, text[start:end])
    return Match(start, end, errors) if errors <= max_errors else match


def _allowed_errors(size: int) -> int:
    return int(size * (1 - FUZZY_THRESHOLD))


def _quote_within(quote: TextQuote, text: str, context: Match) -> Match | None:
    """The quote's match inside `context`, a match of prefix + exact + suffix."""
    # The context match's ends may be off by as many characters as it has errors.
    lo = max(0, context.start - context.errors)
    hi = min(len(text), context.end + context.errors)
    near = context.start + len(quote.prefix) - lo
    max_errors = _allowed_errors(len(quote.exact))
    match = find_approximate(quote.exact, text[lo:hi], near=near, max_errors=max_errors)
    return None if match is None else Match(lo + match.start, lo + match.end, match.errors)


def _fuzzy_match(quote: TextQuote, text: str, near: int) -> Match | None:
    """The quote's best match in `text` near offset `near`, if alike enough."""
    whole = quote.prefix + quote.exact + quote.suffix
    # With its context first: it tells a passage from a lookalike nearby, and is long
    # enough to be searched for even when the quote alone is not.
    if whole != quote.exact and len(whole) >= MIN_FUZZY_CHARS:
        max_errors = _allowed_errors(len(whole))
        context = find_approximate(
            whole, text, near=near - len(quote.prefix), max_errors=max_errors
        )
        match = None if context is None else _quote_within(quote, text, context)
        if match is not None:
            return match
    if len(quote.exact) >= MIN_FUZZY_CHARS:
        max_errors = _allowed_errors(len(quote.exact))
        return find_approximate(quote.exact, text, near=near, max_errors=max_errors)
    return None


def _fuzzy(quote: TextQuote, text: str) -> Anchor:
    """The passage near the old position most like the quote, if alike enough."""
    size = len(quote.exact)
    origin = min(max(quote.start, 0), len(text))
    reach = max(FUZZY_REACH, FUZZY_REACH_QUOTES * size)
    lo = max(0, origin - reach)
    window = text[lo : min(len(text), origin + size + reach)]
    match = _fuzzy_match(quote, window, origin - lo)
    if match is None:
        return ORPHANED
    match = _whole_words(quote, window, match, _allowed_errors(size))
    return Anchor("fuzzy", lo + match.start, lo + match.end)


def reanchor(quote: TextQuote, text: str) -> Anchor:
    """Where the quoted passage stands in `text`: exactly, approximately, or nowhere.

    In order: the quote with its prefix and suffix; the quote alone; a fuzzy match near
    its old position. Where a step finds several places, the one nearest the old start
    wins. Never raises.
    """
    if not quote.exact:
        return ORPHANED
    if quote.prefix or quote.suffix:
        whole = quote.prefix + quote.exact + quote.suffix
        at = _nearest(text, whole, quote.start - len(quote.prefix))
        if at is not None:
            start = at + len(quote.prefix)
            return Anchor("exact", start, start + len(quote.exact))
    alone = _nearest(text, quote.exact, quote.start)
    if alone is not None:
        return Anchor("exact", alone, alone + len(quote.exact))
    return _fuzzy(quote, text)


def replace_once(text: str, anchor: Anchor, replacement: str) -> str:
    """`text` with the anchored passage replaced by `replacement`; ValueError if orphaned."""
    if anchor.start is None or anchor.end is None:
        raise ValueError("an orphaned anchor cannot be replaced")
    if not 0 <= anchor.start <= anchor.end <= len(text):
        raise ValueError(
            f"the anchor {anchor.start}..{anchor.end} lies outside the text "
            f"({len(text)} characters)"
        )
    return text[: anchor.start] + replacement + text[anchor.end :]
