"""A paper's practices as spreadsheet rows, one row per practice: the columns, and the
checking of every row of a sheet before any of it is taken.

The columns (a header row names them; their order is free, their names are exact):

- `key` — the practice's stable key (required);
- `name.<lang>`, `summary.<lang>`, `outcomes.<lang>` — its text in each of the paper's
  languages; the source language's name is required, a target language's columns may be
  left empty (no translation). Outcome statements are one per line within the cell,
  since prose holds semicolons;
- `country` (ISO 3166-1 alpha-2), `region` (UN M49 code; derived from the country when
  empty), `city`, `start_year`, `end_year`;
- `actors`, `approaches`, `evidence`, `sources` — several values joined by `;`: terms of
  the vocabularies, one strength of evidence per outcome (in their order), and ids of the
  paper's bibliography;
- `verified`, `proposed_by` — written by the export, ignored by an import: verification is
  the secretariat's act, one practice at a time.

An import is all or nothing: every row is checked first, and a single refused row
refuses the whole file with a report of each refusal (row, as a spreadsheet program
numbers it, the header being row 1; column; reason). It is idempotent: a row equal to
what is stored changes nothing, so the same file twice changes nothing the second time.
A translation cell equal to the stored translation keeps it as it was (stale, if it
was); a new one is taken as made from the row's source text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from drafts.errors import DomainError, InvalidRequest
from drafts.model import Paper, check_slug
from drafts.practice_commands import PracticeFields
from drafts.practice_facts import FIRST_YEAR, LAST_YEAR, bibliography_keys
from drafts.practice_texts import check_text
from drafts.practices import Practice
from drafts.regions import check_country, check_region, place
from drafts.vocabularies import Actor, Approach, check_evidence, check_terms

FACT_COLUMNS = (
    "country",
    "region",
    "city",
    "start_year",
    "end_year",
    "actors",
    "approaches",
    "evidence",
    "sources",
)
EXPORT_ONLY = ("verified", "proposed_by")
TEXT_COLUMNS = ("name", "summary", "outcomes")
MAX_CELL = 10_000
MAX_REPORT = 200

Rows = list[list[str]]
Translation = tuple[str, str, tuple[str, ...]]  # name, summary, outcome statements


def columns(paper: Paper) -> list[str]:
    """The header of the paper's sheet: the source language's text first."""
    languages = (paper.source_language, *paper.target_languages)
    texts = [f"{c}.{lang}" for lang in languages for c in TEXT_COLUMNS]
    return ["key", *texts[:3], *FACT_COLUMNS, *texts[3:], *EXPORT_ONLY]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split(";") if v.strip())


def _lines(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.splitlines() if v.strip())


@dataclass(frozen=True)
class Refusal:
    row: int
    column: str | None
    reason: str


@dataclass
class SheetRow:
    number: int
    key: str
    fields: PracticeFields
    translations: dict[str, Translation] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportReport:
    rows: int
    proposed: int
    edited: int
    translated: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.proposed or self.edited or self.translated)


class ImportRefused(InvalidRequest):
    """Rows were refused: nothing of the file was taken (the report says why)."""


class _Checker:
    def __init__(self, paper: Paper, bibliography: frozenset[str]) -> None:
        self.paper = paper
        self.bibliography = bibliography
        self.refused: list[Refusal] = []

    def refuse(self, row: int, column: str | None, reason: str) -> None:
        self.refused.append(Refusal(row, column, reason))

    def header(self, header: list[str]) -> dict[str, int]:
        known = set(columns(self.paper))
        positions: dict[str, int] = {}
        for i, raw in enumerate(header):
            name = raw.strip().lower()
            if not name:
                continue
            if name not in known:
                self.refuse(1, raw[:60], "not a column of this paper's practices")
            elif name in positions:
                self.refuse(1, name, "the column is named twice")
            positions[name] = i
        for required in ("key", f"name.{self.paper.source_language}"):
            if required not in positions:
                self.refuse(1, required, "this column is required")
        return positions

    def row(self, number: int, cells: dict[str, str]) -> SheetRow | None:
        before = len(self.refused)
        for column, value in cells.items():
            if len(value) > MAX_CELL:
                self.refuse(number, column, f"longer than {MAX_CELL} characters")
        if len(self.refused) > before:
            return None
        source = self.paper.source_language
        key = cells.get("key", "").strip()
        country, region = cells.get("country", "").strip(), cells.get("region", "").strip()
        years = {c: self._year(number, c, cells.get(c, "")) for c in ("start_year", "end_year")}
        checks = (
            ("key", lambda: check_slug(key, "practice key")),
            ("country", lambda: country and check_country(country)),
            ("region", lambda: region and check_region(region)),
            ("actors", lambda: check_terms(_split(cells.get("actors", "")), Actor, "actors")),
            (
                "approaches",
                lambda: check_terms(_split(cells.get("approaches", "")), Approach, "approaches"),
            ),
            (
                "evidence",
                lambda: [check_evidence(e, "evidence") for e in _split(cells.get("evidence", ""))],
            ),
        )
        for column, check in checks:
            self._try(number, column, check)
        if len(self.refused) == before and (country or region):
            self._try(number, "region", lambda: place(country or None, region or None))
        outcomes = _lines(cells.get(f"outcomes.{source}", ""))
        evidence = _split(cells.get("evidence", ""))
        if len(outcomes) != len(evidence):
            self.refuse(
                number,
                "evidence",
                f"{len(outcomes)} outcomes and {len(evidence)} strengths of evidence: "
                "give one strength per outcome",
            )
        sources = _split(cells.get("sources", ""))
        unknown = [s for s in sources if s not in self.bibliography]
        if unknown:
            self.refuse(
                number, "sources", "not in the paper's bibliography: " + ", ".join(unknown[:10])
            )
        fields = PracticeFields(
            name=cells.get(f"name.{source}", ""),
            summary=cells.get(f"summary.{source}", ""),
            country=country or None,
            region=region or None,
            city=cells.get("city", ""),
            start_year=years["start_year"],
            end_year=years["end_year"],
            actors=_split(cells.get("actors", "")),
            approaches=_split(cells.get("approaches", "")),
            outcomes=tuple(zip(outcomes, evidence, strict=False)),
            sources=sources,
        )
        if len(self.refused) == before:
            # What the columns do not show alone: an empty name, the period's order.
            self._try(number, None, lambda: fields.checked(self.bibliography))
        parsed = SheetRow(number, key, fields)
        for lang in self.paper.target_languages:
            name = cells.get(f"name.{lang}", "").strip()
            summary = cells.get(f"summary.{lang}", "")
            translated = _lines(cells.get(f"outcomes.{lang}", ""))
            if not (name or summary.strip() or translated):
                continue
            if not name:
                self.refuse(number, f"name.{lang}", "a translation needs its name")
                continue
            # How many outcomes it must have is checked against what is stored
            # (`stored_refusals`): a stale translation, unchanged, may have fewer.
            try:
                parsed.translations[lang] = check_text(name, summary, translated, lang)
            except InvalidRequest as error:
                self.refuse(number, f"name.{lang}", error.detail)
        return parsed if len(self.refused) == before else None

    def _year(self, number: int, column: str, cell: str) -> int | None:
        cell = cell.strip()
        if not cell:
            return None
        if not (cell.isascii() and cell.isdigit() and FIRST_YEAR <= int(cell) <= LAST_YEAR):
            self.refuse(number, column, f"a year between {FIRST_YEAR} and {LAST_YEAR}")
            return None
        return int(cell)

    def _try(self, number: int, column: str | None, check: Callable[[], object]) -> None:
        try:
            check()
        except DomainError as error:
            self.refuse(number, column, error.detail)


def check_rows(paper: Paper, rows: Rows) -> tuple[list[SheetRow], list[Refusal]]:
    """Every data row parsed, or the refusals found (all of them, up to MAX_REPORT)."""
    checker = _Checker(paper, bibliography_keys(paper.bibliography))
    if not rows:
        checker.refuse(1, None, "the file is empty: it needs a header row")
        return [], checker.refused
    positions = checker.header(rows[0])
    if checker.refused:
        return [], checker.refused
    parsed: list[SheetRow] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line between practices
        cells = {name: row[i] if i < len(row) else "" for name, i in positions.items()}
        key = cells.get("key", "").strip()
        found = checker.row(number, cells)
        if key in seen:
            checker.refuse(number, "key", f"the key is on row {seen[key]} already")
        else:
            seen[key] = number
            if found is not None:
                parsed.append(found)
        if len(checker.refused) >= MAX_REPORT:
            break
    return parsed, checker.refused


def unchanged_translation(practice: Practice | None, lang: str, text: Translation) -> bool:
    """Whether the row's translation is the one stored (which it then keeps, stale or not)."""
    old = practice.texts.get(lang) if practice else None
    return old is not None and (old.name, old.summary, old.outcomes) == text


def stored_refusals(row: SheetRow, practice: Practice | None) -> list[Refusal]:
    """What refuses the row given the practice stored under its key (None: a new one)."""
    if practice is not None and practice.retired:
        return [Refusal(row.number, "key", "the practice is retired")]
    refused = []
    outcomes = len(row.fields.outcomes)
    for lang, text in row.translations.items():
        if not unchanged_translation(practice, lang, text) and len(text[2]) != outcomes:
            refused.append(
                Refusal(
                    row.number,
                    f"outcomes.{lang}",
                    f"{len(text[2])} outcomes translated; the source has {outcomes}",
                )
            )
    return refused


def report_of(refused: list[Refusal]) -> list[dict[str, object]]:
    return [{"row": r.row, "column": r.column, "reason": r.reason} for r in refused[:MAX_REPORT]]
