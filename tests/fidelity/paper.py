"""The fidelity paper: one short UN working paper in each of the six languages.

Each language has the same shape, so that the same facts can be asserted of every file:
a numbered chapter with two paragraphs (emphasis, a footnote, a citation, a link whose
address has hyphens, Latin-script names inside the text), a chapter with a table of three
columns of very different widths, and a chapter with a figure. The Arabic, Chinese and
Russian texts are real translations of the English, as a translator would write them.
"""

from __future__ import annotations

import datetime
from typing import Literal

from tests.images import png
from workflows.rendering import Edition, RenderImage, RenderSection

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
LINK = "https://habitat3.org/the-new-urban-agenda"

BIBLIOGRAPHY = """[
 {"id": "unhabitat2016", "type": "report", "title": "Urban Safety and Peacebuilding",
  "author": [{"literal": "UN-Habitat"}], "issued": {"date-parts": [[2016]]},
  "publisher": "United Nations Human Settlements Programme", "publisher-place": "Nairobi"},
 {"id": "muggah2012", "type": "book", "title": "Researching the Urban Dilemma",
  "author": [{"family": "Muggah", "given": "Robert"}], "issued": {"date-parts": [[2012]]},
  "publisher": "International Development Research Centre", "publisher-place": "Ottawa"}
]"""

# (title, forum, chapter titles, intro paragraphs, table (caption, header, rows), figure caption)
TEXTS: dict[str, dict[str, object]] = {
    "en": {
        "title": "A comprehensive approach to urban safety and peacebuilding",
        "forum": "Preparatory Committee for the United Nations Conference on Housing and "
        "Sustainable Urban Development (Habitat III), third session",
        "chapters": ("Introduction", "Practices compared", "Where violence concentrates"),
        "intro": (
            "Cities are where peace is built or lost. Local governments, with *UN-Habitat* "
            "and civil society, have shown that prevention works when it is planned with "
            "the people it protects.[^1] The New Urban Agenda, adopted in Quito on "
            "20 October 2016, calls for safe and inclusive public spaces [@unhabitat2016].",
            f"The full text of the Agenda is available at <{LINK}>. Evidence from Medellín "
            "and Nairobi suggests that investment in transport and lighting reduces "
            "violence [@muggah2012].",
        ),
        "note": "See General Assembly resolution 71/256, annex.",
        "table": (
            "Selected municipal practices",
            ("City", "Approach", "Result"),
            (
                (
                    "Medellín",
                    "Cable cars linking informal settlements to the centre",
                    "Homicides down by two thirds",
                ),
                ("Nairobi", "Women's safety audits of markets", "New lighting in 12 markets"),
            ),
        ),
        "figure": "Recorded incidents by district",
        "sentence": "Cities are where peace is built or lost",
    },
    "fr": {
        "title": "Une approche globale de la sécurité urbaine et de la consolidation de la paix",
        "forum": "Comité préparatoire de la Conférence des Nations Unies sur le logement et le "
        "développement urbain durable (Habitat III), troisième session",
        "chapters": ("Introduction", "Comparaison des pratiques", "Où se concentre la violence"),
        "intro": (
            "C’est dans les villes que la paix se construit ou se perd. Les autorités locales, "
            "avec *ONU-Habitat* et la société civile, ont montré que la prévention réussit "
            "lorsqu’elle est planifiée avec les personnes qu’elle protège.[^1] Le Nouveau "
            "Programme pour les villes, adopté à Quito le 20 octobre 2016, appelle à des "
            "espaces publics sûrs et inclusifs [@unhabitat2016].",
            f"Le texte intégral du Programme est disponible à l’adresse <{LINK}>. "
            "L’expérience de Medellín et de Nairobi montre que l’investissement dans les "
            "transports et l’éclairage réduit la violence [@muggah2012].",
        ),
        "note": "Voir la résolution 71/256 de l’Assemblée générale, annexe.",
        "table": (
            "Pratiques municipales retenues",
            ("Ville", "Approche", "Résultat"),
            (
                (
                    "Medellín",
                    "Téléphériques reliant les quartiers informels au centre",
                    "Homicides réduits des deux tiers",
                ),
                (
                    "Nairobi",
                    "Audits de sécurité des marchés par des femmes",
                    "Éclairage neuf dans 12 marchés",
                ),
            ),
        ),
        "figure": "Incidents enregistrés par district",
        "sentence": "C’est dans les villes que la paix se construit ou se perd",
    },
    "es": {
        "title": "Un enfoque integral de la seguridad urbana y la consolidación de la paz",
        "forum": "Comité Preparatorio de la Conferencia de las Naciones Unidas sobre la "
        "Vivienda y el Desarrollo Urbano Sostenible (Hábitat III), tercer período de sesiones",
        "chapters": ("Introducción", "Comparación de prácticas", "Dónde se concentra la violencia"),
        "intro": (
            "Las ciudades son donde la paz se construye o se pierde. Los gobiernos locales, "
            "con *ONU-Hábitat* y la sociedad civil, han demostrado que la prevención funciona "
            "cuando se planifica con las personas a las que protege.[^1] La Nueva Agenda "
            "Urbana, aprobada en Quito el 20 de octubre de 2016, pide espacios públicos "
            "seguros e inclusivos [@unhabitat2016].",
            f"El texto completo de la Agenda puede consultarse en <{LINK}>. La experiencia "
            "de Medellín y Nairobi indica que la inversión en transporte e iluminación "
            "reduce la violencia [@muggah2012].",
        ),
        "note": "Véase la resolución 71/256 de la Asamblea General, anexo.",
        "table": (
            "Prácticas municipales seleccionadas",
            ("Ciudad", "Enfoque", "Resultado"),
            (
                (
                    "Medellín",
                    "Teleféricos que unen los asentamientos informales con el centro",
                    "Homicidios reducidos en dos tercios",
                ),
                (
                    "Nairobi",
                    "Auditorías de seguridad de los mercados hechas por mujeres",
                    "Nueva iluminación en 12 mercados",
                ),
            ),
        ),
        "figure": "Incidentes registrados por distrito",
        "sentence": "Las ciudades son donde la paz se construye o se pierde",
    },
    "ru": {
        "title": "Комплексный подход к обеспечению безопасности в городах и миростроительству",
        "forum": "Подготовительный комитет Конференции Организации Объединенных Наций по "
        "жилью и устойчивому городскому развитию (Хабитат III), третья сессия",
        "chapters": ("Введение", "Сравнение практики", "Где сосредоточено насилие"),
        "intro": (
            "Именно в городах мир строится или утрачивается. Местные органы власти вместе с "
            "*ООН-Хабитат* и гражданским обществом показали, что профилактика действенна, "
            "когда ее планируют вместе с теми, кого она защищает.[^1] Новая программа "
            "развития городов, принятая в Кито 20 октября 2016 года, призывает создавать "
            "безопасные и открытые для всех общественные пространства [@unhabitat2016].",
            f"Полный текст Программы размещен по адресу <{LINK}>. Опыт Медельина и Найроби "
            "показывает, что вложения в транспорт и освещение сокращают насилие [@muggah2012].",
        ),
        "note": "См. резолюцию 71/256 Генеральной Ассамблеи, приложение.",
        "table": (
            "Отдельные виды практики муниципалитетов",
            ("Город", "Подход", "Результат"),
            (
                (
                    "Медельин",
                    "Канатные дороги, связывающие неформальные поселения с центром",
                    "Число убийств сократилось на две трети",
                ),
                (
                    "Найроби",
                    "Проверка безопасности рынков силами женщин",
                    "Новое освещение на 12 рынках",
                ),
            ),
        ),
        "figure": "Зарегистрированные инциденты по районам",
        "sentence": "Именно в городах мир строится или утрачивается",
    },
    "zh": {
        "title": "城市安全与建设和平的综合办法",
        "forum": "联合国住房和城市可持续发展大会（人居三）筹备委员会第三届会议",
        "chapters": ("导言", "做法比较", "暴力集中之处"),
        "intro": (
            "和平在城市中建立，也在城市中丧失。地方政府与*人居署*和民间社会合作，"
            "证明预防工作只有与受保护者共同规划才能奏效。[^1]2016年10月20日在基多"
            "通过的《新城市议程》呼吁建设安全和包容的公共空间 [@unhabitat2016]。",
            f"《议程》全文见 <{LINK}>。麦德林和内罗毕的经验表明，对交通和照明的投资"
            "能够减少暴力 [@muggah2012]。",
        ),
        "note": "见大会第71/256号决议，附件。",
        "table": (
            "若干城市做法",
            ("城市", "办法", "成果"),
            (
                ("麦德林", "用缆车把非正规住区与市中心连接起来", "凶杀案减少三分之二"),
                ("内罗毕", "由妇女对市场进行安全审计", "12个市场安装了新照明"),
            ),
        ),
        "figure": "各区记录的事件",
        "sentence": "和平在城市中建立",
    },
    "ar": {
        "title": "نهج شامل إزاء الأمن الحضري وبناء السلام",
        "forum": "اللجنة التحضيرية لمؤتمر الأمم المتحدة المعني بالإسكان والتنمية الحضرية "
        "المستدامة (الموئل الثالث)، الدورة الثالثة",
        "chapters": ("مقدمة", "مقارنة الممارسات", "أين يتركز العنف"),
        "intro": (
            "في المدن يُبنى السلام أو يضيع. وقد أثبتت الحكومات المحلية، مع *موئل الأمم المتحدة* "
            "والمجتمع المدني، أن الوقاية تنجح عندما يُخطط لها مع الناس الذين تحميهم.[^1] "
            "ويدعو الخطة الحضرية الجديدة (New Urban Agenda)، المعتمدة في كيتو في 20 تشرين "
            "الأول/أكتوبر 2016، إلى أماكن عامة آمنة وشاملة للجميع [@unhabitat2016].",
            f"ويمكن الاطلاع على النص الكامل للخطة في الموقع <{LINK}>. وتشير تجربة ميديين "
            "ونيروبي إلى أن الاستثمار في النقل والإنارة يحد من العنف [@muggah2012].",
        ),
        "note": "انظر قرار الجمعية العامة 71/256، المرفق.",
        "table": (
            "ممارسات بلدية مختارة",
            ("المدينة", "النهج", "النتيجة"),
            (
                (
                    "ميديين",
                    "عربات معلقة تربط المستوطنات غير الرسمية بوسط المدينة",
                    "انخفاض جرائم القتل بمقدار الثلثين",
                ),
                ("نيروبي", "عمليات تدقيق تجريها النساء لسلامة الأسواق", "إنارة جديدة في 12 سوقا"),
            ),
        ),
        "figure": "الحوادث المسجلة حسب المنطقة",
        "sentence": "في المدن يبنى السلام",
    },
}


def _table(caption: str, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + f"\n\n: {caption}"


def fidelity_edition(
    language: str,
    *,
    kind: Literal["draft", "final"] = "draft",
    source_language: str = "en",
    **settings: object,
) -> Edition:
    """The fidelity paper in one language (a draft by default, translated from English)."""
    text = TEXTS[language]
    first, second, third = text["chapters"]  # type: ignore[misc]
    intro = "\n\n".join(text["intro"]) + f"\n\n[^1]: {text['note']}"  # type: ignore[arg-type]
    caption, header, rows = text["table"]  # type: ignore[misc]
    sections = (
        RenderSection("intro", "1", first, intro),
        RenderSection("practices", "2", second, _table(caption, header, rows)),
        RenderSection("map", "3", third, f"![{text['figure']}](incidents.png)"),
    )
    return Edition(
        paper_title=str(text["title"]),
        symbol="A/CONF.226/PC.3/14",
        forum=str(text["forum"]),
        date=datetime.date(2016, 7, 12),
        language=language,
        source_language=source_language,
        version="1.0",
        kind=kind,
        distribution="general",
        sections=sections,
        bibliography=BIBLIOGRAPHY,
        images=(RenderImage("incidents.png", png(240, 120, (40, 90, 160))),),
        **settings,  # type: ignore[arg-type]
    )
