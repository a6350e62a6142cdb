"""Cursor pages: a list endpoint returns a page and the cursor of the next one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_after: int | None


def page_of(rows: Sequence[T], limit: int, position: Callable[[T], int]) -> Page[T]:
    """A page from `limit + 1` fetched rows: the extra row only says another page exists."""
    items = list(rows[:limit])
    more = len(rows) > limit
    return Page(items, position(items[-1]) if more and items else None)
