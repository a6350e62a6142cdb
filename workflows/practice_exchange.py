"""Practices in and out as spreadsheets: the import, all or nothing, and the export.

The columns and the checking of rows are `drafts.practice_sheet`'s. An import checks the
whole sheet, then makes every change in the domain first and stores them together: a
sheet of two thousand practices is a few statements per practice, not a handler each.
"""

from __future__ import annotations

from drafts.model import Paper
from drafts.practice_access import PracticeAction, authorize_practice
from drafts.practice_events import PracticesImported
from drafts.practice_facts import bibliography_keys
from drafts.practice_sheet import (
    ImportRefused,
    ImportReport,
    Rows,
    SheetRow,
    check_rows,
    report_of,
    stored_refusals,
    unchanged_translation,
)
from drafts.practice_sheet_export import export_rows
from drafts.practices import Practice, new_practice
from workflows.papers import load_paper
from workflows.practice_ports import PracticeUnitOfWork
from workflows.practices import edited_event, now, proposed_event, translated_event

__all__ = ["ImportRefused", "ImportReport", "export_practices", "import_practices"]


def _apply(
    practice: Practice, row: SheetRow, actor: str, paper: Paper
) -> tuple[Practice, list[str]]:
    """The row's translations on the practice, and the languages they changed."""
    changed: list[str] = []
    for lang, text in row.translations.items():
        if unchanged_translation(practice, lang, text):
            continue
        name, summary, outcomes = text
        authorize_practice(paper, actor, PracticeAction.TRANSLATE, practice=practice, language=lang)
        practice, moved = practice.translated(actor, lang, name, summary, outcomes)
        if moved:
            changed.append(lang)
    return practice, changed


async def import_practices(
    uow: PracticeUnitOfWork, slug: str, actor: str, rows: Rows, sha256: str, kind: str
) -> ImportReport:
    """Take every row of the sheet, or none (ImportRefused, with the report)."""
    paper = await load_paper(uow, slug, actor)
    authorize_practice(paper, actor, PracticeAction.IMPORT)
    parsed, refused = check_rows(paper, rows)
    stored = {p.key: p for p in await uow.practices.all_of(paper, retired=True)}
    for row in parsed:
        refused += stored_refusals(row, stored.get(row.key))
    if refused:
        raise ImportRefused(
            f"{len(refused)} refusal(s): nothing was imported", refused=report_of(refused)
        )
    bibliography = bibliography_keys(paper.bibliography)
    at = now()
    new: list[Practice] = []
    changed: list[Practice] = []
    proposed = edited = translated = unchanged = 0
    for row in parsed:
        facts, name, summary, outcomes = row.fields.checked(bibliography)
        existing = stored.get(row.key)
        if existing is None:
            practice = new_practice(
                row.key, paper.source_language, facts, name, summary, outcomes, actor, at
            )
            uow.record(proposed_event(actor, paper, practice))
            proposed += 1
        else:
            authorize_practice(paper, actor, PracticeAction.EDIT, practice=existing)
            practice, fields = existing.revised(actor, facts, name, summary, outcomes)
            if fields:
                uow.record(edited_event(actor, paper, existing, practice, fields))
                edited += 1
        practice, languages = _apply(practice, row, actor, paper)
        for lang in languages:
            uow.record(translated_event(actor, paper, practice, lang))
        translated += len(languages)
        if existing is None:
            new.append(practice)
        elif practice is not existing:
            changed.append(practice)
        else:
            unchanged += 1
    await uow.practices.add_all(paper, new)
    for practice in changed:
        await uow.practices.save(practice)
    report = ImportReport(
        rows=len(parsed),
        proposed=proposed,
        edited=edited,
        translated=translated,
        unchanged=unchanged,
    )
    if report.changed:
        uow.record(
            PracticesImported(
                actor=actor,
                paper=paper.slug,
                sha256=sha256,
                format=kind,
                rows=report.rows,
                proposed=proposed,
                edited=edited,
                translated=translated,
            )
        )
    return report


async def export_practices(uow: PracticeUnitOfWork, slug: str, actor: str) -> tuple[Paper, Rows]:
    paper = await load_paper(uow, slug, actor)
    authorize_practice(paper, actor, PracticeAction.VIEW)
    return paper, export_rows(paper, await uow.practices.all_of(paper))
