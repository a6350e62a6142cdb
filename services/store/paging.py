"""What the queries of a paper's overviews share: keeping to one page of its sections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select

from services.store.tables import SectionRow

Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


def only_sections(query: Query, keys: Sequence[str] | None) -> Query:
    """The query kept to the sections with these keys (all of them with None): a page of
    a big paper's status matrix reads its own rows, not the paper's 6,000."""
    if keys is None:
        return query
    return query.where(SectionRow.key.in_(list(keys)))
