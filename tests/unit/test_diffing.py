"""Line and word differences between revisions, in every language of the paper."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from drafts.diffing import (
    MAX_WORD_DIFF_TOKENS,
    WordChange,
    opcodes,
    split_lines,
    tokenize,
    unified_diff,
    word_diff,
)

OLD = "Urban violence is not inevitable.\n\nSafety is a public good.\n\nCities lead.\n"
NEW = "Urban violence is not inevitable.\n\nSafety is a common good.\n\nCities lead.\n"

NO_NEWLINE = "\\ No newline at end of file"
_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def patch(old: str, diff: str) -> str:
    """`old` with a unified diff applied, as `patch` does, checking every old line."""
    old_lines = split_lines(old)
    rows = diff.split("\n")[2:-1]  # past the two label lines; the diff ends with "\n"
    out: list[str] = []
    at = 0
    for i, row in enumerate(rows):
        header = _HUNK.fullmatch(row)
        if header:
            start = int(header[1]) - (0 if header[2] == "0" else 1)
            out += old_lines[at:start]
            at = start
            continue
        if row == NO_NEWLINE:
            continue
        line = row[1:] + ("" if rows[i + 1 : i + 2] == [NO_NEWLINE] else "\n")
        if row[0] == "+":
            out.append(line)
            continue
        assert old_lines[at] == line, f"{row!r} does not match old line {at}"
        at += 1
        if row[0] == " ":
            out.append(line)
    return "".join(out + old_lines[at:])


def ops(changes: list[WordChange]) -> list[tuple[str, str]]:
    return [(c.op, c.text) for c in changes]


# --- line diffs -------------------------------------------------------------------------


def test_identical_texts_have_an_empty_unified_diff() -> None:
    assert unified_diff(OLD, OLD, "a", "b") == ""


def test_the_unified_diff_prints_labels_hunk_headers_and_context() -> None:
    assert unified_diff(OLD, NEW, "intro/en@1", "intro/en@2") == (
        "--- intro/en@1\n"
        "+++ intro/en@2\n"
        "@@ -1,5 +1,5 @@\n"
        " Urban violence is not inevitable.\n"
        " \n"
        "-Safety is a public good.\n"
        "+Safety is a common good.\n"
        " \n"
        " Cities lead.\n"
    )


def test_the_context_argument_sets_the_lines_around_each_change() -> None:
    diff = unified_diff(OLD, NEW, "a", "b", context=0)
    assert (
        diff == "--- a\n+++ b\n@@ -3 +3 @@\n-Safety is a public good.\n+Safety is a common good.\n"
    )


def test_a_missing_final_newline_is_marked_as_diff_does() -> None:
    diff = unified_diff("one\ntwo", "one\ntwo\n", "a", "b")
    assert diff == (
        "--- a\n+++ b\n@@ -1,2 +1,2 @@\n one\n-two\n\\ No newline at end of file\n+two\n"
    )


def test_a_first_text_diffs_as_all_added() -> None:
    assert unified_diff("", "one\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+one\n"


def test_only_a_newline_ends_a_line_in_the_diff() -> None:
    diff = unified_diff("one\u2028two\n", "one\u2028TWO\n", "a", "b")
    assert diff.endswith("-one\u2028two\n+one\u2028TWO\n")


def test_split_lines_keeps_every_character() -> None:
    assert split_lines("a\nb\r\nc\u2028d") == ["a\n", "b\r\n", "c\u2028d"]
    assert split_lines("a\n") == ["a\n"]
    assert split_lines("") == []


def test_opcodes_match_the_unchanged_ends_and_diff_the_middle() -> None:
    a = ["same"] * 5 + ["old"] + ["same"] * 5
    b = ["same"] * 5 + ["new", "newer"] + ["same"] * 5
    assert opcodes(a, b) == [
        ("equal", 0, 5, 0, 5),
        ("replace", 5, 6, 5, 7),
        ("equal", 6, 11, 7, 12),
    ]


_LINES = st.lists(st.sampled_from(["a", "b", "c", "", " x", "-y", "\\ z", "\r"]), max_size=12)
_TEXT = st.builds(lambda lines, end: "\n".join(lines) + end, _LINES, st.sampled_from(["", "\n"]))


@given(_TEXT, _TEXT, st.integers(0, 3))
def test_applying_the_unified_diff_to_the_old_text_gives_the_new(
    old: str, new: str, context: int
) -> None:
    assert patch(old, unified_diff(old, new, "a", "b", context)) == new


@given(st.lists(st.text(max_size=3), max_size=12), st.lists(st.text(max_size=3), max_size=12))
def test_opcodes_turn_one_sequence_into_the_other(a: list[str], b: list[str]) -> None:
    rebuilt: list[str] = []
    at = 0
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        assert i1 == at
        rebuilt += a[i1:i2] if tag == "equal" else b[j1:j2]
        at = i2
    assert at == len(a) and rebuilt == b


# --- tokens -----------------------------------------------------------------------------


def test_words_whitespace_and_punctuation_are_tokens() -> None:
    assert tokenize("Safety, in cities:  a good.") == [
        "Safety",
        ",",
        " ",
        "in",
        " ",
        "cities",
        ":",
        "  ",
        "a",
        " ",
        "good",
        ".",
    ]


def test_chinese_and_japanese_are_one_token_per_character() -> None:
    assert tokenize("城市安全。") == ["城", "市", "安", "全", "。"]
    assert tokenize("安全なまち") == ["安", "全", "な", "ま", "ち"]


def test_a_latin_word_next_to_chinese_is_a_word_of_its_own() -> None:
    assert tokenize("使用AI技术") == ["使", "用", "AI", "技", "术"]


def test_arabic_words_keep_their_vowel_marks() -> None:
    assert tokenize("كَتَبَ الوَلَدُ") == ["كَتَبَ", " ", "الوَلَدُ"]


def test_cyrillic_words_are_words_even_with_a_stress_mark() -> None:
    assert tokenize("Безопа\u0301сность — благо.") == [
        "Безопа\u0301сность",
        " ",
        "—",
        " ",
        "благо",
        ".",
    ]


def test_a_decomposed_accent_stays_in_its_word() -> None:
    assert tokenize("cafe\u0301 noir") == ["cafe\u0301", " ", "noir"]


def test_markdown_emphasis_is_not_part_of_the_word() -> None:
    assert tokenize("_word_ **bold**") == ["_", "word", "_", " ", "*", "*", "bold", "*", "*"]


# --- word diffs -------------------------------------------------------------------------


def test_a_replaced_word_is_one_deletion_and_one_insertion() -> None:
    assert ops(word_diff("Safety is a public good.", "Safety is a common good.")) == [
        ("equal", "Safety is a "),
        ("delete", "public"),
        ("insert", "common"),
        ("equal", " good."),
    ]


def test_changes_in_separate_paragraphs_are_reported_word_by_word() -> None:
    old = "Urban violence is not inevitable.\n\nSafety is a public good.\n"
    new = "Urban violence is never inevitable.\n\nSafety is a common good.\n"
    assert ops(word_diff(old, new)) == [
        ("equal", "Urban violence is "),
        ("delete", "not"),
        ("insert", "never"),
        ("equal", " inevitable.\n\nSafety is a "),
        ("delete", "public"),
        ("insert", "common"),
        ("equal", " good.\n"),
    ]


def test_a_changed_punctuation_mark_is_the_only_change() -> None:
    assert ops(word_diff("Cities lead.", "Cities lead!")) == [
        ("equal", "Cities lead"),
        ("delete", "."),
        ("insert", "!"),
    ]


def test_a_chinese_edit_marks_only_the_changed_characters() -> None:
    assert ops(word_diff("各城市应当制定安全计划。", "各城市应当制定和平计划。")) == [
        ("equal", "各城市应当制定"),
        ("delete", "安全"),
        ("insert", "和平"),
        ("equal", "计划。"),
    ]


def test_an_arabic_edit_replaces_the_whole_word() -> None:
    assert ops(word_diff("الأمن منفعة عامة.", "الأمن منفعة مشتركة.")) == [
        ("equal", "الأمن منفعة "),
        ("delete", "عامة"),
        ("insert", "مشتركة"),
        ("equal", "."),
    ]


def test_a_russian_edit_replaces_the_whole_word() -> None:
    old = "Безопасность — общественное благо."
    new = "Безопасность — общее благо."
    assert ops(word_diff(old, new)) == [
        ("equal", "Безопасность — "),
        ("delete", "общественное"),
        ("insert", "общее"),
        ("equal", " благо."),
    ]


def test_inserted_words_are_one_insertion() -> None:
    assert ops(word_diff("Cities lead.", "Cities must lead.")) == [
        ("equal", "Cities "),
        ("insert", "must "),
        ("equal", "lead."),
    ]


def test_identical_texts_are_one_equal_change() -> None:
    assert word_diff(OLD, OLD) == [WordChange("equal", OLD)]


def test_empty_texts_have_no_changes() -> None:
    assert word_diff("", "") == []
    assert word_diff("", "New text.") == [WordChange("insert", "New text.")]
    assert word_diff("Old text.", "") == [WordChange("delete", "Old text.")]


def test_a_long_body_diffs_word_by_word() -> None:
    paragraphs = [f"Paragraph {i} says that cities lead the way." for i in range(40_000)]
    old = "\n\n".join(paragraphs) + "\n"
    new = old.replace("Paragraph 20000 says", "Paragraph 20000 shows")
    changes = word_diff(old, new)
    assert [c.op for c in changes] == ["equal", "delete", "insert", "equal"]
    assert (changes[1].text, changes[2].text) == ("says", "shows")


def test_a_region_rewritten_past_the_limit_is_replaced_whole() -> None:
    old = " ".join(f"old{i}" for i in range(MAX_WORD_DIFF_TOKENS)) + "\n"
    new = " ".join(f"new{i}" for i in range(MAX_WORD_DIFF_TOKENS)) + "\n"
    assert word_diff(old, new) == [WordChange("delete", old), WordChange("insert", new)]


_MIXED = st.text(
    alphabet=st.sampled_from(
        list("ab cd.,\n\t-_") + list("城市安全。") + list("الأمن") + list("благо") + ["\u0301"]
    ),
    max_size=40,
)


@given(st.one_of(_MIXED, st.text(max_size=40)), st.one_of(_MIXED, st.text(max_size=40)))
def test_word_changes_rebuild_both_texts(old: str, new: str) -> None:
    changes = word_diff(old, new)
    assert "".join(c.text for c in changes if c.op != "insert") == old
    assert "".join(c.text for c in changes if c.op != "delete") == new
    assert all(c.text for c in changes)
    assert all(a.op != b.op for a, b in zip(changes, changes[1:], strict=False))


@given(st.text())
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text
