"""Queries on a paper's catalogue of practices."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.model import Paper
from drafts.practice_facts import Facts
from drafts.practice_texts import PracticeText
from drafts.practices import Practice
from drafts.vocabularies import Actor, Approach, Evidence
from services.store.practice_tables import PracticeRow, PracticeTextRow
from workflows.practice_ports import PracticeFilter


def _terms(values: Sequence[str]) -> str:
    return ";" + "".join(f"{v};" for v in values) if values else ""


def _split(stored: str) -> list[str]:
    return [v for v in stored.split(";") if v]


def _like(text: str) -> str:
    """A LIKE pattern finding `text` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _practice(row: PracticeRow, texts: list[PracticeTextRow]) -> Practice:
    return Practice(
        key=row.key,
        source_language=row.source_language,
        facts=Facts(
            region=row.region,
            country=row.country,
            city=row.city,
            start_year=row.start_year,
            end_year=row.end_year,
            actors=tuple(Actor(v) for v in _split(row.actors)),
            approaches=tuple(Approach(v) for v in _split(row.approaches)),
            evidence=tuple(Evidence(v) for v in row.evidence),
            sources=tuple(row.sources),
        ),
        texts={
            t.language: PracticeText(
                name=t.name,
                summary=t.summary,
                outcomes=tuple(t.outcomes),
                author=t.author,
                revision=t.revision,
                source_revision=t.source_revision,
            )
            for t in texts
        },
        proposed_by=row.proposed_by,
        proposed_at=row.proposed_at,
        verified_by=row.verified_by,
        verified_at=row.verified_at,
        retired_at=row.retired_at,
        version=row.version,
        id=row.id,
    )


def _fill(row: PracticeRow, practice: Practice) -> None:
    facts = practice.facts
    row.region = facts.region
    row.country = facts.country
    row.city = facts.city
    row.start_year = facts.start_year
    row.end_year = facts.end_year
    row.actors = _terms(facts.actors)
    row.approaches = _terms(facts.approaches)
    row.evidence = [e.value for e in facts.evidence]
    row.sources = list(facts.sources)
    row.verified_by = practice.verified_by
    row.verified_at = practice.verified_at
    row.retired_at = practice.retired_at
    row.version = practice.version


def _text_row(practice_id: int, language: str, text: PracticeText) -> PracticeTextRow:
    return PracticeTextRow(
        practice_id=practice_id,
        language=language,
        name=text.name,
        summary=text.summary,
        outcomes=list(text.outcomes),
        author=text.author,
        revision=text.revision,
        source_revision=text.source_revision,
    )


class SqlPractices:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _with_texts(self, rows: Sequence[PracticeRow]) -> list[Practice]:
        if not rows:
            return []
        found = await self.session.scalars(
            select(PracticeTextRow).where(PracticeTextRow.practice_id.in_([r.id for r in rows]))
        )
        texts: dict[int, list[PracticeTextRow]] = {}
        for text in found:
            texts.setdefault(text.practice_id, []).append(text)
        return [_practice(row, texts.get(row.id, [])) for row in rows]

    async def get(self, paper: Paper, key: str, *, lock: bool = False) -> Practice | None:
        query = select(PracticeRow).where(PracticeRow.paper_id == paper.id, PracticeRow.key == key)
        if lock:
            query = query.with_for_update()
        row = await self.session.scalar(query)
        return (await self._with_texts([row]))[0] if row is not None else None

    async def all_of(self, paper: Paper, *, retired: bool = False) -> list[Practice]:
        query = select(PracticeRow).where(PracticeRow.paper_id == paper.id)
        if not retired:
            query = query.where(PracticeRow.retired_at.is_(None))
        rows = (await self.session.scalars(query.order_by(PracticeRow.key))).all()
        return await self._with_texts(rows)

    async def page(
        self, paper: Paper, where: PracticeFilter, after: int, limit: int
    ) -> list[Practice]:
        query = select(PracticeRow).where(PracticeRow.paper_id == paper.id, PracticeRow.id > after)
        if not where.retired:
            query = query.where(PracticeRow.retired_at.is_(None))
        if where.regions is not None:
            query = query.where(PracticeRow.region.in_(sorted(where.regions)))
        if where.country is not None:
            query = query.where(PracticeRow.country == where.country)
        if where.approach is not None:
            query = query.where(PracticeRow.approaches.like(f"%;{where.approach};%"))
        if where.actor is not None:
            query = query.where(PracticeRow.actors.like(f"%;{where.actor};%"))
        if where.verified is not None:
            verified = PracticeRow.verified_by.is_not(None)
            query = query.where(verified if where.verified else ~verified)
        if where.text:
            pattern = _like(where.text)
            in_texts = exists().where(
                PracticeTextRow.practice_id == PracticeRow.id,
                or_(
                    PracticeTextRow.name.ilike(pattern, escape="\\"),
                    PracticeTextRow.summary.ilike(pattern, escape="\\"),
                ),
            )
            query = query.where(
                or_(
                    in_texts,
                    PracticeRow.key.ilike(pattern, escape="\\"),
                    PracticeRow.city.ilike(pattern, escape="\\"),
                )
            )
        rows = (await self.session.scalars(query.order_by(PracticeRow.id).limit(limit))).all()
        return await self._with_texts(rows)

    async def add(self, paper: Paper, practice: Practice) -> Practice:
        assert paper.id is not None
        row = PracticeRow(
            paper_id=paper.id,
            key=practice.key,
            source_language=practice.source_language,
            proposed_by=practice.proposed_by,
            proposed_at=practice.proposed_at,
        )
        _fill(row, practice)
        self.session.add(row)
        await self.session.flush()
        practice.id = row.id
        await self._save_texts(practice)
        return practice

    async def add_all(self, paper: Paper, practices: list[Practice]) -> None:
        # Two flushes in all, so that the database gets its rows in batches.
        assert paper.id is not None
        rows = []
        for practice in practices:
            row = PracticeRow(
                paper_id=paper.id,
                key=practice.key,
                source_language=practice.source_language,
                proposed_by=practice.proposed_by,
                proposed_at=practice.proposed_at,
            )
            _fill(row, practice)
            rows.append(row)
        self.session.add_all(rows)
        await self.session.flush()
        for practice, row in zip(practices, rows, strict=True):
            practice.id = row.id
            for language, text in practice.texts.items():
                self.session.add(_text_row(practice.id, language, text))
        await self.session.flush()

    async def save(self, practice: Practice) -> None:
        assert practice.id is not None
        row = await self.session.get_one(PracticeRow, practice.id)
        _fill(row, practice)
        await self._save_texts(practice)

    async def _save_texts(self, practice: Practice) -> None:
        rows = {
            t.language: t
            for t in await self.session.scalars(
                select(PracticeTextRow).where(PracticeTextRow.practice_id == practice.id)
            )
        }
        for language, text in practice.texts.items():
            row = rows.get(language)
            if row is None:
                assert practice.id is not None
                self.session.add(_text_row(practice.id, language, text))
                continue
            row.name, row.summary, row.outcomes = text.name, text.summary, list(text.outcomes)
            row.author, row.revision = text.author, text.revision
            row.source_revision = text.source_revision
        gone = [rows[lang].id for lang in rows if lang not in practice.texts]
        if gone:
            await self.session.execute(delete(PracticeTextRow).where(PracticeTextRow.id.in_(gone)))
        await self.session.flush()
