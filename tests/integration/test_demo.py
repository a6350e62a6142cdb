"""`accord demo` end to end, with the real renderer: the final version publishes in Spanish and
French what the approved English says, not what its first draft said."""

from __future__ import annotations

from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage

from docx import Document

from drafts.publications import Publication, PublicationKind, PublicationStatus
from drafts.text import content_hash
from services.bootstrap import Accord
from services.demo import content
from services.demo.content import DemoSection
from services.demo.loader import SECRETARIAT, SLUG, load_demo
from workflows.versions import get_publication

LANGUAGES = tuple(content.PAPER["languages"])


def frozen(publication: Publication) -> dict[tuple[str, str], str]:
    return {(e.section, e.language): e.content_hash for e in publication.manifest}


def hashes(text: Callable[[DemoSection, str], str]) -> dict[tuple[str, str], str]:
    return {
        (s.key, lang): content_hash(text(s, lang)) for s in content.SECTIONS for lang in LANGUAGES
    }


async def test_the_final_version_publishes_the_approved_text_in_every_language(
    accord: Accord,
) -> None:
    await load_demo(accord, announce=lambda _line: None)
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
