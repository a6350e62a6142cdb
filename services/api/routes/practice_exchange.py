"""A paper's practices as a spreadsheet: exported as CSV or XLSX, imported all or nothing."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from fastapi import APIRouter, Request, Response

from services.api.deps import CurrentUser, UowDep
from services.api.idempotency import Answer, commit_once
from services.api.practice_schemas import ImportOut
from services.spreadsheets import CSV, XLSX, Limits, read_table, write_csv, write_xlsx
from workflows.practice_exchange import export_practices, import_practices

router = APIRouter(tags=["practices"])

LIMITS = Limits()
_UPLOAD: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The spreadsheet itself, as the request body: CSV (UTF-8) or XLSX",
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in (CSV, XLSX, "application/octet-stream")
        },
    }
}
_PROBLEMS: dict[int | str, dict[str, Any]] = {
    413: {"description": "The file, a row count or a column count is over its limit"},
    415: {"description": "Not CSV or XLSX (a legacy .xls, macros, a password)"},
    422: {"description": "Rows refused (`refused`: row, column, reason); nothing was imported"},
}


@router.post(
    "/papers/{paper}/practices/imports",
    status_code=201,
    response_model=ImportOut,
    responses={200: {"model": ImportOut, "description": "Nothing changed"}, **_PROBLEMS},
    openapi_extra=_UPLOAD,
)
async def post_practice_import(
    paper: str, request: Request, uow: UowDep, caller: CurrentUser
) -> Response:
    """Import practices from a spreadsheet (secretariat): one row per practice, by key;
    new keys are proposed, known ones edited. All or nothing, and the same file twice
    changes nothing the second time (200, `changed: false`)."""
    data = await request.body()
    kind = request.headers.get("content-type", CSV).split(";")[0].strip().lower()
    rows = await asyncio.to_thread(read_table, data, kind, LIMITS)
    sha256 = hashlib.sha256(data).hexdigest()
    fmt = "csv" if not data.startswith(b"PK") else "xlsx"

    async def act() -> Answer:
        report = await import_practices(uow, paper, caller.name, rows, sha256, fmt)
        out = ImportOut(
            changed=report.changed,
            rows=report.rows,
            proposed=report.proposed,
            edited=report.edited,
            translated=report.translated,
            unchanged=report.unchanged,
        )
        return Answer(201 if report.changed else 200, out.model_dump(mode="json"))

    return await commit_once(request, uow, caller, act)


def _file(paper: str, data: bytes, kind: str, suffix: str) -> Response:
    return Response(
        data,
        media_type=kind,
        headers={"Content-Disposition": f'attachment; filename="{paper}-practices.{suffix}"'},
    )


@router.get(
    "/papers/{paper}/practices.csv",
    response_class=Response,
    responses={200: {"content": {CSV: {}}, "description": "One row per practice"}},
)
async def get_practices_csv(paper: str, uow: UowDep, caller: CurrentUser) -> Response:
    """The paper's practices in use as CSV (UTF-8), every language in its own columns."""
    found, rows = await export_practices(uow, paper, caller.name)
    return _file(found.slug, write_csv(rows), f"{CSV}; charset=utf-8", "csv")


@router.get(
    "/papers/{paper}/practices.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "One row per practice"}},
)
async def get_practices_xlsx(paper: str, uow: UowDep, caller: CurrentUser) -> Response:
    """The paper's practices in use as an XLSX workbook, with the CSV's columns."""
    found, rows = await export_practices(uow, paper, caller.name)
    data = await asyncio.to_thread(write_xlsx, rows)
    return _file(found.slug, data, XLSX, "xlsx")
