"""Hostile Word files are refused from their package alone, fast and in little memory,
before pandoc or python-docx parse any of it."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import pytest

from drafts.errors import DomainError, TooLarge
from drafts.word import UnsafeDocument, UnsupportedDocument
from services.word.guard import Limits, check_docx
from tests import word_files

MB = 1024 * 1024

HOSTILE: dict[str, tuple[Callable[[], bytes], type[DomainError], str]] = {
    "not a zip": (lambda: b"%PDF-1.7 not a word file", UnsupportedDocument, "not a zip"),
    "legacy .doc": (word_files.legacy_doc, UnsupportedDocument, "legacy"),
    "over the size limit": (lambda: bytes(10 * MB + 1), TooLarge, "at most 10,485,760"),
    "too many entries": (lambda: word_files.many_entries(1001), TooLarge, "parts"),
    "inflates too far in total": (
        lambda: word_files.inflating(300 * MB),
        TooLarge,
        "inflates",
    ),
    "inflates too far for its size": (lambda: word_files.inflating(8 * MB), TooLarge, "times"),
    "an entry outside the package": (word_files.outside_entry, UnsafeDocument, "outside"),
    "an external relationship": (word_files.external_template, UnsafeDocument, "attachedTemplate"),
    "XXE": (word_files.xxe, UnsafeDocument, "entities"),
    "billion laughs": (word_files.billion_laughs, UnsafeDocument, "entities"),
    "macro-enabled": (word_files.macro_enabled, UnsupportedDocument, "macros"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_each_hostile_file_is_refused_fast_and_small(case: str) -> None:
    make, error, words = HOSTILE[case]
    data = make()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(error) as refused:
        check_docx(data, Limits())
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert words in refused.value.detail
    print(f"{case}: {len(data):,} bytes, {elapsed * 1000:.1f} ms, peak {peak / MB:.2f} MB")
    assert elapsed < 2.0
    assert peak < 100 * MB


def test_what_word_and_python_docx_write_passes() -> None:
    package = check_docx(word_files.python_docx_file("Fine.", heading="Title"), Limits())
    assert package.main == "word/document.xml"


def test_a_link_to_a_web_page_is_not_an_outside_resource() -> None:
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("See ")
    part = document.part
    rid = part.relate_to(
        "https://example.org/",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = paragraph._p.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink",
        {"{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id": rid},
    )
    paragraph._p.append(link)
    import io

    out = io.BytesIO()
    document.save(out)
    check_docx(out.getvalue(), Limits())


def test_the_limits_are_the_settings() -> None:
    small = word_files.python_docx_file("x" * 1000)
    with pytest.raises(TooLarge):
        check_docx(small, Limits(max_bytes=len(small) - 1))
    with pytest.raises(TooLarge):
        check_docx(small, Limits(max_entries=3))
    with pytest.raises(TooLarge, match="text part"):
        check_docx(small, Limits(max_document_bytes=1000))


def test_damaged_bookkeeping_is_refused_not_a_server_error() -> None:
    broken = word_files.with_parts(
        word_files.python_docx_file("x"), {"[Content_Types].xml": "<Types"}
    )
    with pytest.raises(UnsupportedDocument, match="damaged"):
        check_docx(broken, Limits())
    with_dtd = word_files.with_parts(
        word_files.python_docx_file("x"),
        {"[Content_Types].xml": '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "b">]><Types/>'},
    )
    with pytest.raises(UnsafeDocument):
        check_docx(with_dtd, Limits())
