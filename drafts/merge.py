"""Three-way merge of line-based text, with diff3's semantics.

`base` is the revision an author started from, `current` the latest saved revision and
`proposed` the author's new text. Each side's changes to `base` are found with a line
diff; changes to separate regions are combined, and a region both sides changed
differently is a conflict, reported with the base lines and both versions.

Which changes collide (see `_collide`):

- changes whose base lines overlap;
- two insertions at the same point: their order cannot be decided for the authors;
- an insertion at the edge of a region the other side replaced or deleted: the new text
  was written to follow (or precede) lines that have since changed or gone, so whether
  it still belongs there is the authors' call.

Adjacent replacements or deletions that share no base line (one side edits line 7, the
other line 8) merge cleanly. In a Markdown paper a line is a paragraph, a list item, a
table row or a wrapped sentence; two colleagues editing neighbouring items is the
ordinary case, each edit stays whole, and the base fixes their order. (git refuses
them; here that would turn the commonest concurrent edit into a 409.) A change that
really spans the boundary, like joining the two lines, overlaps both and conflicts.

Only `\\n` ends a line, and whether the text ends with one is merged on its own, so that
adding a final newline never collides with an edit to the last line.

A region where both sides changed the same lines is merged again a level finer, with the
same rules, before it is called a conflict: sentence by sentence (so two people editing
different sentences of one paragraph both keep their edit), and for Chinese, written
without spaces, character by character within the sentences both changed. Only what
still collides at the finest level is a conflict, reported as the whole lines (hunks)
of the region, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import sentencex

from drafts.diffing import opcodes, tokenize

Side = Literal["current", "proposed"]


@dataclass(frozen=True)
class ConflictHunk:
    """A region both sides changed differently: the base lines and both versions."""

    base_start: int
    base: tuple[str, ...]
    current: tuple[str, ...]
    proposed: tuple[str, ...]


@dataclass(frozen=True)
class MergeResult:
    """The merged text, or (text None) every conflicting region in base order."""

    text: str | None
    conflicts: tuple[ConflictHunk, ...]

    @property
    def clean(self) -> bool:
        """True when the sides merged without conflict and `text` holds the result."""
        return not self.conflicts


@dataclass(frozen=True)
class _Lines:
    lines: list[str]
    final_newline: bool


@dataclass(frozen=True)
class _Change:
    """One side's replacement of base lines [start, end) by `lines`."""

    start: int
    end: int
    lines: tuple[str, ...]
    side: Side

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


def _split(text: str) -> _Lines:
    """The lines of `text` without their endings, and whether a newline ends it."""
    if not text:
        return _Lines([], False)
    lines = text.split("\n")
    final_newline = lines[-1] == ""
    if final_newline:
        lines.pop()
    return _Lines(lines, final_newline)


def _join(lines: list[str], final_newline: bool) -> str:
    # With no line left there is nothing for a newline to end: the text is empty.
    if not lines:
        return ""
    return "\n".join(lines) + ("\n" if final_newline else "")


def _changes(base: list[str], other: list[str], side: Side, join_within: int = 0) -> list[_Change]:
    """One side's changes to `base`; changes parted by at most `join_within` unchanged
    tokens are one change (see `_refine_characters`)."""
    spans: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes(base, other):
        if tag == "equal":
            continue
        if spans and i1 - spans[-1][1] <= join_within:
            spans[-1] = (spans[-1][0], i2, spans[-1][2], j2)
        else:
            spans.append((i1, i2, j1, j2))
    return [_Change(i1, i2, tuple(other[j1:j2]), side) for i1, i2, j1, j2 in spans]


def _collide(change: _Change, start: int, end: int, margin: int = 0) -> bool:
    """True when `change` (starting at or after `start`) collides with region [start, end);
    with a `margin`, also when fewer than that many unchanged tokens part them."""
    if change.start < end + margin:
        return True
    if change.start > end:
        return False
    # They meet at a point: only an insertion there collides (see the module docstring).
    return change.is_insertion or start == end


def _regions(changes: list[_Change], margin: int = 0) -> Iterator[tuple[int, int, list[_Change]]]:
    """The changes in base order, grouped into regions of colliding changes."""
    ordered = sorted(changes, key=lambda c: (c.start, c.end, c.side))
    i = 0
    while i < len(ordered):
        group = [ordered[i]]
        start, end = ordered[i].start, ordered[i].end
        i += 1
        while i < len(ordered) and _collide(ordered[i], start, end, margin):
            end = max(end, ordered[i].end)
            group.append(ordered[i])
            i += 1
        yield start, end, group


def _apply(base: list[str], start: int, end: int, changes: list[_Change]) -> list[str]:
    """Base lines [start, end) with one side's `changes` (all inside them) applied."""
    out: list[str] = []
    at = start
    for change in changes:
        out += base[at : change.start]
        out += change.lines
        at = change.end
    return out + base[at:end]


# Merges a region both sides changed a level finer: its replacement, or None (conflict).
Refine = Callable[[list[str], list[str], list[str]], list[str] | None]


def _merge_sequences(
    base: list[str],
    current: list[str],
    proposed: list[str],
    refine: Refine | None = None,
    join_within: int = 0,
) -> tuple[list[str], list[ConflictHunk]]:
    """diff3 over any sequence of tokens (lines, sentences, characters); `join_within`
    tokens or fewer between two changes make them one (one side's) or colliding (two)."""
    merged: list[str] = []
    conflicts: list[ConflictHunk] = []
    at = 0
    changes = _changes(base, current, "current", join_within)
    changes += _changes(base, proposed, "proposed", join_within)
    for start, end, group in _regions(changes, join_within):
        merged += base[at:start]
        at = end
        mine = [c for c in group if c.side == "current"]
        theirs = [c for c in group if c.side == "proposed"]
        current_lines = _apply(base, start, end, mine)
        proposed_lines = _apply(base, start, end, theirs)
        if not theirs or current_lines == proposed_lines:
            merged += current_lines
            continue
        if not mine:
            merged += proposed_lines
            continue
        # Two insertions at one point stay a conflict at every level: their order is
        # the authors' call.
        finer = None
        if refine is not None and start < end:
            finer = refine(base[start:end], current_lines, proposed_lines)
        if finer is not None:
            merged += finer
            continue
        conflicts.append(
            ConflictHunk(
                base_start=start,
                base=tuple(base[start:end]),
                current=tuple(current_lines),
                proposed=tuple(proposed_lines),
            )
        )
    merged += base[at:]
    return merged, conflicts


# The languages sentencex is told; any other text is segmented as English would be.
_SEGMENTED = frozenset({"ar", "en", "es", "fr", "ru", "zh"})
# Chinese is merged character by character inside the sentences both sides changed. Two
# changes parted by this few unchanged characters count as one change (a rewritten
# sentence that happens to keep a character or two of the old one stays one rewrite) or,
# from two sides, collide: most Chinese words are two characters long, and two people
# changing one character each of one word did not make edits apart.
_CHARACTER_LANGUAGES = frozenset({"zh"})
_JOIN_CHARACTERS = 2


def sentences(text: str, language: str | None) -> list[str]:
    """The sentences of `text`, each with the space after it; they join back to `text`.

    sentencex prefers a missed boundary to a wrong one (an abbreviation keeps its
    sentence whole), which is the safe side for merging: two edits in what it takes for
    one sentence are a conflict, never a mixed sentence.
    """
    found: list[str] = list(sentencex.segment(language if language in _SEGMENTED else "en", text))
    return found if "".join(found) == text else [text]


def _refine_characters(
    base: list[str], current: list[str], proposed: list[str]
) -> list[str] | None:
    b, c, p = ("".join(x) for x in (base, current, proposed))
    merged, conflicts = _merge_sequences(
        tokenize(b), tokenize(c), tokenize(p), join_within=_JOIN_CHARACTERS
    )
    return None if conflicts else ["".join(merged)]


def _refiner(language: str | None) -> Refine:
    """Merges a region of lines both sides changed, sentence by sentence."""
    within = _refine_characters if language in _CHARACTER_LANGUAGES else None

    def refine(base: list[str], current: list[str], proposed: list[str]) -> list[str] | None:
        b, c, p = ("\n".join(x) for x in (base, current, proposed))
        merged, conflicts = _merge_sequences(
            sentences(b, language), sentences(c, language), sentences(p, language), within
        )
        if conflicts:
            return None
        text = "".join(merged)
        return text.split("\n") if text else []

    return refine


def _merge_lines(
    base: Sequence[str], current: Sequence[str], proposed: Sequence[str], language: str | None
) -> tuple[list[str], list[ConflictHunk]]:
    return _merge_sequences(list(base), list(current), list(proposed), _refiner(language))


def merge3(base: str, current: str, proposed: str, language: str | None = None) -> MergeResult:
    """The merge of both sides' changes to `base`, or every region where they conflict;
    `language` (a paper language code) says how its sentences are told apart."""
    if current == proposed or proposed == base:
        return MergeResult(current, ())
    if current == base:
        return MergeResult(proposed, ())
    b, c, p = _split(base), _split(current), _split(proposed)
    lines, conflicts = _merge_lines(b.lines, c.lines, p.lines, language)
    if conflicts:
        return MergeResult(None, tuple(conflicts))
    # A yes/no merges three-way without conflict: keep whichever side changed it.
    final_newline = c.final_newline if c.final_newline != b.final_newline else p.final_newline
    return MergeResult(_join(lines, final_newline), ())
