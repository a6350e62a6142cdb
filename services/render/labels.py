"""Localized words printed around the authors' text: the masthead, labels, TOC title, draft mark.

The masthead follows the forms of United Nations documents in each language (Editorial
Manual, "Mastheads and cover pages"). Its lines are written in English in the English,
Russian, Chinese and Arabic versions ("Distr.: General", "12 July 2016", "Russian",
"Original: English"), and in French and Spanish in those two ("Distr. générale",
"12 juillet 2016", "Français", "Original : anglais"; "Distr. general", "12 de julio de
2016", "Español", "Original: inglés"): so UN documents print them, so a reader of any
version finds the same line in the same place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from babel.dates import format_date

from drafts.house_style import DISTRIBUTIONS, ORGANS
from workflows.rendering import RenderFailed

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

# The language tag pandoc gets: it has no translation file for plain "zh" (it warns and
# falls back to English terms), but has one for "zh-Hans".
_PANDOC_LANG = {"ar": "ar", "en": "en-GB", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh-Hans"}
# The tag Word knows: it reads "zh-Hans" as no language it has proofing tools for.
_WORD_LANG = {
    "ar": "ar-SA",
    "en": "en-GB",
    "es": "es-ES",
    "fr": "fr-FR",
    "ru": "ru-RU",
    "zh": "zh-CN",
}

# The masthead's own language: the three written in English use English's lines.
_MASTHEAD_LANGUAGE = {"ar": "en", "en": "en", "es": "es", "fr": "fr", "ru": "en", "zh": "en"}
_DISTRIBUTION_LINE = {
    "en": {
        "general": "Distr.: General",
        "limited": "Distr.: Limited",
        "restricted": "Distr.: Restricted",
    },
    "fr": {
        "general": "Distr. générale",
        "limited": "Distr. limitée",
        "restricted": "Distr. restreinte",
    },
    "es": {
        "general": "Distr. general",
        "limited": "Distr. limitada",
        "restricted": "Distr. reservada",
    },
}
# Each language's name as the masthead lines name it: "Original: English", "Original :
# anglais", "Original: inglés"; and the line that names the version's own language.
_LANGUAGE_NAMES = {
    "en": {
        "ar": "Arabic",
        "en": "English",
        "es": "Spanish",
        "fr": "French",
        "ru": "Russian",
        "zh": "Chinese",
    },
    "fr": {
        "ar": "arabe",
        "en": "anglais",
        "es": "espagnol",
        "fr": "français",
        "ru": "russe",
        "zh": "chinois",
    },
    "es": {
        "ar": "árabe",
        "en": "inglés",
        "es": "español",
        "fr": "francés",
        "ru": "ruso",
        "zh": "chino",
    },
}
_ORIGINAL = {"en": "Original: {}", "fr": "Original : {}", "es": "Original: {}"}
_DATE_LOCALE = {"en": "en_GB", "fr": "fr", "es": "es"}

_UNITED_NATIONS = {
    "ar": "الأمم المتحدة",
    "en": "United Nations",
    "es": "Naciones Unidas",
    "fr": "Nations Unies",
    "ru": "Организация Объединенных Наций",
    "zh": "联合国",
}
_ORGAN_NAMES = {
    "general-assembly": {
        "ar": "الجمعية العامة",
        "en": "General Assembly",
        "es": "Asamblea General",
        "fr": "Assemblée générale",
        "ru": "Генеральная Ассамблея",
        "zh": "大会",
    },
    "security-council": {
        "ar": "مجلس الأمن",
        "en": "Security Council",
        "es": "Consejo de Seguridad",
        "fr": "Conseil de sécurité",
        "ru": "Совет Безопасности",
        "zh": "安全理事会",
    },
    "economic-and-social-council": {
        "ar": "المجلس الاقتصادي والاجتماعي",
        "en": "Economic and Social Council",
        "es": "Consejo Económico y Social",
        "fr": "Conseil économique et social",
        "ru": "Экономический и Социальный Совет",
        "zh": "经济及社会理事会",
    },
    "secretariat": {
        "ar": "الأمانة العامة",
        "en": "Secretariat",
        "es": "Secretaría",
        "fr": "Secrétariat",
        "ru": "Секретариат",
        "zh": "秘书处",
    },
}

_ARABIC_ORDINALS = (
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس",
    "السادس", "السابع", "الثامن", "التاسع", "العاشر",
)  # fmt: skip
_CHINESE_DIGITS = "〇一二三四五六七八九"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(number: int) -> str:
    """The number in roman numerals: 4 → "IV" (chapters and figures of UN documents)."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def _chinese_number(number: int) -> str:
    if number < 10:
        return _CHINESE_DIGITS[number]
    if number < 20:
        return "十" + (_CHINESE_DIGITS[number - 10] if number > 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return _CHINESE_DIGITS[tens] + "十" + (_CHINESE_DIGITS[ones] if ones else "")
    return str(number)


@dataclass(frozen=True)
class Labels:
    """Every fixed word of one language, already localized."""

    language: str
    pandoc_lang: str
    word_lang: str
    rtl: bool
    contents: str
    draft: str
    references: str
    image_missing: str
    table_word: str
    figure_word: str

    @property
    def _masthead(self) -> str:
        return _MASTHEAD_LANGUAGE[self.language]

    def distribution(self, value: str) -> str:
        """The masthead's distribution line: "Distr.: General", "Distr. limitée"."""
        lines = _DISTRIBUTION_LINE[self._masthead]
        key = value.strip().lower()
        if key not in lines:
            raise RenderFailed(f"unknown distribution {value!r}: one of {', '.join(DISTRIBUTIONS)}")
        return lines[key]

    def date(self, day: datetime.date) -> str:
        """The masthead's date: "12 July 2016", "1er juillet 2016", "12 de julio de 2016"."""
        text = format_date(day, "long", locale=_DATE_LOCALE[self._masthead])
        if self._masthead == "fr" and day.day == 1:
            text = "1er" + text[1:]
        return text

    def version_language(self) -> str:
        """The line naming the version's own language: "Russian", "Français", "Español"."""
        name = _LANGUAGE_NAMES[self._masthead][self.language]
        return name[0].upper() + name[1:]

    def original(self, source_language: str) -> str:
        """ "Original: English", "Original : anglais", "Original: inglés"."""
        names = _LANGUAGE_NAMES[self._masthead]
        return _ORIGINAL[self._masthead].format(names.get(source_language, source_language))

    @property
    def united_nations(self) -> str:
        """The words "United Nations" as the masthead of this language prints them."""
        return _UNITED_NATIONS[self.language]

    def organ(self, key: str) -> str:
        """A principal organ's name in this language ("Assemblée générale")."""
        if key not in _ORGAN_NAMES:
            raise RenderFailed(f"unknown principal organ {key!r}: one of {', '.join(ORGANS)}")
        return _ORGAN_NAMES[key][self.language]

    def table(self, number: int) -> str:
        """A table's label: tables count in arabic numerals ("Table 1", "表1")."""
        return self.table_label(str(number))

    def table_label(self, numeral: str) -> str:
        """A table's label with the numeral given."""
        return self._label(self.table_word, numeral)

    def figure(self, number: int) -> str:
        """A figure's label: figures count in roman numerals ("Figure I"); in Chinese in
        Chinese numerals ("图一") and in Arabic in ordinal words ("الشكل الأول")."""
        if self.language == "zh":
            numeral = _chinese_number(number)
        elif self.language == "ar" and number <= len(_ARABIC_ORDINALS):
            numeral = _ARABIC_ORDINALS[number - 1]
        else:
            numeral = roman(number)
        return self._label(self.figure_word, numeral)

    def chapter(self, number: int, style: str) -> str:
        """A chapter's number as the paper's house style writes it: "IV" or "4"."""
        return roman(number) if style == "roman" else str(number)

    def _label(self, word: str, numeral: str) -> str:
        # Chinese sets no space between the word and its number.
        return f"{word}{numeral}" if self.language == "zh" else f"{word} {numeral}"


# contents, draft mark, references, missing image, table, figure
_LABELS = {
    "en": ("Contents", "Draft", "References", "image not available", "Table", "Figure"),
    "fr": (
        "Table des matières",
        "Projet",
        "Références",
        "image non disponible",
        "Tableau",
        "Figure",
    ),
    "es": ("Índice", "Borrador", "Referencias", "imagen no disponible", "Cuadro", "Gráfico"),
    "ru": ("Содержание", "Проект", "Литература", "изображение недоступно", "Таблица", "Диаграмма"),
    "zh": ("目录", "草稿", "参考文献", "图像不可用", "表", "图"),
    "ar": ("المحتويات", "مسودة", "المراجع", "الصورة غير متاحة", "الجدول", "الشكل"),
}


def labels_for(language: str) -> Labels:
    """The labels of one of the six languages; RenderFailed for any other."""
    if language not in _LABELS:
        raise RenderFailed(
            f"cannot render language {language!r}: one of {', '.join(LANGUAGES)} is needed"
        )
    contents, draft, references, missing, table, figure = _LABELS[language]
    return Labels(
        language=language,
        pandoc_lang=_PANDOC_LANG[language],
        word_lang=_WORD_LANG[language],
        rtl=language == "ar",
        contents=contents,
        draft=draft,
        references=references,
        image_missing=missing,
        table_word=table,
        figure_word=figure,
    )
