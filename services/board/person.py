"""The signed-in person: the one dependency every page is built around.

It is the same caller the API authenticates, so the board and the API can never disagree
about who someone is or what they may do.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from drafts.model import User
from services.api.deps import current_user

SignedInPerson = Annotated[User, Depends(current_user)]
