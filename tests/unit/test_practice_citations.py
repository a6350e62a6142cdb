"""The citation syntax of practices, `{practice:KEY}`, as the domain reads it."""

from __future__ import annotations

from drafts.practice_citations import (
    PracticeCitation,
    citation,
    citation_problems,
    citations_in,
    cited_keys,
)


def test_citations_in_the_order_first_cited_each_once() -> None:
    body = "A {practice:b-2} and {practice:a}, again {practice:b-2}.\n\nNext ({practice:c})."
    assert cited_keys(body) == ("b-2", "a", "c")


def test_braces_escaped_as_pandoc_writes_them_read_the_same() -> None:
    assert cited_keys("From Word: \\{practice:medellin-pui\\}.") == ("medellin-pui",)


def test_code_is_not_a_citation() -> None:
    body = (
        "Inline `{practice:in-span}` and ``{practice:double}``.\n\n"
        "```\n{practice:fenced}\n```\n\n"
        "~~~~\n{practice:tilde}\n~~~~\n\n"
        "    {practice:indented}\n\n"
        "Prose {practice:real}."
    )
    assert cited_keys(body) == ("real",)


def test_what_is_no_key_is_no_citation_and_pandocs_syntax_is_not_ours() -> None:
    body = (
        "[@cerda2012] {practice:} {practice:Upper} {practice:-a} {practice:a-} "
        "{practice: spaced} {practice:a_b} [practice:a] @practice:a"
    )
    assert cited_keys(body) == ()
    assert cited_keys(citation("ok-1")) == ("ok-1",)


def test_problems_name_unknown_and_unverified_practices() -> None:
    citations = citations_in({("s", "en"): "{practice:a} {practice:b} {practice:c}"})
    assert citations[0] == PracticeCitation("s", "en", "a")
    problems = citation_problems(citations, {"a": True, "b": False})
    assert [(p.practice, p.reason) for p in problems] == [("b", "unverified"), ("c", "unknown")]
