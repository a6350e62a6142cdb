"""The save rule: fast-forward, merge, conflict, and the preconditions around them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drafts.errors import BaseRevisionRequired, InvalidRequest, RevisionConflict
from drafts.model import Revision
from drafts.revisions import next_revision
from drafts.text import content_hash

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TEXT = "one\ntwo\nthree\nfour\nfive\n"


def rev(number: int, body: str) -> Revision:
    return Revision(number, body, content_hash(body), "author", NOW)


def save(
    head: Revision | None, base: Revision | None, requested: int | None, body: str
) -> Revision | None:
    return next_revision(
        head=head, base=base, requested_base=requested, body=body, author="a", now=NOW
    )


def test_first_revision_is_number_one() -> None:
    first = save(None, None, None, TEXT)
    assert first is not None
    assert (first.number, first.parent, first.merged) == (1, None, False)
    assert first.content_hash == content_hash(TEXT)


def test_first_revision_cannot_name_a_base() -> None:
    with pytest.raises(InvalidRequest):
        save(None, None, 1, TEXT)


def test_a_save_without_base_is_refused_once_text_exists() -> None:
    with pytest.raises(BaseRevisionRequired):
        save(rev(1, TEXT), None, None, "x")


def test_a_save_on_the_current_revision_fast_forwards() -> None:
    head = rev(1, TEXT)
    new = save(head, head, 1, TEXT.replace("two", "2"))
    assert new is not None
    assert (new.number, new.parent, new.base, new.merged) == (2, 1, 1, False)


def test_a_stale_base_merges_separate_edits() -> None:
    base = rev(1, TEXT)
    head = rev(2, TEXT.replace("one", "ONE"))
    new = save(head, base, 1, TEXT.replace("five", "FIVE"))
    assert new is not None
    assert new.merged and new.body == "ONE\ntwo\nthree\nfour\nFIVE\n"
    assert (new.number, new.parent, new.base) == (3, 2, 1)


def test_overlapping_edits_raise_a_conflict_with_the_hunks() -> None:
    base = rev(1, TEXT)
    head = rev(2, TEXT.replace("three", "THREE"))
    with pytest.raises(RevisionConflict) as raised:
        save(head, base, 1, TEXT.replace("three", "3"))
    [hunk] = raised.value.extra["conflicts"]
    assert hunk["current"] == ["THREE"] and hunk["proposed"] == ["3"]
    assert hunk["base"] == ["three"]


def test_an_unchanged_text_makes_no_revision() -> None:
    head = rev(1, TEXT)
    assert save(head, head, 1, TEXT) is None


def test_a_base_newer_than_the_head_does_not_exist() -> None:
    with pytest.raises(InvalidRequest):
        save(rev(1, TEXT), None, 5, TEXT)
