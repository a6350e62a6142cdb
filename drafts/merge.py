"""Three-way merge of line-based text, as diff3 does it."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class ConflictHunk:
    base_start: int
    base: tuple[str, ...]
    current: tuple[str, ...]
    proposed: tuple[str, ...]


@dataclass(frozen=True)
class MergeResult:
    text: str | None
    conflicts: tuple[ConflictHunk, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class _Change:
    start: int
    end: int
    lines: tuple[str, ...]
    side: str


def _changes(base: list[str], other: list[str], side: str) -> list[_Change]:
    matcher = SequenceMatcher(None, base, other)
    return [
        _Change(i1, i2, tuple(other[j1:j2]), side)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _touches(change: _Change, start: int, end: int) -> bool:
    # Overlapping ranges collide; so do insertions at the same point, or an insertion at
    # the edge of another change, since their order cannot be decided for the author.
    if change.start < end:
        return True
    return change.start == end and (change.start == change.end or start == end)


def _apply(base: list[str], start: int, end: int, changes: list[_Change]) -> list[str]:
    out: list[str] = []
    at = start
    for change in changes:
        out += base[at : change.start]
        out += change.lines
        at = change.end
    return out + base[at:end]


def _strip(lines: list[str]) -> tuple[str, ...]:
    return tuple(line.rstrip("\n") for line in lines)


def merge3(base: str, current: str, proposed: str) -> MergeResult:
    """The merged text, or every region where `current` and `proposed` changed base differently."""
    base_lines = base.splitlines(keepends=True)
    current_lines = current.splitlines(keepends=True)
    proposed_lines = proposed.splitlines(keepends=True)
    changes = sorted(
        _changes(base_lines, current_lines, "current")
        + _changes(base_lines, proposed_lines, "proposed"),
        key=lambda c: (c.start, c.end),
    )
    merged: list[str] = []
    conflicts: list[ConflictHunk] = []
    at = 0
    i = 0
    while i < len(changes):
        group = [changes[i]]
        start, end = changes[i].start, changes[i].end
        i += 1
        while i < len(changes) and _touches(changes[i], start, end):
            end = max(end, changes[i].end)
            group.append(changes[i])
            i += 1
        merged += base_lines[at:start]
        at = end
        mine = [c for c in group if c.side == "current"]
        theirs = [c for c in group if c.side == "proposed"]
        current_text = _apply(base_lines, start, end, mine)
        proposed_text = _apply(base_lines, start, end, theirs)
        if not mine or not theirs or current_text == proposed_text:
            merged += current_text if mine else proposed_text
        else:
            conflicts.append(
                ConflictHunk(
                    start,
                    _strip(base_lines[start:end]),
                    _strip(current_text),
                    _strip(proposed_text),
                )
            )
    merged += base_lines[at:]
    if conflicts:
        return MergeResult(None, tuple(conflicts))
    return MergeResult("".join(merged), ())
