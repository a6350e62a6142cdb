"""The words of the practices annex in the six languages, and the names it prints.

Regions (UN M49 codes) and countries (ISO 3166-1) are named as the Unicode CLDR names
them in each language (through Babel), which follows the UN's own names of regions
("Latin America", "Sub-Saharan Africa"). Actors, approaches and the strength of the
evidence are the catalogue's words, translated here; a word the catalogue gains later
and that is not here yet is printed as the catalogue writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale

_BABEL_LOCALE = {"ar": "ar", "en": "en_GB", "es": "es", "fr": "fr", "ru": "ru", "zh": "zh_Hans_CN"}


@dataclass(frozen=True)
class AnnexLabels:
    """Every fixed word of the annex in one language."""

    annex: str  # the heading: "Annex"
    title: str  # under it: "Practices cited"
    figure_caption: str
    location: str
    period: str
    actors: str
    approaches: str
    outcomes: str
    evidence: str  # before an outcome's strength of evidence, in parentheses
    sources: str
    practice: str  # "Practice {n}": how the text refers to one, and the entry's label
    unverified: str  # the mark on a practice the secretariat has not verified (drafts)
    unknown: str  # what a draft prints for a citation of no practice of the catalogue
    original: str  # after a field not yet translated: "{language}" is the source's name
    other_region: str  # the group of practices with no region


_ANNEX = {
    "en": AnnexLabels(
        annex="Annex",
        title="Practices cited",
        figure_caption="Practices cited, by region and approach",
        location="Place",
        period="Period",
        actors="Actors",
        approaches="Approaches",
        outcomes="Outcomes",
        evidence="evidence",
        sources="Sources",
        practice="Practice {n}",
        unverified="not yet verified by the secretariat",
        unknown="unknown practice “{key}”",
        original="not yet translated; original in {language}",
        other_region="Region not stated",
    ),
    "fr": AnnexLabels(
        annex="Annexe",
        title="Pratiques citées",
        figure_caption="Pratiques citées, par région et par approche",
        location="Lieu",
        period="Période",
        actors="Acteurs",
        approaches="Approches",
        outcomes="Résultats",
        evidence="données",
        sources="Sources",
        practice="Pratique {n}",
        unverified="pas encore vérifiée par le secrétariat",
        unknown="pratique inconnue « {key} »",
        original="pas encore traduit ; original en {language}",
        other_region="Région non précisée",
    ),
    "es": AnnexLabels(
        annex="Anexo",
        title="Prácticas citadas",
        figure_caption="Prácticas citadas, por región y enfoque",
        location="Lugar",
        period="Período",
        actors="Actores",
        approaches="Enfoques",
        outcomes="Resultados",
        evidence="evidencia",
        sources="Fuentes",
        practice="Práctica {n}",
        unverified="aún no verificada por la secretaría",
        unknown="práctica desconocida «{key}»",
        original="aún sin traducir; original en {language}",
        other_region="Región no indicada",
    ),
    "ru": AnnexLabels(
        annex="Приложение",
        title="Упомянутые практики",
        figure_caption="Упомянутые практики в разбивке по регионам и подходам",
        location="Место",
        period="Период",
        actors="Участники",
        approaches="Подходы",
        outcomes="Результаты",
        evidence="данные",
        sources="Источники",
        practice="Практика {n}",
        unverified="еще не проверена секретариатом",
        unknown="неизвестная практика «{key}»",
        original="перевод еще не выполнен; оригинал: {language}",
        other_region="Регион не указан",
    ),
    "zh": AnnexLabels(
        annex="附件",
        title="所引用的做法",
        figure_caption="所引用的做法，按区域和方法分列",
        location="地点",
        period="时期",
        actors="行为体",
        approaches="方法",
        outcomes="成果",
        evidence="证据",
        sources="来源",
        practice="做法{n}",
        unverified="尚未经秘书处核实",
        unknown="未知做法“{key}”",
        original="尚未翻译；{language}原文",
        other_region="未说明区域",
    ),
    "ar": AnnexLabels(
        annex="المرفق",
        title="الممارسات المستشهد بها",
        figure_caption="الممارسات المستشهد بها، حسب المنطقة والنهج",
        location="المكان",
        period="الفترة",
        actors="الجهات الفاعلة",
        approaches="النُّهج",
        outcomes="النتائج",
        evidence="الأدلة",
        sources="المصادر",
        practice="الممارسة {n}",
        unverified="لم تتحقق منها الأمانة بعد",
        unknown="ممارسة غير معروفة «{key}»",
        original="لم تتم الترجمة بعد؛ الأصل باللغة {language}",
        other_region="المنطقة غير محددة",
    ),
}

# The catalogue's words for actors, approaches and the strength of evidence, in the
# order (en, fr, es, ru, zh, ar).
_ORDER = ("en", "fr", "es", "ru", "zh", "ar")
_TERMS: dict[str, tuple[str, str, str, str, str, str]] = {
    # actors
    "municipal-government": (
        "municipal government", "administration municipale", "gobierno municipal",
        "муниципальные органы власти", "市政府", "الحكومة البلدية",
    ),
    "national-government": (
        "national government", "gouvernement national", "gobierno nacional",
        "национальное правительство", "国家政府", "الحكومة الوطنية",
    ),
    "police": ("police", "police", "policía", "полиция", "警察", "الشرطة"),
    "civil-society": (
        "civil society", "société civile", "sociedad civil", "гражданское общество",
        "民间社会", "المجتمع المدني",
    ),
    "community-organisations": (
        "community organisations", "organisations communautaires", "organizaciones comunitarias",
        "общинные организации", "社区组织", "المنظمات المجتمعية",
    ),
    "private-sector": (
        "private sector", "secteur privé", "sector privado", "частный сектор", "私营部门",
        "القطاع الخاص",
    ),
    "mediators": ("mediators", "médiateurs", "mediadores", "посредники", "调解人", "الوسطاء"),
    "faith-leaders": (
        "faith leaders", "chefs religieux", "líderes religiosos", "религиозные лидеры",
        "宗教领袖", "القادة الدينيون",
    ),
    "youth": ("youth", "jeunes", "jóvenes", "молодежь", "青年", "الشباب"),
    "women-s-organisations": (
        "women’s organisations", "organisations de femmes", "organizaciones de mujeres",
        "женские организации", "妇女组织", "المنظمات النسائية",
    ),
    "academia": (
        "academia", "milieux universitaires", "academia", "научные круги", "学术界",
        "الأوساط الأكاديمية",
    ),
    "international-organisations": (
        "international organisations", "organisations internationales",
        "organizaciones internacionales", "международные организации", "国际组织",
        "المنظمات الدولية",
    ),
    # approaches
    "dialogue": ("dialogue", "dialogue", "diálogo", "диалог", "对话", "الحوار"),
    "trust-building": (
        "trust building", "instauration de la confiance", "fomento de la confianza",
        "укрепление доверия", "建立信任", "بناء الثقة",
    ),
    "consensus-building": (
        "consensus building", "recherche du consensus", "creación de consenso",
        "достижение консенсуса", "建立共识", "بناء توافق الآراء",
    ),
    "mediation": ("mediation", "médiation", "mediación", "посредничество", "调解", "الوساطة"),
    "violence-prevention": (
        "violence prevention", "prévention de la violence", "prevención de la violencia",
        "предупреждение насилия", "预防暴力", "منع العنف",
    ),
    "urban-upgrading": (
        "urban upgrading", "réhabilitation urbaine", "mejoramiento urbano",
        "благоустройство городской среды", "城市改造", "الارتقاء بالأحياء الحضرية",
    ),
    "community-policing": (
        "community policing", "police de proximité", "policía comunitaria",
        "охрана порядка на уровне общин", "社区警务", "الشرطة المجتمعية",
    ),
    "participatory-planning": (
        "participatory planning", "planification participative", "planificación participativa",
        "планирование с участием населения", "参与式规划", "التخطيط التشاركي",
    ),
    "public-space": (
        "public space", "espace public", "espacio público", "общественные пространства",
        "公共空间", "الأماكن العامة",
    ),
    "youth-programmes": (
        "youth programmes", "programmes pour les jeunes", "programas para jóvenes",
        "молодежные программы", "青年方案", "برامج الشباب",
    ),
    "early-warning": (
        "early warning", "alerte rapide", "alerta temprana", "раннее предупреждение",
        "预警", "الإنذار المبكر",
    ),
    "reintegration": (
        "reintegration", "réintégration", "reintegración", "реинтеграция", "重返社会",
        "إعادة الإدماج",
    ),
    # strength of the evidence, weakest first
    "anecdotal": (
        "anecdotal", "anecdotique", "anecdótica", "отдельные свидетельства", "轶事性",
        "روايات متفرقة",
    ),
    "descriptive": (
        "descriptive", "descriptive", "descriptiva", "описательные данные", "描述性", "وصفية",
    ),
    "quasi-experimental": (
        "quasi-experimental", "quasi expérimentale", "cuasiexperimental",
        "квазиэкспериментальные данные", "准实验", "شبه تجريبية",
    ),
    "experimental": (
        "experimental", "expérimentale", "experimental", "экспериментальные данные",
        "实验性", "تجريبية",
    ),
}  # fmt: skip


def annex_labels(language: str) -> AnnexLabels:
    return _ANNEX[language]


def term(word: str, language: str) -> str:
    """A word of the catalogue (an actor, an approach, a strength) in the language; one
    this table does not know yet is printed as written (hyphens as spaces)."""
    known = _TERMS.get(word)
    if known is None:
        return word.replace("-", " ").replace("_", " ")
    return known[_ORDER.index(language)]


@cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale.parse(_BABEL_LOCALE[language]).territories)


def region_name(code: str, language: str) -> str:
    """A UN M49 region's name ("419" → "Latin America"); the code when CLDR lacks it."""
    return _territories(language).get(code, code)


def country_name(code: str, language: str) -> str:
    """An ISO 3166-1 country's name ("CO" → "Colombie" in French)."""
    return _territories(language).get(code.upper(), code)
