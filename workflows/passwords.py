"""Password hashing with argon2id (argon2-cffi), off the event loop and bounded.

Hashing is slow and memory-hard by design (64 MiB and ~0.1-0.2 s each with the RFC 9106
low-memory profile), so it runs in worker threads, a few at a time: a burst of sign-ins
slows sign-ins down, never the rest of the service.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@dataclass(frozen=True)
class Verdict:
    matches: bool
    # A new hash when the stored one was made with weaker parameters than today's.
    rehashed: str | None = None


@dataclass
class Passwords:
    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    parallel: int = 2
    _slots: asyncio.Semaphore | None = field(default=None, init=False, repr=False)
    _decoy: str | None = field(default=None, init=False, repr=False)

    def _gate(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.parallel)
        return self._slots

    async def hash(self, password: str) -> str:
        async with self._gate():
            return await asyncio.to_thread(self.hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> Verdict:
        """Whether `password` matches the stored hash. Without a stored hash (no such
        account, or no password set yet) a decoy hash is checked, so that the answer takes
        as long whether the account exists or not."""
        if stored is None:
            if self._decoy is None:
                self._decoy = await self.hash("decoy password, never matches anything")
            await self._check(self._decoy, password)
            return Verdict(False)
        if not await self._check(stored, password):
            return Verdict(False)
        if self.hasher.check_needs_rehash(stored):
            return Verdict(True, await self.hash(password))
        return Verdict(True)

    async def _check(self, stored: str, password: str) -> bool:
        def check() -> bool:
            try:
                return self.hasher.verify(stored, password)
            # A lone surrogate cannot be encoded: no password set can hold one.
            except (VerificationError, InvalidHashError, UnicodeEncodeError):
                return False

        async with self._gate():
            return await asyncio.to_thread(check)
