"""`accord demo` end to end, with the real renderer: the final version publishes in Spanish and
French what the approved English says, not what its first draft said.

On SQLite the demo checked is the run's own (`demo_site`, loaded once by `accord demo` for
the browser tests and the fuzzing): loading it again here took a quarter of a minute.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from docx import Document

from drafts.publications import Publication, PublicationKind, PublicationStatus
from drafts.text import content_hash
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.demo import content
from services.demo.content import DemoSection
from services.demo.loader import SECRETARIAT, SLUG, load_demo
from tests.demo_site import DemoSite
from workflows.versions import get_publication

LANGUAGES = tuple(content.PAPER["languages"])


def frozen(publication: Publication) -> dict[tuple[str, str], str]:
    return {(e.section, e.language): e.content_hash for e in publication.manifest}


def hashes(text: Callable[[DemoSection, str], str]) -> dict[tuple[str, str], str]:
    return {
        (s.key, lang): content_hash(text(s, lang)) for s in content.SECTIONS for lang in LANGUAGES
    }


@pytest.fixture
def database_url(postgresql_url: str) -> str:
    """Loaded here on PostgreSQL, by the loader in this process (SQLite's is the run's)."""
    return postgresql_url


@pytest.fixture
async def demo_copy(demo_site: DemoSite, tmp_path: Path) -> AsyncIterator[Accord]:
    """An Accord over a copy of the run's demo, as `accord demo` left it on SQLite."""
    env = demo_site.copy_to(tmp_path / "site")
    copied = bootstrap(
        Settings(
            environment="test",
            database_url=env["ACCORD_DATABASE_URL"],
            data_dir=Path(env["ACCORD_DATA_DIR"]),
            token_secret="test-secret-" + "x" * 32,
        )
    )
    yield copied
    await copied.close()


async def test_the_final_version_publishes_the_approved_text_in_every_language(
    accord: Accord,
) -> None:
    await load_demo(accord, announce=lambda _line: None)
    await final_version_is_the_approved_text(accord)


async def test_the_demo_of_the_command_publishes_the_approved_text_on_sqlite(
    demo_copy: Accord,
) -> None:
    await final_version_is_the_approved_text(demo_copy)


async def final_version_is_the_approved_text(accord: Accord) -> None:
    async with accord.uow() as uow:
        draft, _ = await get_publication(uow, SLUG, SECRETARIAT, "0.1")
        final, artifacts = await get_publication(uow, SLUG, SECRETARIAT, "1.0")

    assert (draft.kind, draft.status) == (PublicationKind.DRAFT, PublicationStatus.PUBLISHED)
    assert (final.kind, final.status) == (PublicationKind.FINAL, PublicationStatus.PUBLISHED)
    assert frozen(draft) == hashes(lambda section, lang: section.bodies[lang])
    assert frozen(final) == hashes(content.approved_body)

    suggestions = [c for c in content.COMMENTS if c.replacement is not None]
    for lang in ("es", "fr"):
        [docx] = [a for a in artifacts if a.language == lang and a.format == "docx"]
        assert docx.path is not None
        paragraphs = Document(str(accord.files.local_path(docx.path))).paragraphs
        # Pandoc's smart punctuation turns the apostrophes of the Markdown into typographic ones.
        text = "\n".join(p.text for p in paragraphs).replace("\u2019", "'")
        for comment in suggestions:
            exact, replacement = comment.translations[lang]
            assert replacement in text, (lang, replacement)
            assert exact not in text, (lang, exact)
        # The cover names the forum as the document's language writes it.
        forum = content.PAPER["forum"][lang]
        assert forum in text, (lang, forum)
        assert content.PAPER["forum"]["en"] not in text

    # Without SMTP the demo's notifications are mail files: reviews asked for, and the
    # published versions, each naming the paper and linking to it.
    mails = [
        f"{m['Subject']}\n{m.get_content()}"
        for p in (accord.settings.data_dir / "mail").glob("*.eml")
        if isinstance(m := message_from_bytes(p.read_bytes(), policy=policy.default), EmailMessage)
    ]
    assert any("awaits your review" in m for m in mails)
    assert any("Version 1.0 is published" in m and "/versions/1.0" in m for m in mails)
