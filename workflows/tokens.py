"""Bearer tokens: made once, shown once, stored only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

_PREFIX = "acc_"


@dataclass(frozen=True)
class TokenMinter:
    """Makes tokens and hashes them with the installation's secret.

    A keyed hash (not a bare SHA-256) means a leaked database alone cannot be used to
    check guessed tokens.
    """

    secret: str

    def new(self) -> tuple[str, str]:
        """A fresh token and the hash to store for it."""
        token = _PREFIX + secrets.token_urlsafe(32)
        return token, self.hash(token)

    def hash(self, token: str) -> str:
        return hmac.new(self.secret.encode(), token.encode(), hashlib.sha256).hexdigest()
