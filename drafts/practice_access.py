"""Who may do what with a paper's practices.

Any member may read them and propose one: the working group's members know the practices.
The source text and facts belong to whoever proposed the practice, and to the secretariat;
a translation into a language to the paper's translators for it (and the secretariat).
Verifying, retiring and importing a spreadsheet are the secretariat's alone: they vouch
for the catalogue as a whole. A non-member learns nothing (see `drafts.access`).
"""

from __future__ import annotations

from enum import StrEnum

from drafts.access import require_member
from drafts.errors import Forbidden
from drafts.model import Paper, Role
from drafts.practices import Practice


class PracticeAction(StrEnum):
    VIEW = "view practices"
    PROPOSE = "propose practices"
    EDIT = "edit the practice"
    TRANSLATE = "translate the practice"
    VERIFY = "verify practices"
    RETIRE = "retire practices"
    IMPORT = "import practices"


_SECRETARIAT_ONLY = frozenset({PracticeAction.VERIFY, PracticeAction.RETIRE, PracticeAction.IMPORT})


def may_practice(
    paper: Paper,
    user: str,
    action: PracticeAction,
    *,
    practice: Practice | None = None,
    language: str | None = None,
) -> bool:
    roles = paper.roles_of(user)
    if not roles:
        return False
    if Role.SECRETARIAT in roles:
        return True
    if action in _SECRETARIAT_ONLY:
        return False
    if action in (PracticeAction.VIEW, PracticeAction.PROPOSE):
        return True
    if action is PracticeAction.TRANSLATE:
        return language is not None and paper.holds(user, Role.TRANSLATOR, language)
    return practice is not None and practice.proposed_by == user


def authorize_practice(
    paper: Paper,
    user: str,
    action: PracticeAction,
    *,
    practice: Practice | None = None,
    language: str | None = None,
) -> None:
    """Return if allowed; NotFound for a non-member, Forbidden for a member without the role."""
    require_member(paper, user)
    if not may_practice(paper, user, action, practice=practice, language=language):
        lang = f" in {language}" if language else ""
        raise Forbidden(f"your roles on {paper.slug!r} do not allow '{action}'{lang}")
