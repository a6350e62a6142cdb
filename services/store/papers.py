"""Queries on papers and memberships."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from drafts.house_style import HouseStyle
from drafts.model import Paper, Role, Untranslated
from services.store.tables import MembershipRow, PaperRow

Members = tuple[dict[str, frozenset[Role]], dict[str, dict[Role, tuple[str, ...]]]]


def paper_of(row: PaperRow | Row[Any], found: Members) -> Paper:
    """The paper of a row (an ORM object, or the table's columns) and its members."""
    members, member_languages = found
    return Paper(
        slug=row.slug,
        titles=dict(row.titles),
        source_language=row.source_language,
        languages=tuple(row.languages),
        symbol=row.symbol,
        forum=row.forum,
        forums=dict(row.forums or {}),
        date=row.date,
        approvals_required=row.approvals_required,
        secretariat_approval_required=row.secretariat_approval_required,
        members=members,
        member_languages=member_languages,
        bibliography=row.bibliography,
        untranslated=Untranslated(row.untranslated or Untranslated.SOURCE.value),
        id=row.id,
        distribution=row.distribution,
        house_style=HouseStyle.from_dict(row.house_style),
    )


# Every request reads its paper and the members: built once; the members as columns,
# not ORM objects (a paper has dozens).
_BY_SLUG = select(PaperRow).where(PaperRow.slug == bindparam("slug"))
_MEMBERS = select(
    MembershipRow.paper_id, MembershipRow.user_name, MembershipRow.roles, MembershipRow.languages
).where(MembershipRow.paper_id.in_(bindparam("ids", expanding=True)))


def add_member(
    found: Members, user: str, roles: list[str], languages: dict[str, list[str]] | None
) -> None:
    """Add one membership row's user, roles and role languages to `found`."""
    by_user, member_languages = found
    by_user[user] = frozenset(Role(r) for r in roles)
    if languages:
        member_languages[user] = {Role(role): tuple(langs) for role, langs in languages.items()}


async def read_members(session: AsyncSession, paper_ids: list[int]) -> dict[int, Members]:
    """The members of each paper, by paper id."""
    members: dict[int, Members] = defaultdict(lambda: ({}, {}))
    if paper_ids:
        rows = await session.execute(_MEMBERS, {"ids": paper_ids})
        for m in rows:
            add_member(members[m.paper_id], m.user_name, m.roles, m.languages)
    return members


class SqlPapers:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _members(self, paper_ids: list[int]) -> dict[int, Members]:
        return await read_members(self.session, paper_ids)

    async def get(self, slug: str) -> Paper | None:
        row = await self.session.scalar(_BY_SLUG, {"slug": slug})
        if row is None:
            return None
        return paper_of(row, (await self._members([row.id]))[row.id])

    async def add(self, paper: Paper) -> Paper:
        row = PaperRow(
            slug=paper.slug,
            titles=paper.titles,
            source_language=paper.source_language,
            languages=list(paper.languages),
            symbol=paper.symbol,
            forum=paper.forum,
            forums=paper.forums,
            date=paper.date,
            approvals_required=paper.approvals_required,
            secretariat_approval_required=paper.secretariat_approval_required,
            untranslated=paper.untranslated.value,
            created_at=datetime.now(UTC),
            distribution=paper.distribution,
            house_style=None if paper.house_style.is_default else paper.house_style.as_dict(),
        )
        self.session.add(row)
        await self.session.flush()
        paper.id = row.id
        return paper

    async def set_member(
        self,
        paper: Paper,
        user: str,
        roles: frozenset[str],
        languages: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        assert paper.id is not None
        await self.session.execute(
            delete(MembershipRow).where(
                MembershipRow.paper_id == paper.id, MembershipRow.user_name == user
            )
        )
        if roles:
            limited = {role: list(langs) for role, langs in sorted((languages or {}).items())}
            self.session.add(
                MembershipRow(
                    paper_id=paper.id,
                    user_name=user,
                    roles=sorted(roles),
                    languages=limited or None,
                )
            )
        await self.session.flush()

    async def update(self, paper: Paper) -> None:
        row = await self.session.get_one(PaperRow, paper.id)
        row.titles = paper.titles
        row.symbol = paper.symbol
        row.forum = paper.forum
        row.forums = paper.forums
        row.date = paper.date
        row.distribution = paper.distribution
        row.house_style = None if paper.house_style.is_default else paper.house_style.as_dict()
        row.languages = list(paper.languages)
        row.approvals_required = paper.approvals_required
        row.secretariat_approval_required = paper.secretariat_approval_required
        row.untranslated = paper.untranslated.value
        await self.session.flush()

    async def set_bibliography(self, paper: Paper, bibliography: str | None) -> None:
        row = await self.session.get_one(PaperRow, paper.id)
        row.bibliography = bibliography
        await self.session.flush()

    async def list_for(self, user: str, after: int, limit: int) -> list[Paper]:
        rows = list(
            await self.session.scalars(
                select(PaperRow)
                .join(MembershipRow, MembershipRow.paper_id == PaperRow.id)
                .where(MembershipRow.user_name == user, PaperRow.id > after)
                .order_by(PaperRow.id)
                .limit(limit)
            )
        )
        members = await self._members([r.id for r in rows])
        return [paper_of(r, members[r.id]) for r in rows]
