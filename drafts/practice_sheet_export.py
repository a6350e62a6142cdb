"""A paper's practices as the rows of a sheet, in the columns `practice_sheet` reads back."""

from __future__ import annotations

from drafts.model import Paper
from drafts.practice_sheet import Rows, columns
from drafts.practices import Practice


def _joined(values: list[str] | tuple[str, ...]) -> str:
    return ";".join(values)


def export_rows(paper: Paper, practices: list[Practice]) -> Rows:
    """The header and one row per practice, in key order."""
    header = columns(paper)
    rows: Rows = [header]
    for p in practices:
        facts = p.facts
        cells = {
            "key": p.key,
            "country": facts.country or "",
            "region": facts.region,
            "city": facts.city,
            "start_year": str(facts.start_year or ""),
            "end_year": str(facts.end_year or ""),
            "actors": _joined([a.value for a in facts.actors]),
            "approaches": _joined([a.value for a in facts.approaches]),
            "evidence": _joined([e.value for e in facts.evidence]),
            "sources": _joined(facts.sources),
            "verified": "yes" if p.verified else "no",
            "proposed_by": p.proposed_by,
        }
        for lang, text in p.texts.items():
            cells[f"name.{lang}"] = text.name
            cells[f"summary.{lang}"] = text.summary
            cells[f"outcomes.{lang}"] = "\n".join(text.outcomes)
        rows.append([cells.get(c, "") for c in header])
    return rows
