"""A generated paper of realistic size and shape, the same on every run."""

from __future__ import annotations

import random


def _vocabulary(words: str) -> list[str]:
    return words.split()


WORDS = {
    "en": _vocabulary(
        "city safety prevention community local government youth violence public space "
        "policy urban planning inclusion partnership data evidence programme resilience "
        "women participation governance police justice services housing neighbourhood "
        "investment monitoring cooperation development peace security sustainable"
    ),
    "es": _vocabulary(
        "ciudad seguridad prevención comunidad gobierno local juventud violencia espacio "
        "público política planificación urbana inclusión alianza datos evidencia programa "
        "resiliencia mujeres participación gobernanza policía justicia servicios vivienda "
        "barrio inversión seguimiento cooperación desarrollo paz sostenible"
    ),
    "fr": _vocabulary(
        "ville sécurité prévention communauté gouvernement local jeunesse violence espace "
        "public politique planification urbaine inclusion partenariat données preuves "
        "programme résilience femmes participation gouvernance police justice services "
        "logement quartier investissement suivi coopération développement paix durable"
    ),
}
# Spanish and French run about a third longer than English for the same content.
LENGTH = {"en": 1.0, "es": 1.35, "fr": 1.35}


def sentence(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(12, 22))]
    return " ".join(words).capitalize() + "."


def section_body(index: int, lang: str, words: int = 310, seed: int = 0) -> str:
    """About `words` words in paragraphs, with a footnote, a list and, now and then, a table."""
    rng = random.Random(f"{seed}-{index}-{lang}")
    target = int(words * LENGTH[lang])
    paragraphs: list[str] = []
    count = 0
    while count < target:
        paragraph = " ".join(sentence(rng, lang) for _ in range(rng.randint(3, 6)))
        count += len(paragraph.split())
        paragraphs.append(paragraph)
    paragraphs[0] += f"^[{sentence(rng, lang)}]"
    paragraphs.insert(2, "\n".join(f"- {sentence(rng, lang)}" for _ in range(3)))
    if index % 5 == 0:
        paragraphs.append(
            "| Indicator | 2015 | 2016 |\n|---|---:|---:|\n"
            + "\n".join(
                f"| {rng.choice(WORDS[lang])} | {rng.randint(1, 99)} | {rng.randint(1, 99)} |"
                for _ in range(4)
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def section_title(index: int, lang: str, seed: int = 0) -> str:
    rng = random.Random(f"title-{seed}-{index}-{lang}")
    return " ".join(rng.choice(WORDS[lang]) for _ in range(3)).capitalize()


def paper(sections: int = 100, seed: int = 0) -> dict[str, dict[int, tuple[str, str]]]:
    """{language: {section index: (title, body)}}; another seed gives another text."""
    return {
        lang: {
            i: (section_title(i, lang, seed), section_body(i, lang, seed=seed))
            for i in range(1, sections + 1)
        }
        for lang in WORDS
    }
