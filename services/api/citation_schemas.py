"""What the API shows of the practices the texts cite."""

from __future__ import annotations

from pydantic import BaseModel, Field

from workflows.practice_citations import CitedPractice


class PracticeCitationOut(BaseModel):
    section: str
    language: str
    practice: str = Field(description="The key cited, as `{practice:KEY}` in the text")
    known: bool = Field(description="Whether the paper's catalogue has the practice")
    verified: bool = Field(description="Whether the secretariat has verified it")

    @classmethod
    def of(cls, cited: CitedPractice) -> PracticeCitationOut:
        return cls(
            section=cited.section,
            language=cited.language,
            practice=cited.practice,
            known=cited.known,
            verified=cited.verified,
        )
