"""Finding Word's words in Markdown, and who a Word author is: the pure parts of the
Word round trip."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drafts.blame import Credit, Step, blame
from drafts.model import User
from drafts.plaintext import locate
from drafts.redline import SPACE, redline
from drafts.word import credit, with_image_names, without_own_heading


@pytest.mark.parametrize(
    ("markdown", "exact", "prefix", "suffix", "found"),
    [
        ("The city is *safe* and calm.\n", "safe and calm", "is ", ".", "safe* and calm"),
        ('He said "go" -- now.\n', "\u201cgo\u201d \u2013 now", "", "", '"go" -- now'),
        (
            "See [the report](https://x.org/r) soon.\n",
            "the report soon",
            "See ",
            "",
            "the report](https://x.org/r) soon",
        ),
        ("## Heading here\n\nText.\n", "Heading here", "", "", "Heading here"),
        ("- first item\n- second item\n", "second item", "", "", "second item"),
        ("| a | b |\n|---|---|\n| cell one | two |\n", "cell one", "", "", "cell one"),
        ("Growth.[^1] Fast.\n\n[^1]: By 2050.\n", "Growth. Fast", "", "", "Growth.[^1] Fast"),
        ("A snake_case name.\n", "snake_case", "", "", "snake_case"),
    ],
)
def test_words_seen_in_word_are_found_in_the_markdown(
    markdown: str, exact: str, prefix: str, suffix: str, found: str
) -> None:
    where = locate(markdown, exact, prefix, suffix)
    assert where is not None
    assert markdown[where.start : where.end] == found


def test_the_context_tells_repeated_words_apart() -> None:
    markdown = "Safe by day. Safe by night.\n"
    where = locate(markdown, "Safe", "day. ", " by night")
    assert where is not None and where.start == markdown.index("Safe by night")
    assert locate(markdown, "absent words") is None


def test_a_word_author_is_the_member_with_that_name_or_email() -> None:
    members = [User("amina.k", "amina@un.org"), User("boris", "b@un.org")]
    assert credit("Amina K", members) == members[0]
    assert credit("AMINA@UN.ORG", members) == members[0]
    assert credit("boris", members) == members[1]
    assert credit("Someone Else", members) is None
    assert credit("  ", members) is None


def test_the_sections_own_heading_is_not_repeated() -> None:
    text = "# 1. Introduction\n\nBody.\n"
    assert without_own_heading(text, ["Introduction"]) == "Body.\n"
    assert without_own_heading("# Other\n\nBody.\n", ["Introduction"]) == "# Other\n\nBody.\n"


def test_images_get_the_papers_names_or_their_caption() -> None:
    text = "![Map](media/image1.png) and ![Chart](media/image2.emf)\n"
    names: dict[str, str | None] = {"media/image1.png": "map.png", "media/image2.emf": None}
    assert with_image_names(text, names) == "![Map](map.png) and Chart\n"


A = Credit("amina", datetime(2016, 7, 1, tzinfo=UTC))
B = Credit("boris", datetime(2016, 7, 2, tzinfo=UTC))


def test_each_change_is_credited_to_the_revision_that_made_it() -> None:
    older = "One two three.\n"
    steps = [Step("One two three four.\n", A), Step("One 2 three four.\n", B)]
    origin, removed = blame(older, steps)
    marked = redline(older, steps, A)
    # The space before "four" is part of the insertion (held as SPACE until written).
    assert f'[{SPACE}four]{{.insertion author="amina" date="2016-07-01T00:00:00Z"}}' in marked
    assert '[two]{.deletion author="boris"' in marked and '[2]{.insertion author="boris"' in marked
    assert B in removed and A in origin


def test_words_removed_again_before_the_newer_revision_leave_no_trace() -> None:
    steps = [Step("Alpha beta gamma.\n", A), Step("Alpha gamma.\n", B)]
    marked = redline("Alpha gamma.\n", steps, A)
    assert marked == "Alpha gamma.\n"


def test_a_rewritten_paragraph_is_shown_deleted_then_inserted() -> None:
    marked = redline(
        "Budgets go to policing.\n\nKept.\n",
        [Step("Prevention takes a third of spending.\n\nKept.\n", A)],
        A,
    )
    deleted, inserted, kept = marked.strip().split("\n\n")
    assert deleted.startswith("[Budgets go to policing.]{.deletion")
    assert inserted.startswith("[Prevention takes a third of spending.]{.insertion")
    assert kept == "Kept."


def test_markup_never_lands_inside_a_change() -> None:
    marked = redline(
        "A *bold* claim.\n\n- one\n", [Step("A *weak* claim.\n\n- one\n- two\n", A)], A
    )
    assert "*[bold]{.deletion" in marked and "[weak]{.insertion" in marked
    assert "\n- [two]{.insertion" in marked


def test_chinese_is_compared_character_by_character() -> None:
    marked = redline("城市很安全。\n", [Step("城市非常安全。\n", A)], A)
    assert marked.startswith("城市[很]{.deletion")
    assert "[非常]{.insertion" in marked and marked.rstrip().endswith("安全。")
