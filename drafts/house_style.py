"""How a paper is printed: its distribution and the house style of UN documents.

The Editorial Manual's choices that belong to a paper rather than to its text: who may
receive it (the distribution category of its masthead), whether the masthead shows the
words "United Nations" and a principal organ, how chapters are numbered, and whether the
paragraphs are numbered so that they, not pages, can be cited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from drafts.errors import InvalidRequest

# The distribution categories of the Editorial Manual ("Mastheads and cover pages").
DISTRIBUTIONS = ("general", "limited", "restricted")
# The principal organs a masthead can name, in the renderer's six languages.
ORGANS = ("general-assembly", "security-council", "economic-and-social-council", "secretariat")
CHAPTER_NUMBERINGS = ("arabic", "roman")


def check_distribution(value: str) -> str:
    """The distribution category, in lower case: general, limited or restricted."""
    key = value.strip().lower()
    if key not in DISTRIBUTIONS:
        raise InvalidRequest(
            f"distribution must be one of {', '.join(DISTRIBUTIONS)}, got {value!r}"
        )
    return key


@dataclass(frozen=True)
class HouseStyle:
    """The masthead's optional elements and the numbering of chapters and paragraphs."""

    united_nations: bool = False  # the words "United Nations" at the head of the masthead
    organ: str | None = None  # a principal organ, one of ORGANS
    chapter_numbering: str = "arabic"  # "arabic" (1, 2) or "roman" (I, II)
    numbered_paragraphs: bool = False  # 1., 2., ... through the document

    def __post_init__(self) -> None:
        if self.organ is not None and self.organ not in ORGANS:
            raise InvalidRequest(f"organ must be one of {', '.join(ORGANS)}, got {self.organ!r}")
        if self.chapter_numbering not in CHAPTER_NUMBERINGS:
            raise InvalidRequest(
                f"chapter_numbering must be one of {', '.join(CHAPTER_NUMBERINGS)}, "
                f"got {self.chapter_numbering!r}"
            )

    @property
    def is_default(self) -> bool:
        return self == HouseStyle()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> HouseStyle:
        """The style stored as `as_dict` wrote it; keys it does not know are ignored."""
        known = {k: v for k, v in (values or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)
