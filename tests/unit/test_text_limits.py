"""How deep a line of Markdown nests, as the save-time limit counts it."""

from __future__ import annotations

import pytest

from drafts.errors import TextTooComplex
from drafts.text import MAX_NESTING, MAX_PARAGRAPH_CHARS, check_structure, nesting_of


@pytest.mark.parametrize(
    ("line", "depth"),
    [
        ("Plain text.", 0),
        ("> a quote", 1),
        ("> > > three", 3),
        ("- a bullet", 1),
        ("1. a number", 1),
        ("- - - four - bullets", 3),
        ("    indented code", 1),
        ("-5 is a number, not a bullet", 0),
        ("> - 1. mixed", 3),
    ],
)
def test_nesting_counts_container_markers_and_indentation(line: str, depth: int) -> None:
    assert nesting_of(line) == depth


def test_the_limits_refuse_only_what_is_past_them() -> None:
    check_structure("> " * MAX_NESTING + "x")
    with pytest.raises(TextTooComplex):
        check_structure("> " * (MAX_NESTING + 1) + "x")
    check_structure("a" * (MAX_PARAGRAPH_CHARS - 1))
    check_structure(("b" * (MAX_PARAGRAPH_CHARS // 2) + "\n\n") * 4)
    with pytest.raises(TextTooComplex, match="line 2"):
        check_structure("c" * (MAX_PARAGRAPH_CHARS // 2) + "\n" + "d" * (MAX_PARAGRAPH_CHARS // 2))
