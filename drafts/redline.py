"""A redline: the newer text with every difference from an older one marked as an
insertion or a deletion, each credited to the revision that made it.

Works on the Markdown itself, so that the result is the newer text as the renderer
prints it, with pandoc's tracked-change spans (`[words]{.insertion author= date=}`) that
become Word's `w:ins` and `w:del`. Blocks (paragraphs, headings, list items, table rows,
footnotes) are aligned first; a block that was edited is compared word by word (a
Chinese text character by character), one that was rewritten or moved is shown deleted
where it was and inserted where it is, which reads better than a confetti of words.
Markup (emphasis marks, list markers, table pipes) is never put inside a change, so the
Markdown stays well formed whatever changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

_TOKEN = re.compile(
    r"""
    (?P<rule>^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+[ \t]*$|^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$)
    |(?P<lead>^[ \t]*(?:[-*+]|\(?\d+[.)]|\#{1,6}|>|\[\^[^\]\s]+\]:)[ \t]+)
    |(?P<blank>\n[ \t]*(?:\n[ \t]*)+)
    |(?P<newline>\n)
    |(?P<image>!\[[^\]\n]*\]\([^)\n]*\))
    |(?P<link>\[[^\]\n]*\]\([^)\n]*\))
    |(?P<note>\[\^[^\]\s]+\])
    |(?P<cite>\[@[^\]\n]*\])
    |(?P<code>`[^`\n]+`)
    |(?P<escape>\\.)
    |(?P<delim>\*\*|\*|__|~~|\^|~|(?<!\w)_|_(?!\w))
    |(?P<pipe>\|)
    |(?P<cjk>[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])
    |(?P<word>\w+)
    |(?P<space>[ \t]+)
    |(?P<other>.)
    """,
    re.MULTILINE | re.VERBOSE,
)
# Tokens that shape the Markdown: never inside a change span.
_STRUCTURE = frozenset({"rule", "lead", "blank", "newline", "delim", "pipe"})
# What stands for a space at the edge of a change until the file is written: pandoc
# trims spaces at the edges of a span, and a change's own spaces are part of it.
SPACE = "\ue000"
# Below this share of equal words an edited block reads as rewritten.
REWRITTEN = 0.5


@dataclass(frozen=True)
class Credit:
    """Who made a change, and when: the author and time of the revision that made it."""

    author: str
    at: datetime


@dataclass(frozen=True)
class Step:
    """One revision of the text on the way from the older to the newer."""

    body: str
    credit: Credit


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def tokens(text: str) -> list[_Token]:
    """The text cut into words, spaces, marks and markup; joined, they are the text."""
    return [_Token(m.lastgroup or "other", m.group(0)) for m in _TOKEN.finditer(text)]


def blame(older: str, steps: Sequence[Step]) -> tuple[list[Credit | None], list[Credit | None]]:
    """For each token of the newest step, the credit of the step that wrote it (None:
    it was in `older`); for each token of `older`, the credit of the step that removed
    it (None: it is still there)."""
    current = [t.text for t in tokens(older)]
    origin: list[Credit | None] = [None] * len(current)
    # Where each token of the current text stands in `older` (None: written since).
    in_older: list[int | None] = list(range(len(current)))
    removed: list[Credit | None] = [None] * len(current)
    current_tokens = tokens(older)
    for step in steps:
        following_tokens = tokens(step.body)
        following = [t.text for t in following_tokens]
        new_origin: list[Credit | None] = []
        new_in_older: list[int | None] = []
        for op, a1, a2, b1, b2 in _opcodes(current_tokens, following_tokens):
            if op == "equal":
                new_origin += origin[a1:a2]
                new_in_older += in_older[a1:a2]
                continue
            for index in in_older[a1:a2]:
                if index is not None:
                    removed[index] = step.credit
            new_origin += [step.credit] * (b2 - b1)
            new_in_older += [None] * (b2 - b1)
        current, origin, in_older = following, new_origin, new_in_older
        current_tokens = following_tokens
    return origin, removed


Opcode = tuple[str, int, int, int, int]


def _opcodes(a: list[_Token], b: list[_Token]) -> list[Opcode]:
    """Token differences found line by line first, then word by word within the lines
    that changed: a repeated space or full stop is never matched across paragraphs."""
    lines_a, lines_b = _lines(a), _lines(b)
    matcher = difflib.SequenceMatcher(
        None,
        ["".join(t.text for t in a[s:e]) for s, e in lines_a],
        ["".join(t.text for t in b[s:e]) for s, e in lines_b],
        autojunk=False,
    )
    out: list[Opcode] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a1 = lines_a[i1][0] if i1 < len(lines_a) else len(a)
        a2 = lines_a[i2 - 1][1] if i2 > i1 else a1
        b1 = lines_b[j1][0] if j1 < len(lines_b) else len(b)
        b2 = lines_b[j2 - 1][1] if j2 > j1 else b1
        if op == "equal" or a1 == a2 or b1 == b2:
            out.append((op, a1, a2, b1, b2))
            continue
        words = difflib.SequenceMatcher(
            None, [t.text for t in a[a1:a2]], [t.text for t in b[b1:b2]], autojunk=False
        )
        out += [
            (o, a1 + x1, a1 + x2, b1 + y1, b1 + y2) for o, x1, x2, y1, y2 in words.get_opcodes()
        ]
    return out


def _lines(items: list[_Token]) -> list[tuple[int, int]]:
    """Token ranges of the lines, each with the line break that ends it."""
    lines: list[tuple[int, int]] = []
    start = 0
    for i, token in enumerate(items):
        if token.kind in ("blank", "newline"):
            lines.append((start, i + 1))
            start = i + 1
    if start < len(items):
        lines.append((start, len(items)))
    return lines


def redline(older: str, steps: Sequence[Step], fallback: Credit) -> str:
    """The newest step's Markdown with every difference from `older` marked; `older`
    empty marks the whole text inserted, no steps (the text removed) all of it deleted
    by `fallback`."""
    newer = steps[-1].body if steps else ""
    origin, removed = blame(older, steps)
    old_tokens, new_tokens = tokens(older), tokens(newer)
    old_blocks, new_blocks = _blocks(old_tokens), _blocks(new_tokens)
    out = _Writer(old_tokens, new_tokens, origin, removed, fallback)
    matcher = difflib.SequenceMatcher(
        None,
        [_text(old_tokens, b) for b in old_blocks],
        [_text(new_tokens, b) for b in new_blocks],
        autojunk=False,
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for block in new_blocks[b1:b2]:
                out.block(out.same(block), block.after)
            continue
        out.changed(old_blocks[a1:a2], new_blocks[b1:b2])
    return out.result()


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    after: str  # what separates it from the next block: a line break or blank lines


def _blocks(items: list[_Token]) -> list[_Block]:
    """Token ranges of the lines: paragraphs (one line each in Accord's texts), and
    each row of a table and item of a list."""
    blocks: list[_Block] = []
    start = 0
    for i, token in enumerate(items):
        if token.kind in ("blank", "newline"):
            if i > start:
                blocks.append(_Block(start, i, token.text))
            elif blocks:
                blocks[-1] = _Block(blocks[-1].start, blocks[-1].end, blocks[-1].after + token.text)
            start = i + 1
    if start < len(items):
        blocks.append(_Block(start, len(items), "\n"))
    return blocks


def _text(items: list[_Token], block: _Block) -> str:
    return "".join(t.text for t in items[block.start : block.end])


class _Writer:
    def __init__(
        self,
        old: list[_Token],
        new: list[_Token],
        origin: list[Credit | None],
        removed: list[Credit | None],
        fallback: Credit,
    ) -> None:
        self.old, self.new = old, new
        self.origin, self.removed, self.fallback = origin, removed, fallback
        self.blocks: list[tuple[str, str]] = []  # (text, what separates it from the next)

    def block(self, text: str, after: str) -> None:
        self.blocks.append((text, after))

    def result(self) -> str:
        text = "".join(block + after for block, after in self.blocks).rstrip()
        return text + "\n" if text else ""

    def same(self, block: _Block) -> str:
        return _text(self.new, block)

    def changed(self, old: list[_Block], new: list[_Block]) -> None:
        """Pair edited blocks with their old selves; the rest is deleted or inserted."""
        pairs: list[tuple[_Block | None, _Block | None]] = []
        remaining = list(old)
        for block in new:
            best, score = None, REWRITTEN
            for candidate in remaining[:8]:
                ratio = difflib.SequenceMatcher(
                    None,
                    [t.text for t in self.old[candidate.start : candidate.end]],
                    [t.text for t in self.new[block.start : block.end]],
                    autojunk=False,
                ).ratio()
                if ratio >= score:
                    best, score = candidate, ratio
            if best is not None:
                # Blocks before the pair's old one are gone: shown deleted first.
                while remaining and remaining[0] != best:
                    pairs.append((remaining.pop(0), None))
                remaining.pop(0)
            pairs.append((best, block))
        pairs += [(block, None) for block in remaining]
        # What was there reads before what replaced it: a run of new blocks with no old
        # self moves after the deleted blocks that follow it.
        ordered: list[tuple[_Block | None, _Block | None]] = []
        waiting: list[tuple[_Block | None, _Block | None]] = []
        for pair in pairs:
            if pair[0] is None:
                waiting.append(pair)
            elif pair[1] is None:
                ordered.append(pair)
            else:
                ordered += waiting + [pair]
                waiting = []
        for before, after in ordered + waiting:
            if before is not None and after is not None:
                self.block(self._words(before, after), after.after)
            elif after is not None:
                self.block(self._inserted(after.start, after.end), after.after)
            elif before is not None:
                self.block(self._deleted(before.start, before.end), before.after)

    def _words(self, before: _Block, after: _Block) -> str:
        old = self.old[before.start : before.end]
        new = self.new[after.start : after.end]
        matcher = difflib.SequenceMatcher(
            None, [t.text for t in old], [t.text for t in new], autojunk=False
        )
        parts: list[str] = []
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                parts.append("".join(t.text for t in new[b1:b2]))
                continue
            parts.append(self._deleted(before.start + a1, before.start + a2, lead=False))
            parts.append(self._inserted(after.start + b1, after.start + b2))
        return "".join(parts)

    def _inserted(self, start: int, end: int) -> str:
        return self._mark(self.new, start, end, "insertion", self.origin, keep_structure=True)

    def _deleted(self, start: int, end: int, lead: bool = True) -> str:
        # A deleted block keeps its structure (list marker, heading level, pipes) so that
        # rejecting the changes gives the block back; inside a block, deleted markup goes.
        return self._mark(self.old, start, end, "deletion", self.removed, keep_structure=lead)

    def _mark(
        self,
        items: list[_Token],
        start: int,
        end: int,
        kind: str,
        credits: list[Credit | None],
        *,
        keep_structure: bool,
    ) -> str:
        out: list[str] = []
        run: list[str] = []
        run_credit: Credit | None = None

        def flush() -> None:
            nonlocal run, run_credit
            text = "".join(run)
            if text.strip():
                credit = run_credit or self.fallback
                stamp = credit.at.strftime("%Y-%m-%dT%H:%M:%SZ")
                # pandoc trims a span's outer spaces; they stand in as SPACE until the
                # file is written (see services.render.redline).
                core = text.strip(" \t")
                lead = SPACE * (len(text) - len(text.lstrip(" \t")))
                trail = SPACE * (len(text) - len(text.rstrip(" \t")))
                attributes = f'author="{_attribute(credit.author)}" date="{stamp}"'
                out.append(f"[{lead}{core}{trail}]{{.{kind} {attributes}}}")
            elif text and kind == "insertion":
                out.append(text)
            run, run_credit = [], None

        for index in range(start, end):
            token = items[index]
            if token.kind in _STRUCTURE:
                flush()
                if kind == "insertion" or keep_structure:
                    out.append(token.text)
                continue
            credit = credits[index] if index < len(credits) else None
            # Spaces, and words no revision in between touched (in a block shown whole,
            # rewritten), go with the change around them: they never split one.
            if run and (token.kind == "space" or credit is None):
                run.append(_inside_span(token))
                continue
            if run and run_credit is not None and credit != run_credit:
                flush()
            if run_credit is None:
                run_credit = credit
            run.append(_inside_span(token))
        flush()
        return "".join(out)


def _inside_span(token: _Token) -> str:
    """A token as the text of a span: a bracket of the text would end the span early."""
    if token.kind == "other" and token.text in "[]":
        return "\\" + token.text
    return token.text


def _attribute(value: str) -> str:
    return value.replace("\\", "").replace('"', "'")
