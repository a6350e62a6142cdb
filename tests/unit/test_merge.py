"""Three-way merge of a section's text: clean merges, conflicts, and the edge cases."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drafts.merge import ConflictHunk, MergeResult, merge3

BASE = (
    "# Urban safety\n"
    "\n"
    "Urban violence is not inevitable.\n"
    "\n"
    "Prevention works best when cities lead it.\n"
    "\n"
    "Young people must be partners, not targets.\n"
    "\n"
    "Safety is a public good.\n"
)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def conflicts_of(result: MergeResult) -> list[ConflictHunk]:
    assert result.text is None and not result.clean
    return list(result.conflicts)


def test_edits_to_different_paragraphs_merge_cleanly() -> None:
    current = edit(BASE, "Urban violence", "Violence in cities")
    proposed = edit(BASE, "a public good", "a common good")
    result = merge3(BASE, current, proposed)
    assert result.clean and result.conflicts == ()
    assert result.text == edit(current, "a public good", "a common good")


def test_the_same_edit_on_both_sides_merges_cleanly() -> None:
    both = edit(BASE, "must be partners", "must become partners")
    assert merge3(BASE, both, both) == MergeResult(both, ())


def test_the_same_edit_among_other_edits_merges_cleanly() -> None:
    shared = edit(BASE, "must be partners", "must become partners")
    current = edit(shared, "# Urban safety", "# Safety in cities")
    proposed = edit(shared, "a public good", "a common good")
    result = merge3(BASE, current, proposed)
    assert result.text == edit(current, "a public good", "a common good")


def test_overlapping_edits_are_reported_with_the_base_and_both_sides() -> None:
    current = edit(BASE, "a public good", "a shared good")
    proposed = edit(BASE, "a public good", "a common good")
    [hunk] = conflicts_of(merge3(BASE, current, proposed))
    assert hunk == ConflictHunk(
        base_start=8,
        base=("Safety is a public good.",),
        current=("Safety is a shared good.",),
        proposed=("Safety is a common good.",),
    )


def test_every_conflicting_region_is_reported_in_base_order() -> None:
    current = edit(edit(BASE, "# Urban safety", "# Safety"), "public good", "shared good")
    current = edit(current, "not inevitable", "never inevitable")
    proposed = edit(edit(BASE, "# Urban safety", "# Cities"), "public good", "common good")
    hunks = conflicts_of(merge3(BASE, current, proposed))
    assert [h.base_start for h in hunks] == [0, 8]
    assert [h.current for h in hunks] == [("# Safety",), ("Safety is a shared good.",)]
    assert [h.proposed for h in hunks] == [("# Cities",), ("Safety is a common good.",)]


def test_two_different_insertions_at_the_same_point_conflict() -> None:
    base = "- one\n- two\n"
    [hunk] = conflicts_of(merge3(base, "- one\n- mine\n- two\n", "- one\n- yours\n- two\n"))
    assert hunk == ConflictHunk(base_start=1, base=(), current=("- mine",), proposed=("- yours",))


def test_two_new_paragraphs_after_the_same_paragraph_conflict() -> None:
    current = edit(BASE, "lead it.\n", "lead it.\n\nSchools matter too.\n")
    proposed = edit(BASE, "lead it.\n", "lead it.\n\nSo do the police.\n")
    [hunk] = conflicts_of(merge3(BASE, current, proposed))
    assert hunk.base == ()
    assert "Schools matter too." in hunk.current and "So do the police." in hunk.proposed


def test_the_same_insertion_on_both_sides_merges_cleanly() -> None:
    both = edit(BASE, "lead it.\n", "lead it.\n\nSchools matter too.\n")
    proposed = edit(both, "a public good", "a common good")
    result = merge3(BASE, both, proposed)
    assert result.text == proposed


def test_insertions_at_different_points_merge_cleanly() -> None:
    current = edit(BASE, "# Urban safety\n", "# Urban safety\n\nA foreword.\n")
    proposed = BASE + "\nA closing word.\n"
    result = merge3(BASE, current, proposed)
    assert result.text == current + "\nA closing word.\n"


def test_edits_to_adjacent_lines_merge_cleanly() -> None:
    # The policy: neighbouring list items edited by two people do not conflict.
    base = "- one\n- two\n- three\n- four\n"
    current = "- one\n- TWO\n- three\n- four\n"
    proposed = "- one\n- two\n- THREE\n- four\n"
    assert merge3(base, current, proposed).text == "- one\n- TWO\n- THREE\n- four\n"


def test_a_deletion_next_to_an_edit_merges_cleanly() -> None:
    base = "- one\n- two\n- three\n- four\n"
    current = "- one\n- three\n- four\n"
    proposed = "- one\n- two\n- THREE\n- four\n"
    assert merge3(base, current, proposed).text == "- one\n- THREE\n- four\n"


def test_an_insertion_right_after_a_line_the_other_side_changed_conflicts() -> None:
    base = "- one\n- two\n- three\n"
    current = "- one\n- TWO\n- three\n"
    proposed = "- one\n- two\n- two and a half\n- three\n"
    [hunk] = conflicts_of(merge3(base, current, proposed))
    assert hunk == ConflictHunk(1, ("- two",), ("- TWO",), ("- two", "- two and a half"))


def test_an_insertion_right_before_a_line_the_other_side_deleted_conflicts() -> None:
    base = "- one\n- two\n- three\n"
    current = "- one\n- three\n"
    proposed = "- one\n- one and a half\n- two\n- three\n"
    [hunk] = conflicts_of(merge3(base, current, proposed))
    assert hunk == ConflictHunk(1, ("- two",), (), ("- one and a half", "- two"))


def test_deleting_a_line_the_other_side_edited_conflicts() -> None:
    current = edit(BASE, "Safety is a public good.\n", "")
    proposed = edit(BASE, "a public good", "a common good")
    [hunk] = conflicts_of(merge3(BASE, current, proposed))
    assert (hunk.base, hunk.current, hunk.proposed) == (
        ("Safety is a public good.",),
        (),
        ("Safety is a common good.",),
    )


def test_both_sides_deleting_the_same_line_merges_cleanly() -> None:
    current = edit(BASE, "Urban violence is not inevitable.\n\n", "")
    proposed = edit(current, "a public good", "a common good")
    assert merge3(BASE, current, proposed).text == proposed


def test_joining_two_lines_conflicts_with_an_edit_to_either() -> None:
    base = "The council shall\nadopt a plan.\nIt shall report.\n"
    current = "The council shall adopt a plan.\nIt shall report.\n"
    proposed = "The council shall\nadopt a strategy.\nIt shall report.\n"
    [hunk] = conflicts_of(merge3(base, current, proposed))
    assert hunk.base == ("The council shall", "adopt a plan.")


def test_a_missing_final_newline_is_kept() -> None:
    base = BASE.rstrip("\n")
    current = edit(base, "# Urban safety", "# Safety")
    proposed = edit(base, "a public good", "a common good")
    result = merge3(base, current, proposed)
    assert result.text == "# Safety" + proposed[len("# Urban safety") :]
    assert result.text is not None and not result.text.endswith("\n")


def test_adding_a_final_newline_merges_with_an_edit_to_the_last_line() -> None:
    base = "one\ntwo"
    assert merge3(base, "one\ntwo\n", "one\nTWO").text == "one\nTWO\n"
    assert merge3(base, "one\nTWO", "one\ntwo\n").text == "one\nTWO\n"


def test_removing_the_final_newline_merges_with_an_edit_to_the_last_line() -> None:
    assert merge3("one\ntwo\n", "one\ntwo", "one\nTWO\n").text == "one\nTWO"


def test_appending_to_a_text_without_final_newline_merges_with_an_earlier_edit() -> None:
    assert merge3("one\ntwo\nthree", "ONE\ntwo\nthree", "one\ntwo\nthree\nfour").text == (
        "ONE\ntwo\nthree\nfour"
    )


def test_blank_lines_are_lines_like_any_other() -> None:
    base = "a\n\n\nb\n"
    current = "a\n\nb\n"  # one blank line fewer
    proposed = "A\n\n\nb\n"
    assert merge3(base, current, proposed).text == "A\n\nb\n"


def test_only_a_newline_ends_a_line() -> None:
    # \r, \f and U+2028 may stand inside a line; they must neither split it nor get lost.
    base = "one\u2028still one\nmiddle\ntwo\rstill two\n"
    current = "ONE\u2028still one\nmiddle\ntwo\rstill two\n"
    proposed = "one\u2028still one\nmiddle\ntwo\rstill TWO\f\n"
    assert merge3(base, current, proposed).text == "ONE\u2028still one\nmiddle\ntwo\rstill TWO\f\n"


def test_empty_texts_merge() -> None:
    assert merge3("", "", "") == MergeResult("", ())
    assert merge3("", "new\n", "") == MergeResult("new\n", ())
    assert merge3("", "", "new\n") == MergeResult("new\n", ())


def test_two_different_first_texts_conflict_as_insertions() -> None:
    [hunk] = conflicts_of(merge3("", "mine\n", "yours\n"))
    assert hunk == ConflictHunk(0, (), ("mine",), ("yours",))


def test_deleting_everything_merges_with_an_unchanged_side() -> None:
    assert merge3(BASE, "", BASE) == MergeResult("", ())


def test_deleting_everything_conflicts_with_an_edit() -> None:
    proposed = edit(BASE, "a public good", "a common good")
    [hunk] = conflicts_of(merge3(BASE, "", proposed))
    assert hunk.current == () and hunk.base_start == 0


def test_a_long_body_with_edits_all_over_merges() -> None:
    lines = [f"Paragraph {i} of the comprehensive approach to urban safety." for i in range(40_000)]
    blank_separated = [x for line in lines for x in (line, "")]
    base = "\n".join(blank_separated) + "\n"
    current_lines = list(blank_separated)
    proposed_lines = list(blank_separated)
    for i in range(0, len(blank_separated), 2_000):
        current_lines[i] += " Amended."
        proposed_lines[i + 1_000] += " Revised."
    result = merge3(base, "\n".join(current_lines) + "\n", "\n".join(proposed_lines) + "\n")
    assert result.text is not None
    assert result.text.count(" Amended.") == 40 and result.text.count(" Revised.") == 40
    assert len(result.text.split("\n")) == len(blank_separated) + 1


def test_a_long_body_reports_a_conflict_among_clean_edits() -> None:
    base = "".join(f"Line {i}.\n" for i in range(30_000))
    current = edit(edit(base, "Line 10.\n", "Line ten.\n"), "Line 20000.\n", "Mine.\n")
    proposed = edit(edit(base, "Line 29999.\n", "Last.\n"), "Line 20000.\n", "Yours.\n")
    [hunk] = conflicts_of(merge3(base, current, proposed))
    assert hunk == ConflictHunk(20_000, ("Line 20000.",), ("Mine.",), ("Yours.",))


# Small line alphabets make the diffs ambiguous and the edits collide often: the cases
# where a merge goes wrong, if it goes wrong at all.
_LINE = st.sampled_from(["", "a", "b", "c", "a b", "\u2028", "\r"])
_TEXT = st.builds(
    lambda lines, newline: "\n".join(lines) + ("\n" if newline and lines else ""),
    st.lists(_LINE, max_size=10),
    st.booleans(),
)
_ANY_TEXT = st.one_of(_TEXT, st.text(max_size=40))


@given(_ANY_TEXT, _ANY_TEXT)
def test_an_unchanged_current_side_gives_the_proposed_text(base: str, proposed: str) -> None:
    assert merge3(base, base, proposed) == MergeResult(proposed, ())


@given(_ANY_TEXT, _ANY_TEXT)
def test_an_unchanged_proposed_side_gives_the_current_text(base: str, current: str) -> None:
    assert merge3(base, current, base) == MergeResult(current, ())


@given(_ANY_TEXT, _ANY_TEXT)
def test_identical_sides_give_that_text(base: str, both: str) -> None:
    assert merge3(base, both, both) == MergeResult(both, ())


@given(_ANY_TEXT, _ANY_TEXT, _ANY_TEXT)
def test_any_three_texts_merge_or_report_conflicts_without_raising(
    base: str, current: str, proposed: str
) -> None:
    result = merge3(base, current, proposed)
    assert (result.text is None) == bool(result.conflicts) == (not result.clean)
    base_lines = base.split("\n")
    for hunk in result.conflicts:
        assert list(hunk.base) == base_lines[hunk.base_start : hunk.base_start + len(hunk.base)]
        assert hunk.current != hunk.proposed
    starts = [h.base_start for h in result.conflicts]
    assert starts == sorted(starts)


@given(_ANY_TEXT, _ANY_TEXT, _ANY_TEXT)
def test_the_merge_does_not_depend_on_which_side_is_which(
    base: str, current: str, proposed: str
) -> None:
    one, other = merge3(base, current, proposed), merge3(base, proposed, current)
    assert one.text == other.text
    assert [(h.base_start, h.current, h.proposed) for h in one.conflicts] == [
        (h.base_start, h.proposed, h.current) for h in other.conflicts
    ]


_KEEP, _CURRENT_EDIT, _CURRENT_DELETE, _PROPOSED_EDIT, _PROPOSED_DELETE = range(5)


@given(
    st.lists(st.integers(_KEEP, _PROPOSED_DELETE), min_size=1, max_size=30),
    st.booleans(),
)
def test_edits_to_disjoint_lines_merge_cleanly_with_both_edits(
    actions: list[int], final_newline: bool
) -> None:
    end = "\n" if final_newline else ""
    base_lines = [f"base {i}" for i in range(len(actions))]
    current: list[str] = []
    proposed: list[str] = []
    expected: list[str] = []
    for i, (line, action) in enumerate(zip(base_lines, actions, strict=True)):
        current_line = {_CURRENT_EDIT: [f"current {i}"], _CURRENT_DELETE: []}.get(action, [line])
        proposed_line = {_PROPOSED_EDIT: [f"proposed {i}"], _PROPOSED_DELETE: []}.get(
            action, [line]
        )
        current += current_line
        proposed += proposed_line
        expected += current_line if action in (_CURRENT_EDIT, _CURRENT_DELETE) else proposed_line

    def text(lines: list[str]) -> str:
        return "\n".join(lines) + end if lines else ""

    result = merge3(text(base_lines), text(current), text(proposed))
    assert result.clean
    assert result.text == text(expected)
