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
from collections.abc import Sequence
from dataclasses import dataclass

from drafts.blame import STRUCTURE, Credit, Step, Token, blame, tokens

# What stands for a space at the edge of a change until the file is written: pandoc
# trims spaces at the edges of a span, and a change's own spaces are part of it.
SPACE = "\ue000"
# Below this share of equal words an edited block reads as rewritten.
REWRITTEN = 0.5


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


def _blocks(items: list[Token]) -> list[_Block]:
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


def _text(items: list[Token], block: _Block) -> str:
    return "".join(t.text for t in items[block.start : block.end])


class _Writer:
    def __init__(
        self,
        old: list[Token],
        new: list[Token],
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
        items: list[Token],
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
            if token.kind in STRUCTURE:
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


def _inside_span(token: Token) -> str:
    """A token as the text of a span: a bracket of the text would end the span early."""
    if token.kind == "other" and token.text in "[]":
        return "\\" + token.text
    return token.text


def _attribute(value: str) -> str:
    return value.replace("\\", "").replace('"', "'")
