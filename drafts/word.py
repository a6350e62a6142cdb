"""Word files coming in: why one is refused, and who a Word author is among the members.

A DOCX is a zip of XML parts written by whatever program the sender used. Accord reads
only what it needs from it, after the package passed its limits; the refusals here say
which limit, in words the sender can act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafts.errors import InvalidRequest
from drafts.model import User


class UnsupportedDocument(InvalidRequest):
    """Not a Word document Accord reads: another format, a legacy or encrypted file, or a
    document with macros."""

    code = "unsupported-document"
    title = "Not a Word document Accord can read"


class UnsafeDocument(InvalidRequest):
    """A package that points outside itself or declares XML entities: refused unread."""

    code = "unsafe-document"
    title = "The Word document is refused for safety"


def credit(word_author: str, members: Iterable[User]) -> User | None:
    """The member a Word author is: the same user name, e-mail or (for Word's "Name
    Surname" habit) a user name written with spaces; None when no member matches."""
    wanted = " ".join(word_author.split()).casefold()
    if not wanted:
        return None
    for user in members:
        names = {user.name.casefold(), user.email.casefold()}
        names.add(user.name.replace(".", " ").replace("_", " ").replace("-", " ").casefold())
        if wanted in names:
            return user
    return None


# The section heading's identifier in Accord's files, as the renderer makes it from the
# key ("sec-" and the key's safe characters): how a review copy tells its sections apart.
def bookmark_key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "section"


_HEADING = re.compile(r"\A\s*(#{1,6})[ \t]+(.+?)[ \t#]*\n")
_NUMBERING = re.compile(r"^\s*(?:[\dIVXLC]+[.)]?|[A-Z][.)])(?:\d+[.)]?)*\s+")


def without_own_heading(markdown: str, titles: Iterable[str]) -> str:
    """The text without a first heading that repeats the section's title (as a Word file
    of one section often starts): the renderer prints the title itself."""
    match = _HEADING.match(markdown)
    if match is None:
        return markdown
    heading = _comparable(_NUMBERING.sub("", match.group(2)))
    if any(heading == _comparable(_NUMBERING.sub("", t)) for t in titles if t.strip()):
        return markdown[match.end() :].lstrip("\n")
    return markdown


def _comparable(text: str) -> str:
    return " ".join(re.sub(r"[\\*_`]", "", text).split()).casefold()


_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def with_image_names(markdown: str, names: dict[str, str | None]) -> str:
    """The images renamed to the paper's names; one with no name (a format Accord cannot
    print) becomes its caption, so that no word of the text is lost."""

    def rename(match: re.Match[str]) -> str:
        target = match.group(2)
        if target not in names:
            return match.group(0)
        name = names[target]
        return f"![{match.group(1)}]({name})" if name else match.group(1)

    return _IMAGE.sub(rename, markdown)
