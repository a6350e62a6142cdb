"""Putting the demo's practices into its paper's catalogue, as members would.

Each is proposed by a member, translated by the paper's translators and verified by the
secretariat, through the catalogue's own workflows, so every step leaves its event.
"""

from __future__ import annotations

from drafts.practice_commands import (
    PracticeFields,
    ProposePractice,
    TranslatePractice,
    VerifyPractice,
)
from services.bootstrap import Accord
from services.demo.practices import PRACTICES
from workflows.practices import propose_practice, translate_practice, verify_practice


async def load_practices(
    accord: Accord, paper: str, secretariat: str, translators: dict[str, str]
) -> int:
    """Propose, translate and verify every demo practice; how many there are."""
    for practice in PRACTICES:
        name, summary, outcomes = practice.texts["en"]
        fields = PracticeFields(
            name=name,
            summary=summary,
            country=practice.country,
            city=practice.city,
            start_year=practice.start_year,
            actors=practice.actors,
            approaches=practice.approaches,
            outcomes=tuple(zip(outcomes, practice.evidence, strict=True)),
            sources=practice.sources,
        )
        async with accord.transaction() as uow:
            await propose_practice(
                ProposePractice(
                    actor=practice.proposed_by, paper=paper, key=practice.key, fields=fields
                ),
                uow,
            )
            for language, translator in translators.items():
                name, summary, outcomes = practice.texts[language]
                await translate_practice(
                    TranslatePractice(
                        actor=translator,
                        paper=paper,
                        key=practice.key,
                        language=language,
                        name=name,
                        summary=summary,
                        outcomes=outcomes,
                    ),
                    uow,
                )
            await verify_practice(
                VerifyPractice(actor=secretariat, paper=paper, key=practice.key), uow
            )
    return len(PRACTICES)
