"""Who may do what: non-members see nothing, members only what their roles allow."""

from __future__ import annotations

import pytest

from drafts.access import Action, authorize, may
from drafts.errors import Forbidden, InvalidRequest, NotFound
from drafts.model import Paper, Role, Section


def paper() -> Paper:
    return Paper(
        slug="p",
        titles={"en": "T"},
        source_language="en",
        languages=("en", "fr"),
        members={
            "sec": frozenset({Role.SECRETARIAT}),
            "ann": frozenset({Role.AUTHOR}),
            "bob": frozenset({Role.AUTHOR}),
            "tra": frozenset({Role.TRANSLATOR}),
            "rev": frozenset({Role.REVIEWER}),
        },
    )


SECTION = Section(key="intro", position=1, titles={"en": "Intro"}, authors=("ann",))


def test_a_non_member_is_told_the_paper_does_not_exist() -> None:
    with pytest.raises(NotFound):
        authorize(paper(), "eve", Action.VIEW)


def test_a_member_without_the_role_is_forbidden() -> None:
    with pytest.raises(Forbidden):
        authorize(paper(), "rev", Action.MANAGE)


@pytest.mark.parametrize(
    ("user", "language", "allowed"),
    [
        ("ann", "en", True),
        ("bob", "en", False),  # an author, but not of this section
        ("ann", "fr", False),
        ("tra", "fr", True),
        ("tra", "en", False),
        ("rev", "en", False),
        ("sec", "fr", True),
    ],
)
def test_who_edits_which_language(user: str, language: str, allowed: bool) -> None:
    assert may(paper(), user, Action.EDIT_TEXT, section=SECTION, language=language) is allowed


def test_only_reviewers_and_the_secretariat_review() -> None:
    assert may(paper(), "rev", Action.REVIEW)
    assert may(paper(), "sec", Action.REVIEW)
    assert not may(paper(), "ann", Action.REVIEW)


def test_a_paper_refuses_an_unknown_language() -> None:
    with pytest.raises(InvalidRequest):
        Paper(slug="p", titles={"en": "T"}, source_language="en", languages=("en", "xx"))


def test_a_paper_needs_its_source_language_among_its_languages() -> None:
    with pytest.raises(InvalidRequest):
        Paper(slug="p", titles={"en": "T"}, source_language="en", languages=("fr",))
