"""Opaque page cursors, so clients never build positions themselves."""

from __future__ import annotations

import base64
import binascii

from drafts.errors import InvalidRequest


def encode(position: int | None) -> str | None:
    if position is None:
        return None
    return base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    """The position after which the next page starts; 0 for the first page."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    if not (raw.startswith("p") and raw[1:].isdigit() and len(raw) < 20):
        raise InvalidRequest("the cursor is not one this API gave out")
    return int(raw[1:])
