"""Localized words printed around the authors' text: cover labels, TOC title, draft mark."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date

from workflows.rendering import RenderFailed

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

# babel locales chosen for the UN's own conventions: day-month-year in English, and
# Simplified Chinese for "zh".
_BABEL_LOCALE = {
    "ar": "ar",
    "en": "en_GB",
    "es": "es",
    "fr": "fr",
    "ru": "ru",
    "zh": "zh_Hans_CN",
}

# The language tag pandoc gets: it has no translation file for plain "zh" (it warns and
# falls back to English terms), but has one for "zh-Hans".
_PANDOC_LANG = {"ar": "ar", "en": "en-GB", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh-Hans"}


@dataclass(frozen=True)
class Labels:
    """Every fixed word of one language, already localized."""

    language: str
    pandoc_lang: str
    rtl: bool
    contents: str
    draft: str
    distribution_label: str
    general: str
    limited: str
    original_label: str
    references: str
    image_missing: str

    def distribution(self, value: str) -> str:
        """ "Distr.: General" in this language; an unknown value is printed as given."""
        word = {"general": self.general, "limited": self.limited}.get(value.strip().lower())
        return _join(self.distribution_label, word or value)

    def date(self, day: datetime.date) -> str:
        """The date as this language writes it in running text ("7 March 2016")."""
        return format_date(day, "long", locale=_BABEL_LOCALE[self.language])

    def original(self, source_language: str) -> str:
        """ "Original: English", with the language named as this language names it."""
        names = Locale.parse(_BABEL_LOCALE[self.language]).languages
        return _join(self.original_label, names.get(source_language) or source_language)


def _join(label: str, value: str) -> str:
    # A full-width colon (Chinese) carries its own space; any other colon wants one.
    return f"{label}{value}" if label.endswith("：") else f"{label} {value}"


_LABELS = {
    "en": (
        "Contents",
        "Draft",
        "Distr.:",
        "General",
        "Limited",
        "Original:",
        "References",
        "image not available",
    ),
    "fr": (
        "Table des matières",
        "Projet",
        "Distr. :",
        "générale",
        "limitée",
        "Original :",
        "Références",
        "image non disponible",
    ),
    "es": (
        "Índice",
        "Borrador",
        "Distr.:",
        "general",
        "limitada",
        "Original:",
        "Referencias",
        "imagen no disponible",
    ),
    "ru": (
        "Содержание",
        "Проект",
        "Distr.:",
        "общая",
        "ограниченная",
        "Язык оригинала:",
        "Литература",
        "изображение недоступно",
    ),
    "zh": ("目录", "草稿", "分发：", "一般", "限制", "原文：", "参考文献", "图像不可用"),
    "ar": (
        "المحتويات",
        "مسودة",
        "التوزيع:",
        "عام",
        "محدود",
        "الأصل:",
        "المراجع",
        "الصورة غير متاحة",
    ),
}


def labels_for(language: str) -> Labels:
    """The labels of one of the six languages; RenderFailed for any other."""
    if language not in _LABELS:
        raise RenderFailed(
            f"cannot render language {language!r}: one of {', '.join(LANGUAGES)} is needed"
        )
    contents, draft, distr, general, limited, original, references, missing = _LABELS[language]
    return Labels(
        language=language,
        pandoc_lang=_PANDOC_LANG[language],
        rtl=language == "ar",
        contents=contents,
        draft=draft,
        distribution_label=distr,
        general=general,
        limited=limited,
        original_label=original,
        references=references,
        image_missing=missing,
    )
