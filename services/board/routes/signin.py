"""Signing in and out, and accepting an invitation: pages over the sign-in workflows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from services.board.pages import BoardRoute, page
from services.board.routes.interface import local_path

router = APIRouter(route_class=BoardRoute, include_in_schema=False)

Next = Annotated[str, Query(max_length=2000)]


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_page(request: Request, next: Next = "/") -> HTMLResponse:
    """The sign-in form."""
    return page(request, "sign_in.html", {"next": local_path(next)})
