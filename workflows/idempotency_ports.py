"""The ports of idempotent requests: the answer stored for a key, replayed on a retry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class StoredResponse:
    """The first answer to a create call, kept under its Idempotency-Key."""

    fingerprint: str
    status: int
    body: Any
    headers: dict[str, str]


class IdempotencyStore(Protocol):
    async def get(self, user: str, key: str) -> StoredResponse | None: ...
    async def add(self, user: str, key: str, response: StoredResponse) -> None: ...
