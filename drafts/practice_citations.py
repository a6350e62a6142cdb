"""Citations of the paper's practices in section text: `{practice:KEY}`.

A section cites a practice of the paper's catalogue by writing `{practice:` its key `}`,
for example `the integrated urban projects {practice:medellin-pui} ...`. The syntax is
chosen so that it can never be one of pandoc's own: a citation of a reference is
`[@key]` (no `@` here), a bracketed span or an attribute block needs `[...]` before
`{` or a `#id`, `.class` or `key=value` inside it (a colon is none of these). It is
plain text to pandoc and to Word, so a section written in Word keeps its citations,
and pandoc writing Word's text back as Markdown may escape the braces (`\\{practice:…\\}`),
which is read the same.

Citations inside code (spans and fenced or indented blocks) are text shown as code,
not citations: the renderer's filter never sees them as text either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# A practice key is a slug ("medellin-pui"): lower-case letters, digits, inner hyphens.
KEY = r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"
KEY_PATTERN = re.compile(rf"^{KEY}$")
# The braces may come escaped (pandoc's Markdown writer escapes them in Word imports).
CITATION = re.compile(rf"\\?\{{practice:(?P<key>{KEY})\\?\}}")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INDENTED = re.compile(r"^(?: {4}|\t)")


def citation(key: str) -> str:
    """The text that cites the practice, as authors write it."""
    return f"{{practice:{key}}}"


def _prose_lines(body: str) -> Iterable[str]:
    """The lines of the body that are not code blocks (fenced, or indented after a
    blank line), with their code spans blanked out."""
    fence: str | None = None
    previous_blank = True
    in_indented = False
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    prose: list[str] = []
    for line in lines:
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            previous_blank = False
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            continue
        blank = not line.strip()
        if _INDENTED.match(line) and (previous_blank or in_indented) and not blank:
            in_indented = True
            previous_blank = False
            continue
        if not blank:
            in_indented = False
        previous_blank = blank
        prose.append(line)
    # Code spans may run over a line break inside a paragraph.
    text = "\n".join(prose)
    yield from _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text).split("\n")


def cited_keys(body: str) -> tuple[str, ...]:
    """The keys of the practices the text cites, in the order first cited, each once."""
    keys: dict[str, None] = {}
    for line in _prose_lines(body):
        for match in CITATION.finditer(line):
            keys.setdefault(match.group("key"), None)
    return tuple(keys)


@dataclass(frozen=True)
class PracticeCitation:
    """One section in one language citing one practice of the paper."""

    section: str
    language: str
    practice: str


@dataclass(frozen=True)
class CitationProblem:
    """A citation a final version cannot print: the practice is not in the catalogue,
    or the secretariat has not verified it."""

    section: str
    language: str
    practice: str
    reason: str  # "unknown" or "unverified"


def citations_in(texts: Mapping[tuple[str, str], str]) -> list[PracticeCitation]:
    """Every citation of the texts given by (section, language), in a stable order."""
    return citations_of({place: cited_keys(body) for place, body in texts.items()})


def citations_of(cited: Mapping[tuple[str, str], Iterable[str]]) -> list[PracticeCitation]:
    """The citations of texts whose keys were found already (`cited_keys`, as a revision
    records them when it is saved), by (section, language), in `citations_in`'s order."""
    return [
        PracticeCitation(section, language, key)
        for (section, language), keys in sorted(cited.items())
        for key in keys
    ]


def citation_problems(
    citations: Iterable[PracticeCitation], verified: Mapping[str, bool]
) -> list[CitationProblem]:
    """The citations of practices that are not in `verified` (the catalogue: key →
    whether the secretariat verified it) or not verified."""
    problems = []
    for cited in citations:
        if cited.practice not in verified:
            reason = "unknown"
        elif not verified[cited.practice]:
            reason = "unverified"
        else:
            continue
        problems.append(CitationProblem(cited.section, cited.language, cited.practice, reason))
    return problems
