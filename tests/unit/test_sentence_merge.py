"""Merging at the sentence (and, for Chinese, at the character): realistic paragraphs in
English, Arabic and Chinese, and properties of the merge found by Hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.merge import merge3, sentences

EN = (
    "Urban violence is not inevitable. Prevention works best when cities lead it, "
    "e.g. in Medellín and Cape Town. Young people must be partners, not targets.\n\n"
    "Data guides policy.\n"
)
AR = (
    "العنف الحضري ليس حتمياً. تنجح الوقاية عندما تقودها المدن. يجب أن يكون الشباب شركاء لا أهدافاً.\n"
)
ZH = "城市暴力并非不可避免。当城市主导预防工作时，预防效果最好。青年必须是伙伴，而不是目标。\n"


def test_two_sentences_of_one_english_paragraph_merge() -> None:
    mine = EN.replace("is not inevitable", "can be prevented")
    theirs = EN.replace("must be partners", "must become partners")
    result = merge3(EN, mine, theirs, "en")
    assert result.clean
    assert result.text == EN.replace("is not inevitable", "can be prevented").replace(
        "must be partners", "must become partners"
    )


def test_an_abbreviation_does_not_split_a_sentence_in_two() -> None:
    # "e.g." ends no sentence: edits on either side of it are in one sentence, a conflict.
    mine = EN.replace("works best", "works well")
    theirs = EN.replace("Cape Town", "Nairobi")
    result = merge3(EN, mine, theirs, "en")
    assert not result.clean
    [hunk] = result.conflicts
    assert hunk.base == (EN.split("\n")[0],)
    assert hunk.current == (mine.split("\n")[0],) and hunk.proposed == (theirs.split("\n")[0],)


def test_the_same_sentence_edited_differently_is_still_a_conflict_hunk() -> None:
    mine = EN.replace("not targets", "never targets")
    theirs = EN.replace("not targets", "not suspects")
    result = merge3(EN, mine, theirs, "en")
    assert not result.clean and result.text is None
    [hunk] = result.conflicts
    assert hunk.base_start == 0
    assert "never targets" in hunk.current[0] and "not suspects" in hunk.proposed[0]


def test_two_sentences_of_one_arabic_paragraph_merge() -> None:
    mine = AR.replace("ليس حتمياً", "يمكن منعه")
    theirs = AR.replace("شركاء", "شركاء فاعلين")
    result = merge3(AR, mine, theirs, "ar")
    assert result.clean
    assert result.text == AR.replace("ليس حتمياً", "يمكن منعه").replace("شركاء", "شركاء فاعلين")


def test_chinese_merges_character_by_character_inside_one_sentence() -> None:
    # Both edits are in the second sentence, ten characters apart.
    mine = ZH.replace("当城市", "当各城市")
    theirs = ZH.replace("效果最好", "效果最佳")
    result = merge3(ZH, mine, theirs, "zh")
    assert result.clean
    assert result.text == ZH.replace("当城市", "当各城市").replace("效果最好", "效果最佳")


def test_chinese_edits_of_the_same_characters_conflict() -> None:
    mine = ZH.replace("效果最好", "效果最佳")
    theirs = ZH.replace("效果最好", "效果更好")
    assert not merge3(ZH, mine, theirs, "zh").clean


def test_a_rewritten_chinese_sentence_is_not_mixed_with_an_edit_inside_it() -> None:
    # The rewrite keeps a character of the old sentence here and there; the edit falls
    # between them. Mixing both would make a sentence nobody wrote: it is a conflict.
    mine = ZH.replace("当城市主导预防工作时，预防效果最好。", "城市主导时预防最有效。")
    theirs = ZH.replace("预防工作", "预防行动")
    assert not merge3(ZH, mine, theirs, "zh").clean


def test_english_is_not_merged_inside_a_sentence() -> None:
    mine = EN.replace("Urban violence", "Violence in cities")
    theirs = EN.replace("not inevitable", "avoidable")
    assert not merge3(EN, mine, theirs, "en").clean


def test_sentences_join_back_to_the_text() -> None:
    for text, lang in ((EN, "en"), (AR, "ar"), (ZH, "zh")):
        found = sentences(text, lang)
        assert "".join(found) == text and len(found) >= 3


# --- properties ---------------------------------------------------------------------------

WORDS = ["cities", "peace", "youth", "data", "policy", "safety", "prevention", "partners"]
sentence = st.lists(st.sampled_from(WORDS), min_size=2, max_size=6).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
# A text: paragraphs of sentences, none said twice (a repeated sentence makes where an
# edit stands ambiguous for any diff, git's too); each is addressed by (paragraph, index).
text_shape = st.lists(st.lists(sentence, min_size=1, max_size=4), min_size=1, max_size=4).filter(
    lambda ps: len({s for p in ps for s in p}) == sum(map(len, ps))
)


def render(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


def edited(paragraphs: list[list[str]], edits: dict[tuple[int, int], str]) -> str:
    return render(
        [[edits.get((i, j), s) for j, s in enumerate(p)] for i, p in enumerate(paragraphs)]
    )


@st.composite
def two_edits_apart(draw: st.DrawFn) -> tuple[list[list[str]], dict, dict]:
    """A text and two sets of sentence replacements that touch different sentences."""
    paragraphs = draw(text_shape.filter(lambda ps: sum(map(len, ps)) >= 2))
    places = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))]
    chosen = draw(
        st.lists(st.sampled_from(places), min_size=2, max_size=min(6, len(places)), unique=True)
    )
    split = draw(st.integers(1, len(chosen) - 1))

    said = {s for p in paragraphs for s in p}

    def replacement(place: tuple[int, int]) -> str:
        new = draw(sentence.filter(lambda s: s not in said))
        said.add(new)
        return new

    mine = {p: replacement(p) for p in chosen[:split]}
    theirs = {p: replacement(p) for p in chosen[split:]}
    return paragraphs, mine, theirs


@settings(max_examples=150, deadline=None)
@given(two_edits_apart())
def test_a_merge_of_edits_to_different_sentences_contains_both(
    case: tuple[list[list[str]], dict, dict],
) -> None:
    paragraphs, mine, theirs = case
    base = render(paragraphs)
    result = merge3(base, edited(paragraphs, mine), edited(paragraphs, theirs), "en")
    assert result.clean, result.conflicts
    assert result.text == edited(paragraphs, {**mine, **theirs})


@settings(max_examples=100, deadline=None)
@given(text_shape, st.data())
def test_merging_is_symmetric_and_a_side_equal_to_the_base_gives_the_other(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    base = render(paragraphs)
    places = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))]
    said = {s for p in paragraphs for s in p}
    pick = st.dictionaries(
        st.sampled_from(places), sentence.filter(lambda s: s not in said), max_size=3
    )
    mine, theirs = edited(paragraphs, data.draw(pick)), edited(paragraphs, data.draw(pick))
    one, other = merge3(base, mine, theirs, "en"), merge3(base, theirs, mine, "en")
    assert one.clean == other.clean
    if one.clean:
        assert one.text == other.text
        assert all(s in (one.text or "") for s in set(mine.split()) - set(base.split()))
    assert merge3(base, base, theirs, "en").text == theirs
    assert merge3(base, mine, base, "en").text == mine
    assert merge3(base, mine, mine, "en").text == mine


CHARS = "城市和平青年数据政策安全预防伙伴发展合作"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(CHARS, min_size=8, max_size=20), min_size=1, max_size=3),
    st.data(),
)
def test_chinese_edits_far_enough_apart_in_one_sentence_both_survive(
    parts: list[str], data: st.DataObject
) -> None:
    base = "。".join(parts) + "。\n"
    length = len(base) - 2
    first = data.draw(st.integers(0, length - 1))
    second = data.draw(st.integers(0, length - 1).filter(lambda i: abs(i - first) > 6))
    if base[first] == "。" or base[second] == "。":
        return

    def put(text: str, at: int, char: str) -> str:
        return text[:at] + char + text[at + 1 :]

    mine, theirs = put(base, first, "甲"), put(base, second, "乙")
    if mine == base or theirs == base:
        return
    result = merge3(base, mine, theirs, "zh")
    assert result.clean, result.conflicts
    assert result.text == put(put(base, first, "甲"), second, "乙")
