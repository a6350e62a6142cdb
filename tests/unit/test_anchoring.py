"""Finding a reviewer's quote again in later revisions: exactly, fuzzily, or not at all."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from drafts.anchoring import (
    FUZZY_REACH,
    FUZZY_THRESHOLD,
    ORPHANED,
    Anchor,
    Match,
    TextQuote,
    check_quote,
    find_approximate,
    reanchor,
    replace_once,
)

TEXT = (
    "Urban violence is not inevitable.\n\n"
    "Prevention works best when cities lead it, with schools, health services and the "
    "police working from one shared plan.\n\n"
    "Young people must be partners, not targets.\n"
)


def quote_of(text: str, exact: str, context: int = 8) -> TextQuote:
    """The quote a client makes when a reviewer selects `exact` (its only occurrence)."""
    assert text.count(exact) == 1, exact
    start = text.index(exact)
    end = start + len(exact)
    return TextQuote(exact, text[max(0, start - context) : start], text[end : end + context], start)


def anchored(text: str, anchor: Anchor) -> str:
    assert anchor.start is not None and anchor.end is not None
    return text[anchor.start : anchor.end]


# --- check_quote ------------------------------------------------------------------------


def test_a_quote_made_on_the_text_passes_the_check() -> None:
    check_quote(TEXT, quote_of(TEXT, "not inevitable"))
    check_quote(TEXT, TextQuote("Urban", start=0))


def test_an_empty_quote_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        check_quote(TEXT, TextQuote("", start=0))


def test_a_quote_at_the_wrong_offset_is_refused_saying_what_is_there() -> None:
    with pytest.raises(ValueError, match="offset 1 is 'rban ', not the quote 'Urban'"):
        check_quote(TEXT, TextQuote("Urban", start=1))


@pytest.mark.parametrize("start", [-1, len(TEXT) - 2, len(TEXT) + 10])
def test_a_quote_outside_the_text_is_refused(start: int) -> None:
    with pytest.raises(ValueError, match="does not fit"):
        check_quote(TEXT, TextQuote("Urban", start=start))


def test_a_prefix_that_is_not_the_text_before_is_refused() -> None:
    quote = quote_of(TEXT, "not inevitable")
    with pytest.raises(ValueError, match="prefix"):
        check_quote(TEXT, TextQuote(quote.exact, "violence was ", quote.suffix, quote.start))
    with pytest.raises(ValueError, match="prefix"):
        check_quote(TEXT, TextQuote("Urban", "Before ", "", 0))


def test_a_suffix_that_is_not_the_text_after_is_refused() -> None:
    quote = quote_of(TEXT, "not inevitable")
    with pytest.raises(ValueError, match="suffix"):
        check_quote(TEXT, TextQuote(quote.exact, quote.prefix, "!", quote.start))


# --- exact re-anchoring -----------------------------------------------------------------


def test_an_unchanged_text_anchors_the_quote_where_it_was() -> None:
    quote = quote_of(TEXT, "must be partners")
    assert reanchor(quote, TEXT) == Anchor("exact", quote.start, quote.start + 16)


def test_text_inserted_before_the_quote_shifts_the_exact_anchor() -> None:
    quote = quote_of(TEXT, "must be partners")
    new = "Foreword by the chair.\n\n" + TEXT
    anchor = reanchor(quote, new)
    assert anchor.status == "exact" and anchor.found
    assert anchor.start == quote.start + len("Foreword by the chair.\n\n")
    assert anchored(new, anchor) == "must be partners"


def test_an_edit_to_the_context_still_finds_the_quote_exactly() -> None:
    quote = quote_of(TEXT, "must be partners")
    new = TEXT.replace("Young people must", "Youth must")
    assert reanchor(quote, new) == Anchor("exact", new.index("must be"), new.index(", not"))


def test_context_decides_between_two_occurrences_of_the_quote() -> None:
    old = "The council shall adopt a plan.\n\nThe mayor shall adopt a plan.\n"
    start = old.index("shall adopt a plan.\n", 10)
    quote = TextQuote("shall adopt a plan", "The mayor ", ".\n", start)
    # A long paragraph now stands between them: the council's sentence is nearer the old
    # offset than the mayor's, but only the mayor's has the quoted context.
    new = old.replace("\n\nThe mayor", "\n\n" + "Background. " * 40 + "\n\nThe mayor")
    assert reanchor(TextQuote(quote.exact, start=start), new).start == new.index("shall")
    anchor = reanchor(quote, new)
    assert anchor.status == "exact"
    assert anchor.start == new.index("The mayor shall") + len("The mayor ")


def test_without_its_context_the_occurrence_nearest_the_old_offset_wins() -> None:
    old = "The council shall adopt a plan. The mayor shall adopt a plan. The end."
    start = old.index("shall adopt", 20)
    quote = TextQuote("shall adopt a plan", "The mayor ", ". The", start)
    new = old.replace("The mayor", "The city")  # context gone from both
    assert reanchor(quote, new).start == new.index("shall adopt", 20)
    assert reanchor(TextQuote("shall adopt a plan", start=0), new).start == old.index("shall")


def test_an_equally_near_pair_resolves_to_the_earlier_occurrence() -> None:
    text = "plan--plan"
    assert reanchor(TextQuote("plan", start=3), text).start == 0


# --- fuzzy re-anchoring -----------------------------------------------------------------


def test_a_quote_with_a_word_changed_is_found_fuzzily_covering_the_edited_words() -> None:
    exact = "cities lead it, with schools, health services and the police"
    quote = quote_of(TEXT, exact)
    new = TEXT.replace("health services", "social services")
    anchor = reanchor(quote, new)
    assert anchor.status == "fuzzy" and anchor.found
    assert anchored(new, anchor) == exact.replace("health", "social")


def test_a_word_changed_at_the_start_of_the_quote_is_covered_whole() -> None:
    quote = quote_of(TEXT, "must be partners, not targets")
    new = TEXT.replace("must be", "shall be")
    anchor = reanchor(quote, new)
    # By edit distance alone "all be partners" is as near as "shall be partners".
    assert anchor.status == "fuzzy"
    assert anchored(new, anchor) == "shall be partners, not targets"


def test_words_inserted_into_the_quote_are_found_fuzzily() -> None:
    quote = quote_of(TEXT, "Young people must be partners")
    new = TEXT.replace("must be partners", "must be equal partners")
    anchor = reanchor(quote, new)
    assert anchor.status == "fuzzy"
    assert anchored(new, anchor) == "Young people must be equal partners"


def test_a_fuzzy_quote_is_found_after_text_inserted_before_it() -> None:
    quote = quote_of(TEXT, "Prevention works best when cities lead it")
    new = "A new opening paragraph.\n\n" + TEXT.replace("works best", "works better")
    anchor = reanchor(quote, new)
    assert anchor.status == "fuzzy"
    assert anchored(new, anchor) == "Prevention works better when cities lead it"


def test_a_deleted_quote_is_orphaned() -> None:
    quote = quote_of(TEXT, "Urban violence is not inevitable.")
    new = TEXT.replace("Urban violence is not inevitable.\n\n", "")
    anchor = reanchor(quote, new)
    assert anchor == ORPHANED and not anchor.found
    assert (anchor.start, anchor.end) == (None, None)


def test_a_quote_rewritten_beyond_recognition_is_orphaned() -> None:
    quote = quote_of(TEXT, "Young people must be partners, not targets.")
    new = TEXT.replace(
        "Young people must be partners, not targets.",
        "Programmes should involve the young from the design stage onwards.",
    )
    assert reanchor(quote, new) == ORPHANED


def test_a_quote_with_most_of_its_words_changed_is_orphaned() -> None:
    quote = quote_of(TEXT, "one shared plan")
    assert reanchor(quote, TEXT.replace("one shared plan", "two common plans")) == ORPHANED


DEFENCE = "Members agreed on a national defence policy and a shared budget.\n"


def test_a_short_quote_is_found_fuzzily_through_its_context() -> None:
    quote = quote_of(DEFENCE, "defence", context=9)
    new = DEFENCE.replace("defence", "defense")
    anchor = reanchor(quote, new)
    assert anchor.status == "fuzzy"
    assert anchored(new, anchor) == "defense"


def test_the_context_tells_a_short_quote_from_a_lookalike_nearer_its_old_place() -> None:
    quote = quote_of(DEFENCE, "defence", context=9)
    new = "The defense budget grew.\n" + DEFENCE.replace("defence", "defense")
    anchor = reanchor(TextQuote(quote.exact, quote.prefix, quote.suffix, 0), new)
    assert anchor.start == new.index("defense policy")


def test_a_short_quote_without_context_is_only_ever_found_exactly() -> None:
    quote = TextQuote("defence", start=DEFENCE.index("defence"))
    assert reanchor(quote, DEFENCE.replace("defence", "defense")) == ORPHANED


def test_a_short_quote_whose_context_changed_too_is_orphaned() -> None:
    quote = quote_of(DEFENCE, "defence", context=9)
    new = DEFENCE.replace("national defence policy", "federal defense strategy")
    assert reanchor(quote, new) == ORPHANED


def test_the_fuzzy_search_stays_near_the_old_position() -> None:
    exact = "Prevention works best when cities lead it"
    edited = exact.replace("best", "better")
    filler = "Background material. " * (FUZZY_REACH // 10)
    quote = TextQuote(exact, "", ".", 0)  # made on exact + ".\n\n" + filler
    far = "Other text.\n\n" + filler + edited + ".\n"
    assert reanchor(quote, far) == ORPHANED
    near = "Other text.\n\n" + edited + ".\n\n" + filler
    assert reanchor(quote, near).status == "fuzzy"


def test_an_empty_quote_is_orphaned() -> None:
    assert reanchor(TextQuote("", start=3), TEXT) == ORPHANED


def test_a_quote_on_an_empty_text_is_orphaned() -> None:
    assert reanchor(TextQuote("Urban violence", start=0), "") == ORPHANED


# --- other scripts ----------------------------------------------------------------------

ARABIC = "العنف في المدن ليس حتمياً.\n\nالوقاية تنجح عندما تقودها المدن.\n"
CHINESE = "城市暴力并非不可避免。\n\n当城市主导预防工作时，预防效果最好。\n"


def test_an_arabic_quote_follows_text_inserted_before_it() -> None:
    quote = quote_of(ARABIC, "تنجح عندما تقودها المدن")
    new = "مقدمة الرئيس.\n\n" + ARABIC
    anchor = reanchor(quote, new)
    assert anchor.status == "exact"
    assert anchored(new, anchor) == "تنجح عندما تقودها المدن"


def test_an_arabic_quote_with_a_word_changed_is_found_fuzzily() -> None:
    quote = quote_of(ARABIC, "الوقاية تنجح عندما تقودها المدن")
    new = ARABIC.replace("تقودها", "تديرها")
    anchor = reanchor(quote, new)
    assert anchor.status == "fuzzy"
    assert anchored(new, anchor) == "الوقاية تنجح عندما تديرها المدن"


def test_a_chinese_quote_follows_text_inserted_before_it() -> None:
    quote = quote_of(CHINESE, "预防效果最好")
    new = "主席前言。\n\n" + CHINESE
    assert anchored(new, reanchor(quote, new)) == "预防效果最好"
    assert reanchor(quote, new).start == quote.start + len("主席前言。\n\n")


def test_a_chinese_quote_with_a_character_changed_is_found_fuzzily() -> None:
    quote = quote_of(CHINESE, "当城市主导预防工作时")
    new = CHINESE.replace("主导", "领导")
    anchor = reanchor(quote, new)
    assert anchor.status == "fuzzy"
    assert anchored(new, anchor) == "当城市领导预防工作时"


def test_a_deleted_chinese_quote_is_orphaned() -> None:
    quote = quote_of(CHINESE, "城市暴力并非不可避免。")
    assert reanchor(quote, CHINESE.replace("城市暴力并非不可避免。\n\n", "")) == ORPHANED


# --- large bodies -----------------------------------------------------------------------


def test_reanchoring_in_a_two_megabyte_body_finishes() -> None:
    paragraph = "Prevention works best when cities lead it, with schools and the police. "
    body = paragraph * (2 * 1024 * 1024 // len(paragraph))
    middle = len(body) // 2
    exact = "The quoted sentence sits in the middle of the body."
    old = body[:middle] + exact + body[middle:]
    quote = TextQuote(exact, old[middle - 8 : middle], old[middle + len(exact) :][:8], middle)
    assert reanchor(quote, "Preface. " + old).status == "exact"
    edited = old.replace("sits in the middle", "sits at the middle")
    assert reanchor(quote, edited).status == "fuzzy"
    assert reanchor(quote, body) == ORPHANED
    # A quote near the limit of the comment API, looked for where it is not.
    long_quote = TextQuote("A long quoted passage. " * 200, start=middle)
    assert reanchor(long_quote, body) == ORPHANED


def levenshtein(a: str, b: str) -> int:
    """The edit distance, the slow and obvious way."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


# --- properties -------------------------------------------------------------------------


@st.composite
def texts_and_quotes(draw: st.DrawFn) -> tuple[str, TextQuote]:
    text = draw(st.text(alphabet=st.sampled_from("ab \n城é"), min_size=1, max_size=60))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    context = draw(st.integers(0, 6))
    prefix, suffix = text[max(0, start - context) : start], text[end : end + context]
    return text, TextQuote(text[start:end], prefix, suffix, start)


@given(texts_and_quotes())
def test_a_quote_made_on_a_text_passes_the_check_and_anchors_where_it_was(
    case: tuple[str, TextQuote],
) -> None:
    text, quote = case
    check_quote(text, quote)
    assert reanchor(quote, text) == Anchor("exact", quote.start, quote.start + len(quote.exact))


@given(texts_and_quotes(), st.text(max_size=20))
def test_an_exact_anchor_points_at_the_quote(case: tuple[str, TextQuote], before: str) -> None:
    text, quote = case
    anchor = reanchor(quote, before + text)
    assert anchor.status == "exact"
    assert anchored(before + text, anchor) == quote.exact


@given(
    st.text(max_size=30),
    st.text(max_size=5),
    st.text(max_size=5),
    st.integers(-50, 100),
    st.text(max_size=60),
)
def test_reanchoring_never_raises_and_stays_inside_the_text(
    exact: str, prefix: str, suffix: str, start: int, text: str
) -> None:
    anchor = reanchor(TextQuote(exact, prefix, suffix, start), text)
    if anchor.found:
        assert anchor.start is not None and anchor.end is not None
        assert 0 <= anchor.start < anchor.end <= len(text)
        if anchor.status == "exact":
            assert text[anchor.start : anchor.end] == exact
    else:
        assert anchor == ORPHANED


@st.composite
def edited_quotes(draw: st.DrawFn) -> tuple[TextQuote, str]:
    """A quote of 20 or more characters, and its text with a few characters edited."""
    text = draw(st.text(alphabet="abcd \n", min_size=20, max_size=80))
    start = draw(st.integers(0, len(text) - 20))
    end = draw(st.integers(start + 20, len(text)))
    context = draw(st.integers(0, 8))
    quote = TextQuote(
        text[start:end], text[max(0, start - context) : start], text[end : end + context], start
    )
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 2))
        text = text[:at] + draw(st.text(alphabet="abcdé ", max_size=2)) + text[at + cut :]
    return quote, text


@given(edited_quotes())
def test_a_fuzzy_anchor_is_within_the_threshold_of_the_quote(case: tuple[TextQuote, str]) -> None:
    quote, text = case
    anchor = reanchor(quote, text)
    if anchor.status == "fuzzy":
        passage = anchored(text, anchor)
        assert levenshtein(quote.exact, passage) <= len(quote.exact) * (1 - FUZZY_THRESHOLD)


_SMALL = st.text(alphabet="abc", max_size=12)


@given(st.text(alphabet="abc", min_size=1, max_size=8), _SMALL, st.integers(0, 12))
def test_the_approximate_search_finds_the_fewest_edits(pattern: str, text: str, near: int) -> None:
    match = find_approximate(pattern, text, near=near, max_errors=len(pattern))
    best = min(
        levenshtein(pattern, text[i:j])
        for i in range(len(text) + 1)
        for j in range(i, len(text) + 1)
    )
    if best >= len(pattern):  # only the empty string, which is never a match
        assert match is None
        return
    assert match is not None
    assert match.errors == best == levenshtein(pattern, text[match.start : match.end])
    assert match.start < match.end


@given(st.text(alphabet="abc", min_size=1, max_size=8), _SMALL, st.integers(0, 3))
def test_the_approximate_search_respects_the_error_limit(
    pattern: str, text: str, max_errors: int
) -> None:
    match = find_approximate(pattern, text, near=0, max_errors=max_errors)
    assume(match is not None)
    assert match is not None and match.errors <= max_errors


def test_the_approximate_search_prefers_the_match_nearest_the_old_position() -> None:
    text = "plan one, plam two, plam three"
    assert find_approximate("plan", text, near=0, max_errors=1) == Match(0, 4, 0)
    assert find_approximate("plax", text, near=22, max_errors=1) == Match(20, 24, 1)


# --- replace_once -----------------------------------------------------------------------


def test_replace_once_replaces_the_anchored_passage_only() -> None:
    text = "a plan, a plan"
    assert replace_once(text, Anchor("exact", 10, 14), "strategy") == "a plan, a strategy"


def test_replace_once_replaces_a_fuzzy_anchor_found_by_reanchor() -> None:
    quote = quote_of(TEXT, "must be partners")
    new = TEXT.replace("must be partners", "must become partners")
    replaced = replace_once(new, reanchor(quote, new), "are partners")
    assert "Young people are partners, not targets." in replaced


def test_an_orphaned_anchor_cannot_be_replaced() -> None:
    with pytest.raises(ValueError, match="orphaned"):
        replace_once(TEXT, ORPHANED, "x")


def test_an_anchor_outside_the_text_cannot_be_replaced() -> None:
    with pytest.raises(ValueError, match="outside"):
        replace_once("short", Anchor("exact", 3, 10), "x")
