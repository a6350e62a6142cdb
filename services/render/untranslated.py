"""The note a draft prints where a section has no text of its own in the file's language.

A draft holds every section in every language. Where a translation is not made yet the
reader is told so, in the file's language, above the source text shown in its place
(or alone, when the paper shows only the note); where no text exists yet at all, the
note says that it is to come.
"""

from __future__ import annotations

from babel import Locale

from services.render.labels import labels_for
from workflows.rendering import RenderSection

_BABEL_LOCALE = {"ar": "ar", "en": "en_GB", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh_Hans_CN"}

# (above the source text: "{language}" is its name; in place of the text; no text yet)
_NOTES = {
    "en": (
        "Not yet translated. The original text in {language} follows.",
        "Not yet translated.",
        "Text to come.",
    ),
    "fr": (
        "Pas encore traduit. Le texte original en {language} suit.",
        "Pas encore traduit.",
        "Texte à venir.",
    ),
    "es": (
        "Aún sin traducir. Sigue el texto original en {language}.",
        "Aún sin traducir.",
        "Texto pendiente.",
    ),
    "ru": (
        "Перевод ещё не выполнен. Ниже приводится текст оригинала ({language}).",
        "Перевод ещё не выполнен.",
        "Текст будет представлен позднее.",
    ),
    "zh": ("尚未翻译。以下为{language}原文。", "尚未翻译。", "案文待定。"),
    "ar": (
        "لم تتم الترجمة بعد. يرد أدناه النص الأصلي باللغة {language}.",
        "لم تتم الترجمة بعد.",
        "النص قيد الإعداد.",
    ),
}


def language_name(language: str, in_language: str) -> str:
    """The name of `language` as `in_language` writes it ("anglais" in French)."""
    names = Locale.parse(_BABEL_LOCALE[in_language]).languages
    return str(names.get(language) or language)


def note_for(section: RenderSection, language: str) -> str | None:
    """The note printed under the section's heading in a file in `language`; None when
    the section has its own text."""
    if section.missing is None:
        return None
    above_source, instead, to_come = _NOTES[language]
    if section.missing == "unwritten":
        return to_come
    if section.body_language is None:
        return instead
    return above_source.format(language=language_name(section.body_language, language))


def text_attributes(body_language: str) -> str:
    """The pandoc attributes that set a stand-in text in its own language and direction,
    so that an English original in an Arabic file reads left to right, and is
    hyphenated and checked as English."""
    labels = labels_for(body_language)
    return f'lang="{labels.pandoc_lang}" dir="{"rtl" if labels.rtl else "ltr"}"'
