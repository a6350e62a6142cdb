"""Word files as LibreOffice writes them: its own XML for tracked changes and comments
(other ids, empty runs, no commentsExtended part), imported exactly as they hold."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from services.bootstrap import Accord
from tests import word_files
from tests.integration.test_word_import import COMMENTED, COMMENTS, TRACKED, threads, upload
from tests.integration.world import build_world
from tests.servers import require_program

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def libreoffice_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    require_program("soffice", "LibreOffice")
    source = word_files.hand_written(TRACKED + COMMENTED, COMMENTS)
    return word_files.soffice_docx(source, ".docx", Path(tmp_path_factory.mktemp("soffice")))


async def test_a_libreoffice_file_brings_its_changes_and_comments(
    accord: Accord, client: httpx.AsyncClient, libreoffice_file: bytes
) -> None:
    world = await build_world(accord, client)
    typed = "The city is unsafe by day.\n\nViolence fell sharply.\n"
    assert (await world.save("author", typed)).status_code == 201
    # LibreOffice wrote it again: its own ids, its own runs, its own parts.
    assert b"Liberation" in word_files.parts_of(libreoffice_file)["word/comments.xml"]
    r = await upload(world, "reviewer", libreoffice_file, base_revision=1)
    assert r.status_code == 201, r.text
    assert r.json()["created"] is False
    made = {
        (t["author"], t["body"], t["quote"]["exact"], t["replacement"])
        for t in await threads(world)
    }
    assert made == {
        ("reviewer", "Too strong?", "fell sharply", None),
        # LibreOffice keeps no reply structure: the answer is a thread of its own.
        ("author", "No, it is sourced.", "fell sharply", None),
        (
            "reviewer",
            "Replace \u201cunsafe\u201d with \u201csafe\u201d (tracked change in Word).",
            "unsafe",
            "safe",
        ),
        (
            "author2",
            "Insert \u201cand by night\u201d (tracked change in Word).",
            "day",
            "day and by night",
        ),
    }
    accepted = await upload(world, "author", libreoffice_file, base_revision=1, changes="accept")
    assert accepted.status_code == 201, accepted.text
    status = (await world.call("sec", "GET", world.text_url())).json()
    number = status["current_revision"]["number"]
    body = (await world.call("sec", "GET", world.text_url() + f"/revisions/{number}")).json()
    assert body["body"] == "The city is safe by day and by night.\n\nViolence fell sharply.\n"
