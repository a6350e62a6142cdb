"""The demo paper that `accord demo` loads: plain data, in English, Spanish and French.

A working-group paper for the Third United Nations Conference on Housing and Sustainable Urban
Development (Habitat III). The working group, its members and the document symbol are invented
for the demonstration; the references in BIBLIOGRAPHY and the documents the text cites are real.

The first drafts are Markdown files, one per section and language
(`text/<section>/<language>.md`, package data, so an installed Accord finds them too), and the
references are CSL JSON (`text/bibliography.json`). Bodies are pandoc Markdown, one paragraph
(or list item, or table row) per line, blocks separated by a blank line. Footnotes are inline
(`^[...]`) so that sections can be joined into one document without clashing labels, and
citations (`[@id]`) name entries of BIBLIOGRAPHY. Each Spanish and French body mirrors its
English one: the same footnotes, citations, list and table. French text uses no-break spaces
before high punctuation and inside guillemets, as French typography requires.

Reviewers change only the English, but the published translations must say what the approved
English says: every accepted suggestion therefore carries its Spanish and French counterpart, and
every second English draft comes with the Spanish and French made from it. `approved_body` gives
the text each language ends the review round with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import TypedDict

Person = tuple[str, str, str]  # (user name, full display name, email)


class DemoPaper(TypedDict):
    slug: str
    titles: dict[str, str]
    symbol: str
    forum: dict[str, str]
    date: str  # ISO 8601
    source_language: str
    languages: list[str]


@dataclass(frozen=True)
class DemoSection:
    key: str
    titles: dict[str, str]  # by language
    bodies: dict[str, str]  # by language: the first drafts, in pandoc Markdown
    author: str  # a user name from AUTHORS
    # By language, none or all: the edits (exact, replacement) of an improved second English
    # draft, made after its suggestions were accepted, and the same edits in the Spanish and
    # French made from it once it is approved.
    second_draft: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoComment:
    section: str  # a section key
    reviewer: str  # a user name from REVIEWERS
    exact: str  # quoted verbatim, once, from the section's English body
    body: str
    replacement: str | None = None  # set for a suggestion
    # For a suggestion, by translation: the same change there, as (exact, replacement).
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)


PAPER: DemoPaper = {
    "slug": "habitat3-urban-safety",
    "titles": {
        "en": "A Comprehensive Approach to Urban Safety and Peacebuilding",
        "es": "Un enfoque integral de la seguridad urbana y la consolidación de la paz",
        "fr": "Une approche globale de la sécurité urbaine et de la consolidation de la paix",
    },
    "symbol": "A/CONF.226/PC.3/INF/14",
    "forum": {
        "en": (
            "Preparatory Committee for the United Nations Conference on Housing and Sustainable "
            "Urban Development (Habitat III), third session, Surabaya, Indonesia, 25–27 July 2016"
        ),
        "es": (
            "Comité Preparatorio de la Conferencia de las Naciones Unidas sobre la Vivienda y el "
            "Desarrollo Urbano Sostenible (Hábitat III), tercer período de sesiones, Surabaya "
            "(Indonesia), 25 a 27 de julio de 2016"
        ),
        "fr": (
            "Comité préparatoire de la Conférence des Nations Unies sur le logement et le "
            "développement urbain durable (Habitat III), troisième session, Surabaya (Indonésie), "
            "25-27 juillet 2016"
        ),
    },
    "date": "2016-07-25",
    "source_language": "en",
    "languages": ["en", "es", "fr"],
}

# Authors draft the English text of the sections assigned to them.
AUTHORS: tuple[Person, ...] = (
    ("amina.diallo", "Amina Diallo", "amina.diallo@example.org"),
    ("carmen.olivares", "Carmen Olivares", "carmen.olivares@example.org"),
    ("rahul.mehta", "Rahul Mehta", "rahul.mehta@example.org"),
)

# Reviewers comment on and approve the English text.
REVIEWERS: tuple[Person, ...] = (
    ("grace.wanjiru", "Grace Wanjiru", "grace.wanjiru@example.org"),
    ("pieter.devries", "Pieter de Vries", "pieter.devries@example.org"),
)

# Translators keep the Spanish and French text in step, in that order.
TRANSLATORS: tuple[Person, ...] = (
    ("lucia.montoya", "Lucía Montoya", "lucia.montoya@example.org"),
    ("helene.marchand", "Hélène Marchand", "helene.marchand@example.org"),
)

# The secretariat manages the paper and publishes its versions.
SECRETARIAT: tuple[Person, ...] = (("nadia.haddad", "Nadia Haddad", "nadia.haddad@example.org"),)

# The texts are files of their own, as writers keep them: text/<section>/<language>.md.
TEXTS = resources.files("services.demo") / "text"


def _text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def _texts(section: str) -> dict[str, str]:
    """A section's first drafts, by language."""
    return {lang: _text(f"{section}/{lang}.md") for lang in PAPER["languages"]}


_INTRODUCTION = DemoSection(
    key="introduction",
    titles={
        "en": "Introduction and context",
        "es": "Introducción y contexto",
        "fr": "Introduction et contexte",
    },
    author="amina.diallo",
    bodies=_texts("introduction"),
    second_draft={
        "en": (
            (
                "The nature of violence has also changed.",
                "The nature of urban violence has also changed.",
            ),
        ),
        "es": (
            (
                "la naturaleza de la violencia.",
                "la naturaleza de la violencia urbana.",
            ),
        ),
        "fr": (
            (
                "La nature de la violence a elle aussi changé.",
                "La nature de la violence urbaine a elle aussi changé.",
            ),
        ),
    },
)

_INTEGRATED_APPROACH = DemoSection(
    key="integrated-approach",
    titles={
        "en": "An integrated approach: whole of government and whole of society",
        "es": (
            "Un enfoque integrado: la participación de todas las instancias de gobierno y de toda "
            "la sociedad"
        ),
        "fr": "Une approche intégrée mobilisant l'ensemble des pouvoirs publics et de la société",
    },
    author="amina.diallo",
    bodies=_texts("integrated-approach"),
)

_PREVENTION = DemoSection(
    key="prevention",
    titles={
        "en": "Preventing crime and violence",
        "es": "Prevención del delito y la violencia",
        "fr": "Prévention de la criminalité et de la violence",
    },
    author="rahul.mehta",
    bodies=_texts("prevention"),
    second_draft={
        "en": (
            (
                "since in most cities a small number",
                "since research in many cities has found that a small number",
            ),
            (
                "for minor offences and support",
                "for minor offences, particularly for young offenders, and support",
            ),
        ),
        "es": (
            (
                "ya que en la mayoría de las ciudades un número",
                (
                    "ya que las investigaciones realizadas en muchas ciudades han constatado "
                    "que un número"
                ),
            ),
            (
                "para los delitos leves y el apoyo",
                (
                    "para los delitos leves, en particular las destinadas a los delincuentes "
                    "jóvenes, y el apoyo"
                ),
            ),
        ),
        "fr": (
            (
                "car dans la plupart des villes un petit nombre",
                (
                    "car des travaux de recherche menés dans de nombreuses villes ont montré "
                    "qu'un petit nombre"
                ),
            ),
            (
                "aux infractions mineures et l'accompagnement",
                (
                    "aux infractions mineures, en particulier pour les jeunes délinquants, "
                    "et l'accompagnement"
                ),
            ),
        ),
    },
)

_INCLUSION_AND_YOUTH = DemoSection(
    key="inclusion-and-youth",
    titles={
        "en": "Inclusion and youth",
        "es": "Inclusión y juventud",
        "fr": "Inclusion et jeunesse",
    },
    author="carmen.olivares",
    bodies=_texts("inclusion-and-youth"),
)

_WOMEN_AND_GIRLS = DemoSection(
    key="women-and-girls",
    titles={
        "en": "Gender and the safety of women and girls in public space",
        "es": "El género y la seguridad de las mujeres y las niñas en el espacio público",
        "fr": "Le genre et la sécurité des femmes et des filles dans l'espace public",
    },
    author="carmen.olivares",
    bodies=_texts("women-and-girls"),
)

_LOCAL_GOVERNANCE = DemoSection(
    key="local-governance",
    titles={
        "en": "Local governance, policing and community safety partnerships",
        "es": "Gobernanza local, labor policial y alianzas comunitarias para la seguridad",
        "fr": "Gouvernance locale, police et partenariats locaux pour la sécurité",
    },
    author="rahul.mehta",
    bodies=_texts("local-governance"),
)

_FINANCING_AND_DATA = DemoSection(
    key="financing-and-data",
    titles={
        "en": "Financing, data and monitoring",
        "es": "Financiación, datos y seguimiento",
        "fr": "Financement, données et suivi",
    },
    author="rahul.mehta",
    bodies=_texts("financing-and-data"),
)

_RECOMMENDATIONS = DemoSection(
    key="recommendations",
    titles={
        "en": "Recommendations to Habitat III",
        "es": "Recomendaciones para Hábitat III",
        "fr": "Recommandations à l'intention d'Habitat III",
    },
    author="amina.diallo",
    bodies=_texts("recommendations"),
)

SECTIONS: tuple[DemoSection, ...] = (
    _INTRODUCTION,
    _INTEGRATED_APPROACH,
    _PREVENTION,
    _INCLUSION_AND_YOUTH,
    _WOMEN_AND_GIRLS,
    _LOCAL_GOVERNANCE,
    _FINANCING_AND_DATA,
    _RECOMMENDATIONS,
)

# What reviewers said on the English text: the material for review and suggestions.
COMMENTS: tuple[DemoComment, ...] = (
    DemoComment(
        section="introduction",
        reviewer="pieter.devries",
        exact="This paper proposes how.",
        body=(
            "The closing sentence is abrupt for a paper of this kind. I suggest announcing what "
            "the following sections contain instead."
        ),
        replacement=(
            "The sections that follow set out the elements of such an approach and conclude with "
            "recommendations to the Conference."
        ),
        translations={
            "es": (
                "En el presente documento se propone cómo hacerlo.",
                "En las secciones siguientes se exponen los elementos de un enfoque de esa índole "
                "y, a modo de conclusión, se formulan recomendaciones a la Conferencia.",
            ),
            "fr": (
                "Le présent document propose une manière d'y parvenir.",
                "Les sections qui suivent exposent les éléments d'une telle approche et se "
                "concluent par des recommandations à l'intention de la Conférence.",
            ),
        },
    ),
    DemoComment(
        section="prevention",
        reviewer="grace.wanjiru",
        exact=(
            "since in most cities a small number of streets and places account for a large share "
            "of violent incidents"
        ),
        body=(
            "This is a strong empirical claim. Either cite the research on the concentration of "
            "crime in a small number of places or soften the wording: as it stands, a delegation "
            "could challenge it."
        ),
    ),
    DemoComment(
        section="women-and-girls",
        reviewer="pieter.devries",
        exact="disaggregated by sex, age and disability",
        body=(
            "Please align with the wording of SDG indicator 11.7.2, which also asks for data by "
            "place of occurrence; the table in the financing section already uses it."
        ),
        replacement="disaggregated by sex, age, disability status and place of occurrence",
        translations={
            "es": (
                "desglosados por sexo, edad y discapacidad",
                "desglosados por sexo, edad, situación de discapacidad y lugar del hecho",
            ),
            "fr": (
                "ventilées par sexe, âge et handicap",
                "ventilées par sexe, âge, situation au regard du handicap et lieu des faits",
            ),
        },
    ),
    DemoComment(
        section="local-governance",
        reviewer="grace.wanjiru",
        exact="a clear separation between policing and military roles",
        body=(
            "Delegations from countries whose gendarmerie has military status may read this as "
            "criticism. Suggest stressing the civilian character of everyday policing instead."
        ),
        replacement="the civilian character of everyday policing",
        translations={
            "es": (
                "de una clara separación entre las funciones policiales y las militares",
                "del carácter civil de la labor policial cotidiana",
            ),
            "fr": (
                "une séparation nette entre les fonctions de police et les fonctions militaires",
                "le caractère civil de l'action policière au quotidien",
            ),
        },
    ),
    DemoComment(
        section="financing-and-data",
        reviewer="pieter.devries",
        exact="Their collection and use must respect the right to privacy.",
        body=(
            "Several cities are investing heavily in video surveillance and other technologies "
            "without clear safeguards. The paper should say so explicitly."
        ),
        replacement=(
            "Their collection and use, including through video surveillance and other "
            "technologies, must respect the right to privacy and be subject to clear legal "
            "safeguards."
        ),
        translations={
            "es": (
                "Su recopilación y utilización deben respetar el derecho a la privacidad.",
                "Su recopilación y utilización, incluidas las que se realizan mediante la "
                "videovigilancia y otras tecnologías, deben respetar el derecho a la privacidad y "
                "estar sujetas a salvaguardias jurídicas claras.",
            ),
            "fr": (
                "Leur collecte et leur utilisation doivent respecter le droit à la vie privée.",
                "Leur collecte et leur utilisation, y compris au moyen de la vidéosurveillance et "
                "d'autres technologies, doivent respecter le droit à la vie privée et être "
                "encadrées par des garanties juridiques claires.",
            ),
        },
    ),
    DemoComment(
        section="recommendations",
        reviewer="grace.wanjiru",
        exact="Identify and protect funding for prevention",
        body=(
            "Finance ministries will resist the word “protect” in a consensus text. “Identify and "
            "sustain” should be easier to agree on."
        ),
        replacement="Identify and sustain funding for prevention",
        translations={
            "es": (
                "Determinar y proteger los fondos destinados a la prevención",
                "Determinar y mantener los fondos destinados a la prevención",
            ),
            "fr": (
                "Recenser et préserver les crédits consacrés à la prévention",
                "Recenser et pérenniser les crédits consacrés à la prévention",
            ),
        },
    ),
)


def suggested_edits(section: DemoSection, language: str) -> list[tuple[str, str]]:
    """The section's accepted suggestions as (exact, replacement), made in `language`."""
    edits = []
    for comment in COMMENTS:
        if comment.section != section.key or comment.replacement is None:
            continue
        if language == PAPER["source_language"]:
            edits.append((comment.exact, comment.replacement))
        else:
            edits.append(comment.translations[language])
    return edits


def approved_body(section: DemoSection, language: str) -> str:
    """The section's text in `language` once the review round is over: the first draft with
    each accepted suggestion, then the edits of the second draft, made in that language."""
    body = section.bodies[language]
    for exact, replacement in [
        *suggested_edits(section, language),
        *section.second_draft.get(language, ()),
    ]:
        body = body.replace(exact, replacement)
    return body


# The paper's references as CSL JSON (text/bibliography.json), cited in the bodies as [@id].
BIBLIOGRAPHY: str = _text("bibliography.json")
