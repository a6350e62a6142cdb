"""Naming a passage: a quote alone, a position alone, or both (W3C selectors)."""

from __future__ import annotations

import pytest

from drafts.errors import InvalidRequest
from drafts.selectors import MAX_CANDIDATES, AmbiguousQuote, Selector, select

TEXT = (
    "Cities lead prevention. Youth are partners in prevention. "
    "Safety is a public good, and prevention is cheaper than repair."
)


def test_a_quote_alone_is_found_where_it_stands_once() -> None:
    quote = select(TEXT, Selector(exact="public good"))
    assert quote.start == TEXT.index("public good")
    assert (quote.prefix, quote.suffix) == ("", "")


def test_a_quote_alone_that_stands_twice_lists_every_candidate() -> None:
    with pytest.raises(AmbiguousQuote) as refused:
        select(TEXT, Selector(exact="prevention"))
    candidates = refused.value.extra["candidates"]
    starts = [c["start"] for c in candidates]
    assert starts == [i for i in range(len(TEXT)) if TEXT.startswith("prevention", i)]
    assert len(starts) == 3 and refused.value.extra["more"] is False
    for c in candidates:
        assert TEXT[c["start"] : c["end"]] == "prevention"
        assert TEXT[: c["start"]].endswith(c["prefix"]) and TEXT[c["end"] :].startswith(c["suffix"])


def test_a_prefix_or_suffix_tells_the_candidates_apart() -> None:
    assert select(TEXT, Selector(exact="prevention", prefix="in ")).start == TEXT.index(
        "in prevention"
    ) + len("in ")
    by_suffix = select(TEXT, Selector(exact="prevention", suffix=" is cheaper"))
    assert by_suffix.start == TEXT.index("prevention is cheaper")
    assert by_suffix.suffix == " is cheaper"


def test_a_start_tells_the_candidates_apart() -> None:
    second = TEXT.index("prevention", 30)
    assert select(TEXT, Selector(exact="prevention", start=second)).start == second


def test_a_quote_that_stands_nowhere_is_refused() -> None:
    with pytest.raises(InvalidRequest, match="does not stand"):
        select(TEXT, Selector(exact="violence"))
    with pytest.raises(InvalidRequest, match="prefix and suffix"):
        select(TEXT, Selector(exact="prevention", prefix="no "))


def test_very_many_candidates_are_capped_and_say_so() -> None:
    text = "a. " * (MAX_CANDIDATES * 3)
    with pytest.raises(AmbiguousQuote) as refused:
        select(text, Selector(exact="a."))
    assert len(refused.value.extra["candidates"]) == MAX_CANDIDATES
    assert refused.value.extra["more"] is True


def test_a_position_alone_takes_the_passage_and_its_context() -> None:
    start = TEXT.index("Youth")
    quote = select(TEXT, Selector(start=start, end=start + len("Youth are partners")))
    assert quote.exact == "Youth are partners"
    assert quote.start == start
    assert quote.prefix == TEXT[:start]  # all 24 characters before it, fewer than 32
    assert len(quote.suffix) == 32
    assert TEXT[start + len(quote.exact) :].startswith(quote.suffix)


@pytest.mark.parametrize(
    "selector",
    [
        Selector(start=5),
        Selector(start=5, end=5),
        Selector(start=10, end=5),
        Selector(start=0, end=len(TEXT) + 1),
        Selector(end=5),
        Selector(),
        Selector(exact=""),
        Selector(exact="Cities", end=6),
    ],
)
def test_a_selector_that_names_no_passage_is_refused(selector: Selector) -> None:
    with pytest.raises(InvalidRequest):
        select(TEXT, selector)


def test_quote_and_position_must_agree() -> None:
    assert select(TEXT, Selector(exact="Cities", start=0, end=6)).start == 0
    with pytest.raises(InvalidRequest) as refused:
        select(TEXT, Selector(exact="public good", start=3))
    # The refusal says where the quote does stand, for a client with a stale offset.
    [candidate] = refused.value.extra["candidates"]
    assert candidate["start"] == TEXT.index("public good")
    with pytest.raises(InvalidRequest):
        select(TEXT, Selector(exact="Cities", start=0, end=7))
