"""The interface speaks English, Spanish and French: every message has its translations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2.ext import babel_extract

from services.board.i18n import INTERFACE_LANGUAGES, LABELS, catalogue, choose

TEMPLATES = Path(__file__).parents[2] / "services" / "board" / "templates"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def messages() -> set[str]:
    found = set(LABELS.values())
    for template in TEMPLATES.glob("*.html"):
        with template.open("rb") as source:
            for _, _, message, _ in babel_extract(
                source, ["_"], [], {"extensions": "jinja2.ext.i18n"}
            ):
                assert isinstance(message, str), f"{template.name}: {message!r}"
                found.add(message)
    return found


def test_templates_have_messages_to_translate() -> None:
    assert {"Sign in", "Submit for review", "What awaits you"} <= messages()


@pytest.mark.parametrize("language", [c for c in INTERFACE_LANGUAGES if c != "en"])
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    translations = catalogue(language)
    missing = sorted(messages() - translations.keys())
    assert missing == [], f"{language}.po lacks {missing}"
    for message in messages():
        assert PLACEHOLDER.findall(message) == PLACEHOLDER.findall(translations[message]), message


@pytest.mark.parametrize(
    ("cookie", "header", "chosen"),
    [
        (None, None, "en"),
        (None, "fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        (None, "de-DE,de;q=0.9,es;q=0.5", "es"),
        (None, "en;q=0.2, es;q=0.8", "es"),
        (None, "zh-Hans", "en"),
        (None, "es;q=0, fr;q=bogus", "en"),
        ("es", "fr", "es"),  # the person's choice wins over the browser's
        ("xx", "fr", "fr"),  # an unknown choice is ignored
    ],
)
def test_the_interface_language_follows_the_choice_then_the_browser(
    cookie: str | None, header: str | None, chosen: str
) -> None:
    assert choose(cookie, header).language == chosen


def test_a_translated_message_reads_in_the_chosen_language() -> None:
    assert choose("fr", None).gettext("Sign in") == "Se connecter"
    assert choose("es", None).gettext("Sign in") == "Iniciar sesión"
    assert choose("en", None).gettext("Sign in") == "Sign in"
