"""Differences between two revisions: line by line, and word by word."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete"]
Opcode = tuple[str, int, int, int, int]

# Scripts written without spaces between words: each character is a token of its own,
# since there is no word boundary to find. Han ideographs (with radicals, iteration
# marks and the supplementary planes), kana and bopomofo.
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)


def _mark_ranges() -> str:
    """A regex class body of the combining marks of the Basic Multilingual Plane."""
    ranges: list[str] = []
    run_start: int | None = None
    # One code point past the plane closes a run that reaches U+FFFF.
    for code in range(0x10001):
        is_mark = code < 0x10000 and unicodedata.category(chr(code)).startswith("M")
        if is_mark and run_start is None:
            run_start = code
        elif not is_mark and run_start is not None:
            ranges.append(f"{re.escape(chr(run_start))}-{re.escape(chr(code - 1))}")
            run_start = None
    return "".join(ranges)


# Python's \w leaves out combining marks, which would cut Arabic words at every vowel
# sign and split decomposed accents (e + U+0301) off French and Russian letters. The
# zero-width (non-)joiners and the ideographic variation selectors belong to the letter
# before them as well.
_MARKS = _mark_ranges() + "\u200c\u200d\U000e0100-\U000e01ef"

# An underscore is Markdown emphasis, not part of a word: `_word_` must diff as the
# word with emphasis added, not as a different word.
_TOKEN = re.compile(
    rf"[{_CJK}][{_MARKS}]*"  # one ideograph or kana (with its marks)
    rf"|(?:[^\W_{_CJK}]|[{_MARKS}])+"  # a word in any script written with spaces
    r"|\s+"  # a run of whitespace
    r"|.",  # one punctuation mark or symbol
    re.DOTALL,
)

# One character of the words above: where a word may not be cut in two.
_WORD_CHAR = re.compile(rf"[^\W_{_CJK}]|[{_MARKS}]")

# Past this many tokens on either side, a changed region is reported as deleted and
# inserted whole: difflib's matching grows much faster than linearly on long runs of
# unrelated prose (seconds for a rewritten 2 MB body), and a word-by-word view of a
# region rewritten that thoroughly would be unreadable anyway.
MAX_WORD_DIFF_TOKENS = 20_000


@dataclass(frozen=True)
class WordChange:
    """A run of text that is unchanged, inserted or deleted."""

    op: Op
    text: str


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each keeping its `\\n`; only `\\n` ends a line.

    str.splitlines would also break at \\r, \\v, \\f, U+2028 and others, which a body can
    hold inside a line; "".join(split_lines(text)) == text for every text.
    """
    lines = text.split("\n")
    last = lines.pop()
    out = [line + "\n" for line in lines]
    if last:
        out.append(last)
    return out


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """difflib's opcodes turning `a` into `b`, with the common head and tail matched first.

    Most saves change a little of a long body: matching the unchanged ends directly keeps
    difflib's work to the changed middle.
    """
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    a_end, b_end = len(a) - tail, len(b) - tail
    out: list[Opcode] = []
    if head:
        out.append(("equal", 0, head, 0, head))
    if head < a_end or head < b_end:
        matcher = difflib.SequenceMatcher(None, a[head:a_end], b[head:b_end])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            out.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        out.append(("equal", a_end, len(a), b_end, len(b)))
    return out


def unified_diff(old: str, new: str, old_label: str, new_label: str, context: int = 3) -> str:
    """A unified diff of the two texts, as `diff -u` prints it; empty when they are equal.

    A last line without a newline is followed by `\\ No newline at end of file`, so that
    the diff says exactly what changed and `patch` can apply it.
    """
    lines = difflib.unified_diff(
        split_lines(old), split_lines(new), old_label, new_label, n=max(context, 0)
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def tokenize(text: str) -> list[str]:
    """The word, whitespace and punctuation tokens of `text`; they join back to `text`."""
    return _TOKEN.findall(text)


def is_word_char(char: str) -> bool:
    """True when `char` belongs to a word of a script written with spaces between words."""
    return _WORD_CHAR.fullmatch(char) is not None


class _Changes:
    """WordChanges under construction, with consecutive runs of one op joined."""

    def __init__(self) -> None:
        self.items: list[WordChange] = []

    def add(self, op: Op, text: str) -> None:
        if not text:
            return
        if self.items and self.items[-1].op == op:
            self.items[-1] = WordChange(op, self.items[-1].text + text)
        else:
            self.items.append(WordChange(op, text))


def _diff_region(old: str, new: str, out: _Changes) -> None:
    """Add the word changes that turn one changed region into the other."""
    if not old or not new:
        out.add("delete", old)
        out.add("insert", new)
        return
    a, b = tokenize(old), tokenize(new)
    if max(len(a), len(b)) > MAX_WORD_DIFF_TOKENS:
        out.add("delete", old)
        out.add("insert", new)
        return
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            out.add("equal", "".join(a[i1:i2]))
        else:
            out.add("delete", "".join(a[i1:i2]))
            out.add("insert", "".join(b[j1:j2]))


def word_diff(old: str, new: str) -> list[WordChange]:
    """The changes that turn `old` into `new`, word by word; runs of one op are joined.

    Joining the equal and delete texts gives `old`; joining equal and insert gives `new`.
    """
    # Lines first, then words within the changed lines only: unchanged paragraphs cost
    # a hash each instead of taking part in a token match across the whole body.
    a, b = split_lines(old), split_lines(new)
    out = _Changes()
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        if tag == "equal":
            out.add("equal", "".join(a[i1:i2]))
        else:
            _diff_region("".join(a[i1:i2]), "".join(b[j1:j2]), out)
    return out.items
