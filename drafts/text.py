"""Checks on user-supplied text that every store can hold.

PostgreSQL refuses NUL characters and no database can encode a lone UTF-16 surrogate
(JSON allows `"\\ud800"`); refusing them here turns what would be a server error into a
clear 4xx answer.
"""

from __future__ import annotations

import hashlib
import re

from drafts.errors import InvalidRequest, TooLarge

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def check_storable(value: str, field: str) -> None:
    """Raise InvalidRequest when `value` holds a character no store can keep."""
    match = _UNSTORABLE.search(value)
    if match:
        raise InvalidRequest(
            f"{field} contains the character U+{ord(match.group()):04X}, which cannot be stored",
            field=field,
        )


def normalize_body(body: str, *, max_bytes: int) -> str:
    """The body with line endings made `\\n`, refused if unstorable or over `max_bytes`."""
    check_storable(body, "body")
    size = len(body.encode("utf-8"))
    if size > max_bytes:
        raise TooLarge(
            f"body is {size} bytes; the limit is {max_bytes} bytes", size=size, limit=max_bytes
        )
    # The merge and the diffs are line based: one line-ending convention keeps a save
    # from a Windows editor from touching every line.
    return body.replace("\r\n", "\n").replace("\r", "\n")


def content_hash(body: str) -> str:
    """The SHA-256 of the body's UTF-8 bytes, hex: what an approval is bound to."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# A JSON string (skipped whole) or a bracket: what nesting is counted from.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def check_json_nesting(text: str, limit: int, field: str) -> None:
    """Raise InvalidRequest when the JSON text nests arrays and objects deeper than `limit`.

    Counted on the text itself, before any parser sees it (a recursive parser fails on
    deep nesting with an error of its own stack, not of the input).
    """
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                raise InvalidRequest(
                    f"{field} nests more than {limit} levels deep", field=field, limit=limit
                )
        elif bracket in "]}":
            depth -= 1
