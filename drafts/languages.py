"""The six official UN languages a paper may be written in."""

from typing import Final

LANGUAGES: Final = ("ar", "en", "es", "fr", "ru", "zh")
RIGHT_TO_LEFT: Final = frozenset({"ar"})


def is_language(code: str) -> bool:
    """True when `code` is one of the supported language codes."""
    return code in LANGUAGES
