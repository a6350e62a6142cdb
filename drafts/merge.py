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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from drafts.diffing import opcodes

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


def _changes(base: list[str], other: list[str], side: Side) -> list[_Change]:
    return [
        _Change(i1, i2, tuple(other[j1:j2]), side)
        for tag, i1, i2, j1, j2 in opcodes(base, other)
        if tag != "equal"
    ]


def _collide(change: _Change, start: int, end: int) -> bool:
    """True when `change` (starting at or after `start`) collides with region [start, end)."""
    if change.start < end:
        return True
    if change.start > end:
        return False
    # They meet at a point: only an insertion there collides (see the module docstring).
    return change.is_insertion or start == end


def _regions(changes: list[_Change]) -> Iterator[tuple[int, int, list[_Change]]]:
    """The changes in base order, grouped into regions of colliding changes."""
    ordered = sorted(changes, key=lambda c: (c.start, c.end, c.side))
    i = 0
    while i < len(ordered):
        group = [ordered[i]]
        start, end = ordered[i].start, ordered[i].end
        i += 1
        while i < len(ordered) and _collide(ordered[i], start, end):
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


def _merge_lines(
    base: list[str], current: list[str], proposed: list[str]
) -> tuple[list[str], list[ConflictHunk]]:
    merged: list[str] = []
    conflicts: list[ConflictHunk] = []
    at = 0
    changes = _changes(base, current, "current") + _changes(base, proposed, "proposed")
    for start, end, group in _regions(changes):
        merged += base[at:start]
        at = end
        mine = [c for c in group if c.side == "current"]
        theirs = [c for c in group if c.side == "proposed"]
        current_lines = _apply(base, start, end, mine)
        proposed_lines = _apply(base, start, end, theirs)
        if not theirs or current_lines == proposed_lines:
            merged += current_lines
        elif not mine:
            merged += proposed_lines
        else:
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


def merge3(base: str, current: str, proposed: str) -> MergeResult:
    """The merge of both sides' changes to `base`, or every region where they conflict."""
    if current == proposed or proposed == base:
        return MergeResult(current, ())
    if current == base:
        return MergeResult(proposed, ())
    b, c, p = _split(base), _split(current), _split(proposed)
    lines, conflicts = _merge_lines(b.lines, c.lines, p.lines)
    if conflicts:
        return MergeResult(None, tuple(conflicts))
    # A yes/no merges three-way without conflict: keep whichever side changed it.
    final_newline = c.final_newline if c.final_newline != b.final_newline else p.final_newline
    return MergeResult(_join(lines, final_newline), ())
