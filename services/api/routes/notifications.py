"""What each person is told by mail, and what they chose to be told."""

from __future__ import annotations

from fastapi import APIRouter

from drafts.commands import ChooseNotifications
from services.api import cursors
from services.api.deps import AccordDep, After, CurrentUser, Limit, UowDep
from services.api.schemas import PageOut
from services.api.webhook_schemas import NoticeOut, PreferencesIn, PreferencesOut
from workflows.notifications import choose_notifications, my_notices, notification_preferences

router = APIRouter(tags=["notifications"])


@router.get("/me/notification-preferences", response_model=PreferencesOut)
async def get_preferences(uow: UowDep, caller: CurrentUser, accord: AccordDep) -> PreferencesOut:
    """Each kind of notice and whether the caller receives it (everything by default)."""
    preferences = await notification_preferences(uow, caller.name)
    return PreferencesOut.of(preferences, accord.settings.notify_digest_minutes)


@router.put("/me/notification-preferences", response_model=PreferencesOut)
async def put_preferences(
    body: PreferencesIn, uow: UowDep, caller: CurrentUser, accord: AccordDep
) -> PreferencesOut:
    """Turn kinds of notice on or off for the caller; kinds not named stay as they are."""
    preferences = await choose_notifications(
        ChooseNotifications(actor=caller.name, kinds=body.kinds), uow
    )
    return PreferencesOut.of(preferences, accord.settings.notify_digest_minutes)


@router.get("/me/notifications", response_model=PageOut[NoticeOut])
async def get_notifications(
    uow: UowDep, caller: CurrentUser, after: After = None, limit: Limit = 50
) -> PageOut[NoticeOut]:
    """What the caller was told (or is about to be, in the next digest), newest first."""
    page = await my_notices(uow, caller.name, cursors.decode(after), limit)
    return PageOut(
        items=[NoticeOut.of(n) for n in page.items], next=cursors.encode(page.next_after)
    )
