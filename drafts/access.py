"""Who may do what on a paper.

A caller who is not a member of a paper learns nothing about it: every refusal for a
non-member reads as "not found", exactly as for a paper that does not exist.
"""

from __future__ import annotations

from enum import StrEnum

from drafts.errors import Forbidden, NotFound
from drafts.model import Paper, Role, Section


class Action(StrEnum):
    VIEW = "view"
    MANAGE = "manage"
    EDIT_TEXT = "edit text"
    SUBMIT = "submit"
    COMMENT = "comment"
    REVIEW = "review"
    PUBLISH = "publish"
    ADD_IMAGE = "add images"


_SECRETARIAT_ONLY = frozenset({Action.MANAGE, Action.PUBLISH})


def require_member(paper: Paper, user: str) -> frozenset[Role]:
    """The caller's roles on the paper; NotFound for a non-member."""
    roles = paper.roles_of(user)
    if not roles:
        raise NotFound(f"paper {paper.slug!r} not found")
    return roles


def may(
    paper: Paper,
    user: str,
    action: Action,
    *,
    section: Section | None = None,
    language: str | None = None,
) -> bool:
    """True when `user` may take `action` on the paper (and that section and language)."""
    roles = paper.roles_of(user)
    if not roles:
        return False
    if Role.SECRETARIAT in roles:
        return True
    if action in _SECRETARIAT_ONLY:
        return False
    if action in (Action.VIEW, Action.COMMENT):
        return True
    if action is Action.REVIEW:
        return paper.holds(user, Role.REVIEWER, language)
    if action is Action.ADD_IMAGE:
        # Whoever writes text may need a figure in it: authors, and translators for a
        # figure with text in their language.
        return bool(roles & {Role.AUTHOR, Role.TRANSLATOR})
    # Writing and submitting text: the source language belongs to the section's assigned
    # authors, every other language to the paper's translators for that language.
    if language is not None and language != paper.source_language:
        return paper.holds(user, Role.TRANSLATOR, language)
    return Role.AUTHOR in roles and section is not None and user in section.authors


def authorize(
    paper: Paper,
    user: str,
    action: Action,
    *,
    section: Section | None = None,
    language: str | None = None,
) -> None:
    """Return if allowed; NotFound for a non-member, Forbidden for a member without the role."""
    require_member(paper, user)
    if not may(paper, user, action, section=section, language=language):
        where = f" on section {section.key!r}" if section else ""
        lang = f" in {language}" if language else ""
        raise Forbidden(f"your roles on {paper.slug!r} do not allow '{action}'{where}{lang}")
