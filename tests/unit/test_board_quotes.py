"""Words selected on the rendered page are found again in the Markdown they came from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafts.anchoring import check_quote
from services.board.quotes import locate_selection

BODY = (
    'Cities *must* act -- now. See [the report](https://example.org/r) and "this".\n\n'
    "Cities must act again, and soon."
)


def test_plain_words_are_found_as_they_stand() -> None:
    quote = locate_selection(BODY, "act again", "Cities must ", ", and")
    assert quote is not None
    assert quote.exact == "act again"
    check_quote(BODY, quote)


def test_the_context_picks_which_of_two_equal_passages_was_selected() -> None:
    second = locate_selection(BODY, "Cities must act", "", " again")
    first = locate_selection(BODY, "Cities must act", "", " – now")
    assert second is not None and first is not None
    assert second.start == BODY.index("Cities must act again")
    assert first.start == 0
    assert first.exact == "Cities *must* act"


def test_typographic_quotes_and_dashes_of_the_page_match_the_plain_markdown() -> None:
    quote = locate_selection(BODY, "act – now. See the report and “this”")
    assert quote is not None
    assert quote.exact == 'act -- now. See [the report](https://example.org/r) and "this"'
    check_quote(BODY, quote)


def test_a_selection_cutting_emphasis_in_half_takes_the_whole_span() -> None:
    quote = locate_selection(BODY, "must act", "Cities ", " – now")
    assert quote is not None
    assert quote.exact == "*must* act"


def test_words_across_paragraphs_match_across_the_blank_line() -> None:
    quote = locate_selection(BODY, "“this”.\nCities must")
    assert quote is not None
    assert quote.exact == '"this".\n\nCities must'


@pytest.mark.parametrize("selected", ["", "   ", "not in the text", "Cities must not"])
def test_words_not_in_the_text_are_not_found(selected: str) -> None:
    assert locate_selection(BODY, selected) is None


@given(st.text(alphabet="abc *_-\n", min_size=1, max_size=60), st.data())
def test_any_found_quote_stands_in_the_text_with_its_context(
    body: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    quote = locate_selection(body, body[start:end], body[max(0, start - 8) : start])
    if quote is not None:
        check_quote(body, quote)
