"""Differences between two revisions: line by line, and word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# CJK scripts put no spaces between words: each character is its own token there.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class WordChange:
    op: Literal["equal", "insert", "delete"]
    text: str


def unified_diff(old: str, new: str, old_label: str, new_label: str, context: int = 3) -> str:
    """A unified diff of the two texts, as `diff -u` prints it."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        old_label,
        new_label,
        n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[WordChange]:
    """The changes that turn `old` into `new`, by word; runs of one kind are joined."""
    a, b = _tokens(old), _tokens(new)
    out: list[WordChange] = []

    def add(op: Literal["equal", "insert", "delete"], tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if out and out[-1].op == op:
            out[-1] = WordChange(op, out[-1].text + text)
        else:
            out.append(WordChange(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return out
