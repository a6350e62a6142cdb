"""Naming a passage of a revision as the W3C Web Annotation model does.

A client names the passage it comments on with a TextQuoteSelector (`exact`, with an
optional `prefix` and `suffix`), a TextPositionSelector (`start`, `end`), or both. The
model lets either stand alone, so both are accepted alone:

- a quote alone is found in the text; when it (with its context) stands in more than
  one place and nothing tells them apart, the request is refused with every candidate
  listed, so the client can send the one it meant by its `start`;
- a position alone takes the text between `start` and `end` as the quote, with up to
  CONTEXT_CHARS characters on either side as its context, so that the comment can be
  found again in later revisions like any other;
- both must agree: the quote stands at `start` (and ends at `end`, if given).

Offsets count characters (code points) of the text, as everywhere in Accord.
"""

from __future__ import annotations

from dataclasses import dataclass

from drafts.anchoring import TextQuote, check_quote
from drafts.errors import InvalidRequest

# How much context a position-only selector is given, and a candidate shows: enough to
# tell two places apart in ordinary prose, short enough to read in a list.
CONTEXT_CHARS = 32
# Candidates listed when a quote is ambiguous; past this the answer says there are more.
MAX_CANDIDATES = 20


class AmbiguousQuote(InvalidRequest):
    """A quote that stands in several places of the text, none of them singled out."""

    code = "ambiguous-quote"
    title = "The quote stands in more than one place"


@dataclass(frozen=True)
class Selector:
    """What a client sent to name a passage; any part may be missing."""

    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


def _candidate(text: str, start: int, end: int) -> dict[str, object]:
    return {
        "start": start,
        "end": end,
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }


def occurrences(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[int]:
    """The starts of `exact` in `text` where its prefix and suffix stand around it,
    up to MAX_CANDIDATES + 1 of them (enough to tell one, several, and too many)."""
    found: list[int] = []
    at = text.find(exact)
    while at != -1 and len(found) <= MAX_CANDIDATES:
        end = at + len(exact)
        if text.endswith(prefix, 0, at) and text.startswith(suffix, end):
            found.append(at)
        at = text.find(exact, at + 1)
    return found


def _by_quote(text: str, selector: Selector, exact: str) -> TextQuote:
    starts = occurrences(text, exact, selector.prefix, selector.suffix)
    if not starts:
        where = " with that prefix and suffix" if selector.prefix or selector.suffix else ""
        raise InvalidRequest(f"the quote does not stand in the text{where}")
    if len(starts) > 1:
        shown = starts[:MAX_CANDIDATES]
        many = len(starts) > MAX_CANDIDATES
        count = f"more than {MAX_CANDIDATES}" if many else str(len(starts))
        raise AmbiguousQuote(
            f"the quote stands in {count} places; send the start of the one you mean, "
            "or a longer prefix or suffix",
            candidates=[_candidate(text, s, s + len(exact)) for s in shown],
            more=many,
        )
    return TextQuote(exact, selector.prefix, selector.suffix, starts[0])


def _by_position(text: str, selector: Selector, start: int) -> TextQuote:
    end = selector.end
    if end is None:
        raise InvalidRequest("a position without a quote needs both start and end")
    if not 0 <= start < end <= len(text):
        raise InvalidRequest(
            f"the position {start}..{end} is not a passage of the text ({len(text)} characters)"
        )
    exact = text[start:end]
    prefix = selector.prefix or text[max(0, start - CONTEXT_CHARS) : start]
    suffix = selector.suffix or text[end : end + CONTEXT_CHARS]
    quote = TextQuote(exact, prefix, suffix, start)
    _check(text, quote)
    return quote


def _check(text: str, quote: TextQuote) -> None:
    try:
        check_quote(text, quote)
    except ValueError as error:
        # Where the quote does stand, so that a client with a stale offset can choose.
        starts = occurrences(text, quote.exact, quote.prefix, quote.suffix) if quote.exact else []
        candidates = [_candidate(text, s, s + len(quote.exact)) for s in starts[:MAX_CANDIDATES]]
        raise InvalidRequest(str(error), candidates=candidates) from None


def select(text: str, selector: Selector) -> TextQuote:
    """The quote (with its start) that `selector` names in `text`; InvalidRequest (or
    AmbiguousQuote, listing the candidates) when it names none or several."""
    exact, start = selector.exact, selector.start
    if exact is not None and not exact:
        raise InvalidRequest("the quote is empty")
    if exact is None and start is None:
        raise InvalidRequest(
            "a new thread names what it is about: a quote (exact), a position (start and "
            "end), or both"
        )
    if exact is None:
        assert start is not None
        return _by_position(text, selector, start)
    if start is None:
        if selector.end is not None:
            raise InvalidRequest("end without start: send start too, or the quote alone")
        return _by_quote(text, selector, exact)
    if selector.end is not None and selector.end != start + len(exact):
        raise InvalidRequest(
            f"end ({selector.end}) is not where the quote ends ({start + len(exact)})"
        )
    quote = TextQuote(exact, selector.prefix, selector.suffix, start)
    _check(text, quote)
    return quote
