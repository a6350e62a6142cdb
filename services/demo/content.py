"""The demo paper that `accord demo` loads: plain data, in English, Spanish and French.

A working-group paper for the Third United Nations Conference on Housing and Sustainable Urban
Development (Habitat III). The working group, its members and the document symbol are invented
for the demonstration; the references in BIBLIOGRAPHY and the documents the text cites are real.

Bodies are pandoc Markdown, one paragraph (or list item, or table row) per line, blocks separated
by a blank line. Footnotes are inline (`^[...]`) so that sections can be joined into one document
without clashing labels, and citations (`[@id]`) name entries of BIBLIOGRAPHY. Each Spanish and
French body mirrors its English one: the same footnotes, citations, list and table. French text
uses no-break spaces before high punctuation and inside guillemets, as French typography requires.

Reviewers change only the English, but the published translations must say what the approved
English says: every accepted suggestion therefore carries its Spanish and French counterpart, and
every second English draft comes with the Spanish and French made from it. `approved_body` gives
the text each language ends the review round with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


_INTRODUCTION = DemoSection(
    key="introduction",
    titles={
        "en": "Introduction and context",
        "es": "Introducción y contexto",
        "fr": "Introduction et contexte",
    },
    author="amina.diallo",
    bodies={
        "en": (
            "The Working Group on Urban Safety and Peacebuilding submits this paper to the "
            "Preparatory Committee for the United Nations Conference on Housing and Sustainable "
            "Urban Development (Habitat III), to be held in Quito in October 2016. It sets out a "
            "comprehensive approach to urban safety for endorsement in the New Urban Agenda.\n"
            "\n"
            "Cities are now home to more than half of the world's population, and nearly all "
            "population growth in the coming decades is expected to take place in urban "
            "areas.^[United Nations, Department of Economic and Social Affairs, Population "
            "Division, *World Urbanization Prospects: The 2014 Revision* (ST/ESA/SER.A/366). Urban "
            "areas were home to 54 per cent of the world's population in 2014, a share projected "
            "to reach 66 per cent by 2050.] Where urbanization is rapid and unplanned, it is often "
            "accompanied by exclusion, informal settlements without basic services and high levels "
            "of crime and violence. UN-Habitat has estimated that some 60 per cent of urban "
            "residents in developing countries have been victims of crime at least once over a "
            "five-year period [@unhabitat2007].\n"
            "\n"
            "The nature of violence has also changed. An estimated 1.5 billion people live in "
            "areas affected by fragility, conflict or large-scale, organized criminal violence "
            "[@worldbank2011], and most violent deaths now occur outside situations of armed "
            "conflict, many of them in cities. The line between crime and conflict is increasingly "
            "blurred: a single neighbourhood may host armed groups, criminal economies and people "
            "displaced by war at the same time.\n"
            "\n"
            "Violence in cities is neither inevitable nor a matter for the police alone. It is "
            "shaped by how cities are planned, governed and financed, and it can be reduced. In "
            "the 2030 Agenda for Sustainable Development, Member States committed themselves to "
            "making cities and human settlements inclusive, safe, resilient and sustainable (Goal "
            "11) and to significantly reducing all forms of violence everywhere (target 16.1) "
            "[@unga2015]. Habitat III is the first opportunity to translate those commitments into "
            "urban policy. This paper proposes how."
        ),
        "es": (
            "El Grupo de Trabajo sobre Seguridad Urbana y Consolidación de la Paz presenta este "
            "documento al Comité Preparatorio de la Conferencia de las Naciones Unidas sobre la "
            "Vivienda y el Desarrollo Urbano Sostenible (Hábitat III), que se celebrará en Quito "
            "en octubre de 2016. En él se expone un enfoque integral de la seguridad urbana para "
            "que la Nueva Agenda Urbana lo haga suyo.\n"
            "\n"
            "En la actualidad, más de la mitad de la población mundial vive en ciudades, y se "
            "prevé que casi todo el crecimiento demográfico de los próximos decenios se produzca "
            "en zonas urbanas.^[Naciones Unidas, Departamento de Asuntos Económicos y Sociales, "
            "División de Población, *World Urbanization Prospects: The 2014 Revision* "
            "(ST/ESA/SER.A/366). En 2014, el 54 por ciento de la población mundial vivía en zonas "
            "urbanas, proporción que, según las proyecciones, alcanzará el 66 por ciento en 2050.] "
            "Cuando la urbanización es rápida y no planificada, suele ir acompañada de exclusión, "
            "de asentamientos informales carentes de servicios básicos y de niveles elevados de "
            "delincuencia y violencia. Según estimaciones de ONU-Hábitat, alrededor del 60 por "
            "ciento de los habitantes de las ciudades de los países en desarrollo han sido "
            "víctimas de un delito al menos una vez en un período de cinco años [@unhabitat2007].\n"
            "\n"
            "También ha cambiado la naturaleza de la violencia. Se calcula que 1.500 millones de "
            "personas viven en zonas afectadas por la fragilidad, los conflictos o la violencia "
            "delictiva organizada a gran escala [@worldbank2011], y la mayoría de las muertes "
            "violentas se producen hoy fuera de situaciones de conflicto armado, muchas de ellas "
            "en las ciudades. La frontera entre la delincuencia y el conflicto es cada vez más "
            "difusa: en un mismo barrio urbano pueden coexistir grupos armados, economías "
            "delictivas y personas desplazadas por la guerra.\n"
            "\n"
            "La violencia en las ciudades no es inevitable ni incumbe únicamente a la policía. "
            "Depende de la forma en que las ciudades se planifican, se gobiernan y se financian, y "
            "es posible reducirla. En la Agenda 2030 para el Desarrollo Sostenible, los Estados "
            "Miembros se comprometieron a lograr que las ciudades y los asentamientos humanos sean "
            "inclusivos, seguros, resilientes y sostenibles (Objetivo 11) y a reducir "
            "significativamente todas las formas de violencia en todo el mundo (meta 16.1) "
            "[@unga2015]. Hábitat III constituye la primera oportunidad de plasmar esos "
            "compromisos en políticas urbanas. En el presente documento se propone cómo hacerlo."
        ),
        "fr": (
            "Le Groupe de travail sur la sécurité urbaine et la consolidation de la paix présente "
            "ce document au Comité préparatoire de la Conférence des Nations Unies sur le logement "
            "et le développement urbain durable (Habitat III), qui se tiendra à Quito en octobre "
            "2016. Il y expose une approche globale de la sécurité urbaine, en vue de son "
            "approbation dans le Nouveau Programme pour les villes.\n"
            "\n"
            "Plus de la moitié de la population mondiale vit aujourd'hui dans les villes, et la "
            "quasi-totalité de la croissance démographique des prochaines décennies devrait se "
            "produire en zone urbaine.^[Organisation des Nations Unies, Département des affaires "
            "économiques et sociales, Division de la population, *World Urbanization Prospects: "
            "The 2014 Revision* (ST/ESA/SER.A/366). En 2014, 54\u00a0% de la population mondiale "
            "vivait en zone urbaine, proportion qui devrait atteindre 66\u00a0% d'ici à 2050.] "
            "Lorsque l'urbanisation est rapide et non planifiée, elle s'accompagne souvent "
            "d'exclusion, de quartiers informels dépourvus de services de base et de niveaux "
            "élevés de criminalité et de violence. Selon les estimations d'ONU-Habitat, quelque "
            "60\u00a0% des citadins des pays en développement ont été victimes d'une infraction au "
            "moins une fois sur une période de cinq ans [@unhabitat2007].\n"
            "\n"
            "La nature de la violence a elle aussi changé. On estime que 1,5 milliard de personnes "
            "vivent dans des zones touchées par la fragilité, les conflits ou la violence "
            "criminelle organisée à grande échelle [@worldbank2011], et la plupart des morts "
            "violentes surviennent aujourd'hui en dehors des situations de conflit armé, nombre "
            "d'entre elles dans les villes. La frontière entre criminalité et conflit est de plus "
            "en plus floue\u00a0: un même quartier peut abriter à la fois des groupes armés, des "
            "économies criminelles et des personnes déplacées par la guerre.\n"
            "\n"
            "La violence urbaine n'est pas une fatalité, et elle ne relève pas de la seule police. "
            "Elle dépend de la manière dont les villes sont planifiées, gouvernées et financées, "
            "et elle peut être réduite. Dans le Programme de développement durable à l'horizon "
            "2030, les États Membres se sont engagés à faire en sorte que les villes et les "
            "établissements humains soient ouverts à tous, sûrs, résilients et durables (objectif "
            "11) et à réduire nettement, partout dans le monde, toutes les formes de violence "
            "(cible 16.1) [@unga2015]. Habitat III offre la première occasion de traduire ces "
            "engagements en politiques urbaines. Le présent document propose une manière d'y "
            "parvenir."
        ),
    },
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
    bodies={
        "en": (
            "No single institution can make a city safe. Insecurity has many causes, among them "
            "unemployment and exclusion, poor planning, inadequate services, the availability of "
            "firearms and alcohol, impunity and mistrust of institutions, and each falls within "
            "the responsibility of a different part of government. A comprehensive approach "
            "therefore brings national and local government, the justice and security sectors, "
            "civil society, the private sector, academia and communities together around a shared "
            "diagnosis and a shared strategy [@habitat3-2015].\n"
            "\n"
            "The Working Group proposes that such an approach rest on the following principles, "
            "which draw on the United Nations Guidelines for the Prevention of Crime "
            "[@ecosoc2002]:\n"
            "\n"
            "- **Leadership and coordination.** Local authorities lead, within a national policy "
            "framework that assigns clear responsibilities and resources.\n"
            "- **Evidence.** Strategies are based on a local safety diagnosis and are regularly "
            "monitored and evaluated.\n"
            "- **Participation.** Residents, including women, young people and marginalized "
            "groups, help to set priorities and to assess results.\n"
            "- **Human rights and the rule of law.** Every measure respects the rights of all, and "
            "no measure stigmatizes a neighbourhood or a group.\n"
            "- **Sustainability.** Programmes are funded over several years and anchored in "
            "institutions rather than in short-term projects.\n"
            "\n"
            "In settings affected by conflict, the same approach links urban safety to "
            "peacebuilding. Restoring trust between residents and institutions, resolving disputes "
            "over land and housing, and reintegrating former combatants and displaced persons into "
            "the urban economy are as important to lasting peace as the formal end of hostilities "
            "[@worldbank2011]. The Working Group therefore uses the term *urban safety* to cover "
            "both the prevention of crime and violence and the consolidation of peace at the local "
            "level."
        ),
        "es": (
            "Ninguna institución puede por sí sola hacer que una ciudad sea segura. La inseguridad "
            "tiene múltiples causas, entre ellas el desempleo y la exclusión, una planificación "
            "deficiente, la insuficiencia de los servicios, la disponibilidad de armas de fuego y "
            "alcohol, la impunidad y la desconfianza en las instituciones, y cada una de ellas es "
            "competencia de un ámbito distinto de la administración pública. Por consiguiente, un "
            "enfoque integral reúne a las autoridades nacionales y locales, los sectores de la "
            "justicia y la seguridad, la sociedad civil, el sector privado, el mundo académico y "
            "las comunidades en torno a un diagnóstico y una estrategia comunes [@habitat3-2015].\n"
            "\n"
            "El Grupo de Trabajo propone que dicho enfoque se base en los principios siguientes, "
            "inspirados en las Directrices de las Naciones Unidas para la Prevención del Delito "
            "[@ecosoc2002]:\n"
            "\n"
            "- **Liderazgo y coordinación.** Las autoridades locales asumen el liderazgo en el "
            "marco de una política nacional que asigna responsabilidades y recursos claros.\n"
            "- **Base empírica.** Las estrategias se fundamentan en un diagnóstico local de "
            "seguridad y son objeto de seguimiento y evaluación periódicos.\n"
            "- **Participación.** Los residentes, incluidos las mujeres, los jóvenes y los grupos "
            "marginados, contribuyen a fijar las prioridades y a evaluar los resultados.\n"
            "- **Derechos humanos y estado de derecho.** Toda medida respeta los derechos de todas "
            "las personas, y ninguna estigmatiza a un barrio o a un grupo.\n"
            "- **Sostenibilidad.** Los programas se financian con carácter plurianual y se anclan "
            "en las instituciones, y no en proyectos de corto plazo.\n"
            "\n"
            "En los contextos afectados por conflictos, este mismo enfoque vincula la seguridad "
            "urbana con la consolidación de la paz. Restablecer la confianza entre los residentes "
            "y las instituciones, resolver las controversias sobre la tierra y la vivienda, y "
            "reintegrar a los excombatientes y a las personas desplazadas en la economía urbana "
            "son tareas tan importantes para una paz duradera como el fin formal de las "
            "hostilidades [@worldbank2011]. Por ello, el Grupo de Trabajo emplea la expresión "
            "*seguridad urbana* para abarcar tanto la prevención del delito y la violencia como la "
            "consolidación de la paz a nivel local."
        ),
        "fr": (
            "Aucune institution ne peut à elle seule assurer la sécurité d'une ville. L'insécurité "
            "a des causes multiples, parmi lesquelles le chômage et l'exclusion, une planification "
            "déficiente, l'insuffisance des services, la disponibilité des armes à feu et de "
            "l'alcool, l'impunité et la défiance envers les institutions, et chacune relève d'une "
            "composante différente des pouvoirs publics. Une approche globale réunit donc les "
            "autorités nationales et locales, les secteurs de la justice et de la sécurité, la "
            "société civile, le secteur privé, les milieux universitaires et les populations "
            "autour d'un diagnostic et d'une stratégie communs [@habitat3-2015].\n"
            "\n"
            "Le Groupe de travail propose que cette approche repose sur les principes ci-après, "
            "inspirés des Principes directeurs des Nations Unies applicables à la prévention du "
            "crime [@ecosoc2002]\u00a0:\n"
            "\n"
            "- **Direction et coordination.** Les autorités locales pilotent l'action, dans le "
            "cadre d'une politique nationale qui définit clairement les responsabilités et les "
            "ressources.\n"
            "- **Données factuelles.** Les stratégies reposent sur un diagnostic local de sécurité "
            "et font l'objet d'un suivi et d'une évaluation réguliers.\n"
            "- **Participation.** Les habitants, y compris les femmes, les jeunes et les groupes "
            "marginalisés, contribuent à la définition des priorités et à l'évaluation des "
            "résultats.\n"
            "- **Droits de l'homme et état de droit.** Toute mesure respecte les droits de chacun, "
            "et aucune ne stigmatise un quartier ou un groupe.\n"
            "- **Pérennité.** Les programmes bénéficient d'un financement pluriannuel et sont "
            "ancrés dans les institutions plutôt que dans des projets de court terme.\n"
            "\n"
            "Dans les situations touchées par un conflit, cette même approche relie la sécurité "
            "urbaine à la consolidation de la paix. Rétablir la confiance entre les habitants et "
            "les institutions, régler les différends relatifs à la terre et au logement et "
            "réintégrer les ex-combattants et les personnes déplacées dans l'économie urbaine sont "
            "aussi importants pour une paix durable que la cessation officielle des hostilités "
            "[@worldbank2011]. C'est pourquoi le Groupe de travail emploie l'expression *sécurité "
            "urbaine* pour désigner à la fois la prévention de la criminalité et de la violence et "
            "la consolidation de la paix à l'échelon local."
        ),
    },
)

_PREVENTION = DemoSection(
    key="prevention",
    titles={
        "en": "Preventing crime and violence",
        "es": "Prevención del delito y la violencia",
        "fr": "Prévention de la criminalité et de la violence",
    },
    author="rahul.mehta",
    bodies={
        "en": (
            "Well-planned prevention not only reduces crime and victimization; it also promotes "
            "community safety and reduces the costs that crime imposes on the justice system and "
            "on society as a whole [@ecosoc2002]. The Guidelines for the Prevention of Crime "
            "distinguish four complementary approaches: crime prevention through social "
            "development, locally based crime prevention, situational crime prevention and "
            "programmes for the reintegration of offenders. A comprehensive urban strategy "
            "combines all four and adapts them to the risk factors identified in each "
            "neighbourhood.\n"
            "\n"
            "Urban planning and design are among the most direct instruments available to local "
            "authorities. Crime prevention through environmental design (CPTED)^[The Working Group "
            "uses the term in its broad, so-called second-generation sense, which combines changes "
            "to the built environment with measures to strengthen social cohesion and community "
            "ownership of public space.] reduces opportunities for crime by improving lighting, "
            "sightlines and natural surveillance, by encouraging the mixed use of streets and by "
            "maintaining public spaces so that they are visibly cared for. Well-designed and "
            "well-managed public space also brings people together, which is itself a protective "
            "factor [@unhabitat2007].\n"
            "\n"
            "Design alone, however, may displace crime rather than prevent it, and measures such "
            "as gated communities, walls and private security can deepen the segregation that "
            "fuels insecurity. Physical measures should therefore be planned together with social "
            "ones: support for early childhood and families, measures to keep children in school, "
            "employment programmes, the control of firearms and alcohol, and the treatment of drug "
            "dependence. Interventions should be concentrated where violence is concentrated, "
            "since in most cities a small number of streets and places account for a large share "
            "of violent incidents.\n"
            "\n"
            "Finally, prevention must include those already in contact with the justice system. "
            "Non-custodial measures for minor offences and support for the reintegration of people "
            "leaving prison reduce reoffending and help to break cycles of violence."
        ),
        "es": (
            "Una prevención bien planificada no solo reduce la delincuencia y la victimización, "
            "sino que también promueve la seguridad de la comunidad y reduce los costos que el "
            "delito impone al sistema de justicia y al conjunto de la sociedad [@ecosoc2002]. Las "
            "Directrices para la Prevención del Delito distinguen cuatro enfoques complementarios: "
            "la prevención del delito mediante el desarrollo social, la prevención del delito de "
            "base local, la prevención de situaciones propicias al delito y los programas de "
            "reinserción social de los delincuentes. Una estrategia urbana integral combina los "
            "cuatro y los adapta a los factores de riesgo detectados en cada barrio.\n"
            "\n"
            "La planificación y el diseño urbanos figuran entre los instrumentos más directos de "
            "que disponen las autoridades locales. La prevención del delito mediante el diseño "
            "ambiental (CPTED, por sus siglas en inglés)^[El Grupo de Trabajo emplea el término en "
            "su sentido amplio, llamado «de segunda generación», que combina las modificaciones "
            "del entorno construido con medidas destinadas a fortalecer la cohesión social y la "
            "apropiación del espacio público por la comunidad.] reduce las oportunidades de "
            "delinquir mejorando la iluminación, la visibilidad y la vigilancia natural, "
            "fomentando el uso mixto de las calles y manteniendo los espacios públicos de modo que "
            "sea patente que están cuidados. Un espacio público bien diseñado y bien gestionado "
            "propicia además el encuentro entre las personas, lo que constituye en sí mismo un "
            "factor de protección [@unhabitat2007].\n"
            "\n"
            "Sin embargo, el diseño por sí solo puede desplazar el delito en lugar de prevenirlo, "
            "y medidas como los barrios cerrados, los muros y la seguridad privada pueden agravar "
            "la segregación que alimenta la inseguridad. Por consiguiente, las medidas físicas "
            "deben planificarse junto con medidas sociales: el apoyo a la primera infancia y a las "
            "familias, medidas para mantener a los niños en la escuela, programas de empleo, el "
            "control de las armas de fuego y del alcohol, y el tratamiento de la drogodependencia. "
            "Las intervenciones deben concentrarse allí donde se concentra la violencia, ya que en "
            "la mayoría de las ciudades un número reducido de calles y lugares reúne una "
            "proporción considerable de los incidentes violentos.\n"
            "\n"
            "Por último, la prevención debe abarcar también a quienes ya están en contacto con el "
            "sistema de justicia. Las medidas no privativas de la libertad para los delitos leves "
            "y el apoyo a la reinserción de las personas que salen de prisión reducen la "
            "reincidencia y contribuyen a romper los ciclos de violencia."
        ),
        "fr": (
            "Une prévention bien planifiée permet non seulement de réduire la criminalité et la "
            "victimisation, mais aussi de promouvoir la sécurité collective et de réduire les "
            "coûts que la criminalité fait peser sur le système judiciaire et sur l'ensemble de la "
            "société [@ecosoc2002]. Les Principes directeurs applicables à la prévention du crime "
            "distinguent quatre approches complémentaires\u00a0: la prévention du crime par le "
            "développement social, la prévention du crime au niveau local, la prévention des "
            "situations criminogènes et les programmes de réinsertion sociale des délinquants. Une "
            "stratégie urbaine globale combine ces quatre approches et les adapte aux facteurs de "
            "risque recensés dans chaque quartier.\n"
            "\n"
            "L'urbanisme et la conception des espaces figurent parmi les leviers les plus directs "
            "dont disposent les autorités locales. La prévention de la criminalité par "
            "l'aménagement du milieu (CPTED selon le sigle anglais)^[Le Groupe de travail emploie "
            "ce terme dans son acception large, dite «\u00a0de deuxième génération\u00a0», qui "
            "associe les modifications du cadre bâti à des mesures visant à renforcer la cohésion "
            "sociale et l'appropriation de l'espace public par la collectivité.] réduit les "
            "possibilités de passage à l'acte en améliorant l'éclairage, la visibilité et la "
            "surveillance naturelle, en favorisant la mixité des usages de la rue et en "
            "entretenant les espaces publics de sorte qu'ils apparaissent manifestement soignés. "
            "Un espace public bien conçu et bien géré favorise en outre les rencontres, ce qui "
            "constitue en soi un facteur de protection [@unhabitat2007].\n"
            "\n"
            "La conception à elle seule peut toutefois déplacer la criminalité au lieu de la "
            "prévenir, et des mesures telles que les résidences fermées, les murs et la sécurité "
            "privée peuvent aggraver la ségrégation qui alimente l'insécurité. Les mesures "
            "physiques doivent donc être planifiées conjointement avec des mesures sociales\u00a0: "
            "soutien à la petite enfance et aux familles, lutte contre le décrochage scolaire, "
            "programmes d'emploi, contrôle des armes à feu et de l'alcool, et traitement de la "
            "toxicomanie. Les interventions doivent être concentrées là où la violence l'est, car "
            "dans la plupart des villes un petit nombre de rues et de lieux concentre une part "
            "importante des faits de violence.\n"
            "\n"
            "Enfin, la prévention doit aussi viser les personnes déjà en contact avec le système "
            "judiciaire. Les mesures non privatives de liberté applicables aux infractions "
            "mineures et l'accompagnement de la réinsertion des personnes sortant de prison "
            "réduisent la récidive et contribuent à briser les cycles de la violence."
        ),
    },
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
    bodies={
        "en": (
            "Young people are disproportionately affected by urban violence, both as victims and "
            "as perpetrators, yet they are too often treated only as a risk to be managed. "
            "Security Council resolution 2250 (2015) marks a change of perspective: it recognizes "
            "the important and positive contribution of young people to efforts for the "
            "maintenance and promotion of peace and security, and it sets out five pillars for "
            "action: participation, protection, prevention, partnerships, and disengagement and "
            "reintegration [@unsc2250]. The resolution defines youth as persons aged 18 to 29; "
            "urban programmes should also reach adolescents.^[Other United Nations entities use "
            "different age ranges; for statistical purposes, the United Nations defines youth as "
            "persons between the ages of 15 and 24.]\n"
            "\n"
            "Exclusion is a powerful driver of urban insecurity. Where young people face "
            "unemployment, school drop-out, harassment by the authorities and the stigma attached "
            "to their neighbourhoods, the rewards offered by gangs and armed groups can appear "
            "attractive. Inclusion is therefore a security policy, not only a social one. Cities "
            "should offer young people pathways into education and decent work, safe places to "
            "meet, and access to culture and sport, particularly in the neighbourhoods where "
            "violence is concentrated.\n"
            "\n"
            "Inclusion also means having a voice in decisions. Municipal youth councils, "
            "participatory budgeting with a dedicated youth component and the involvement of young "
            "people in local safety audits have given young residents real influence over local "
            "priorities in many cities. Such mechanisms should be given resources and a formal "
            "link to municipal decision-making, so that participation is more than consultation.\n"
            "\n"
            "The same reasoning applies to other groups at risk of exclusion: migrants, refugees "
            "and internally displaced persons, minorities, persons with disabilities and residents "
            "of informal settlements. A safe city is one whose public services, justice and "
            "protection reach every resident, regardless of status or place of residence."
        ),
        "es": (
            "Los jóvenes se ven afectados de manera desproporcionada por la violencia urbana, "
            "tanto en calidad de víctimas como de autores, y sin embargo con demasiada frecuencia "
            "se los trata únicamente como un riesgo que hay que gestionar. La resolución 2250 "
            "(2015) del Consejo de Seguridad supone un cambio de perspectiva: reconoce la "
            "importante y positiva contribución de los jóvenes a los esfuerzos por mantener y "
            "promover la paz y la seguridad, y establece cinco pilares de acción: participación, "
            "protección, prevención, alianzas, y desvinculación y reintegración [@unsc2250]. La "
            "resolución define a los jóvenes como las personas de entre 18 y 29 años; los "
            "programas urbanos deberían llegar también a los adolescentes.^[Otras entidades de las "
            "Naciones Unidas utilizan intervalos de edad diferentes; a efectos estadísticos, las "
            "Naciones Unidas definen a los jóvenes como las personas de entre 15 y 24 años.]\n"
            "\n"
            "La exclusión es un poderoso factor de inseguridad urbana. Cuando los jóvenes se "
            "enfrentan al desempleo, al abandono escolar, al hostigamiento por parte de las "
            "autoridades y al estigma asociado a sus barrios, las recompensas que ofrecen las "
            "pandillas y los grupos armados pueden resultar atractivas. La inclusión es, por "
            "tanto, una política de seguridad, y no solo una política social. Las ciudades "
            "deberían ofrecer a los jóvenes vías de acceso a la educación y al trabajo decente, "
            "lugares seguros de encuentro y acceso a la cultura y el deporte, en particular en los "
            "barrios donde se concentra la violencia.\n"
            "\n"
            "La inclusión supone también tener voz en la adopción de decisiones. Los consejos "
            "municipales de la juventud, los presupuestos participativos con un componente "
            "específico para los jóvenes y la participación de estos en las auditorías locales de "
            "seguridad han otorgado a los jóvenes residentes una influencia real sobre las "
            "prioridades locales en muchas ciudades. Estos mecanismos deberían contar con recursos "
            "y con un vínculo formal con la adopción de decisiones municipales, de modo que la "
            "participación sea algo más que una consulta.\n"
            "\n"
            "El mismo razonamiento se aplica a otros grupos en riesgo de exclusión: los migrantes, "
            "los refugiados y los desplazados internos, las minorías, las personas con "
            "discapacidad y los habitantes de los asentamientos informales. Una ciudad segura es "
            "aquella cuyos servicios públicos, justicia y protección llegan a todos sus "
            "habitantes, independientemente de su condición o de su lugar de residencia."
        ),
        "fr": (
            "Les jeunes sont touchés de manière disproportionnée par la violence urbaine, à la "
            "fois en tant que victimes et en tant qu'auteurs, et pourtant ils sont trop souvent "
            "considérés uniquement comme un risque à gérer. La résolution 2250 (2015) du Conseil "
            "de sécurité marque un changement de perspective\u00a0: elle reconnaît la contribution "
            "importante et positive des jeunes aux efforts de maintien et de promotion de la paix "
            "et de la sécurité, et définit cinq piliers d'action\u00a0: la participation, la "
            "protection, la prévention, les partenariats, ainsi que le désengagement et la "
            "réintégration [@unsc2250]. La résolution définit les jeunes comme les personnes âgées "
            "de 18 à 29 ans\u00a0; les programmes urbains devraient également toucher les "
            "adolescents.^[D'autres entités des Nations Unies retiennent des tranches d'âge "
            "différentes\u00a0; à des fins statistiques, l'Organisation des Nations Unies définit "
            "les jeunes comme les personnes âgées de 15 à 24 ans.]\n"
            "\n"
            "L'exclusion est un puissant facteur d'insécurité urbaine. Lorsque les jeunes sont "
            "confrontés au chômage, au décrochage scolaire, au harcèlement de la part des "
            "autorités et à la stigmatisation de leur quartier, les avantages qu'offrent les "
            "bandes et les groupes armés peuvent paraître attrayants. L'inclusion est donc une "
            "politique de sécurité, et pas seulement une politique sociale. Les villes devraient "
            "offrir aux jeunes des passerelles vers l'éducation et un travail décent, des lieux de "
            "rencontre sûrs et l'accès à la culture et au sport, en particulier dans les quartiers "
            "où la violence est concentrée.\n"
            "\n"
            "L'inclusion suppose aussi de pouvoir faire entendre sa voix dans la prise de "
            "décisions. Les conseils municipaux de jeunes, les budgets participatifs comportant un "
            "volet spécifiquement consacré aux jeunes et la participation de ces derniers aux "
            "audits locaux de sécurité ont donné aux jeunes habitants de nombreuses villes une "
            "influence réelle sur les priorités locales. Ces mécanismes devraient être dotés de "
            "ressources et rattachés officiellement au processus de décision municipal, afin que "
            "la participation ne se limite pas à une simple consultation.\n"
            "\n"
            "Le même raisonnement s'applique aux autres groupes exposés à l'exclusion\u00a0: "
            "migrants, réfugiés et personnes déplacées dans leur propre pays, minorités, personnes "
            "handicapées et habitants des quartiers informels. Une ville sûre est une ville dont "
            "les services publics, la justice et la protection atteignent chacun de ses habitants, "
            "quels que soient son statut ou son lieu de résidence."
        ),
    },
)

_WOMEN_AND_GIRLS = DemoSection(
    key="women-and-girls",
    titles={
        "en": "Gender and the safety of women and girls in public space",
        "es": "El género y la seguridad de las mujeres y las niñas en el espacio público",
        "fr": "Le genre et la sécurité des femmes et des filles dans l'espace public",
    },
    author="carmen.olivares",
    bodies={
        "en": (
            "Women and girls experience the city differently from men and boys. Sexual harassment "
            "and other forms of sexual violence in streets, public transport, markets and parks "
            "restrict their freedom of movement and their access to education, work and public "
            "life, yet such violence remains widely underreported and is rarely addressed by urban "
            "policy. In the 2030 Agenda, Member States committed themselves to eliminating all "
            "forms of violence against all women and girls in the public and private spheres "
            "(target 5.2) and to providing universal access to safe, inclusive and accessible "
            "green and public spaces, in particular for women and children, older persons and "
            "persons with disabilities (target 11.7) [@unga2015].\n"
            "\n"
            "Cities that have taken these commitments seriously can draw on a body of tested "
            "practice. Women's safety audits,^[The method was developed in Toronto, Canada, in "
            "1989 by the Metropolitan Action Committee on Violence Against Women and Children "
            "(METRAC) and has since been adapted in many countries.] in which groups of women walk "
            "through a neighbourhood and record what makes them feel unsafe, have led to practical "
            "changes in lighting, transport stops, footpaths and the location of services. Other "
            "cities have trained transport staff and police officers to respond to harassment, "
            "introduced safe and confidential means of reporting, and worked with schools and the "
            "media to change the attitudes that tolerate violence. The Safe Cities and Safe Public "
            "Spaces initiative led by UN-Women and the Safer Cities Programme of UN-Habitat have "
            "supported such work.\n"
            "\n"
            "The Working Group considers that the safety of women and girls should be a measure of "
            "the quality of urban planning as a whole. It recommends that local authorities "
            "collect data on harassment and violence in public space, disaggregated by sex, age "
            "and disability; that women's organizations be represented in local safety "
            "partnerships; and that all urban development and transport projects undergo a gender "
            "assessment before approval. Particular attention is needed in conflict and "
            "post-conflict situations, where the breakdown of protection exposes women and girls "
            "to a heightened risk of sexual violence."
        ),
        "es": (
            "Las mujeres y las niñas viven la ciudad de manera distinta que los hombres y los "
            "niños. El acoso sexual y otras formas de violencia sexual en las calles, el "
            "transporte público, los mercados y los parques limitan su libertad de circulación y "
            "su acceso a la educación, el trabajo y la vida pública; sin embargo, esa violencia "
            "sigue denunciándose muy poco y rara vez se aborda en las políticas urbanas. En la "
            "Agenda 2030, los Estados Miembros se comprometieron a eliminar todas las formas de "
            "violencia contra todas las mujeres y las niñas en los ámbitos público y privado (meta "
            "5.2) y a proporcionar acceso universal a zonas verdes y espacios públicos seguros, "
            "inclusivos y accesibles, en particular para las mujeres y los niños, las personas de "
            "edad y las personas con discapacidad (meta 11.7) [@unga2015].\n"
            "\n"
            "Las ciudades que han asumido seriamente estos compromisos pueden apoyarse en un "
            "conjunto de prácticas contrastadas. Las auditorías de seguridad de las mujeres,^[El "
            "método fue concebido en Toronto (Canadá) en 1989 por el Metropolitan Action Committee "
            "on Violence Against Women and Children (METRAC) y desde entonces se ha adaptado en "
            "muchos países.] en las que grupos de mujeres recorren un barrio y dejan constancia de "
            "lo que las hace sentirse inseguras, han dado lugar a cambios concretos en el "
            "alumbrado, las paradas de transporte, los senderos peatonales y la ubicación de los "
            "servicios. Otras ciudades han capacitado al personal del transporte y a los agentes "
            "de policía para responder al acoso, han establecido medios seguros y confidenciales "
            "de denuncia y han colaborado con las escuelas y los medios de comunicación para "
            "cambiar las actitudes que toleran la violencia. La iniciativa Ciudades Seguras y "
            "Espacios Públicos Seguros, dirigida por ONU-Mujeres, y el Programa Ciudades más "
            "Seguras de ONU-Hábitat han prestado apoyo a esas actividades.\n"
            "\n"
            "El Grupo de Trabajo considera que la seguridad de las mujeres y las niñas debería ser "
            "una medida de la calidad de la planificación urbana en su conjunto. Recomienda que "
            "las autoridades locales reúnan datos sobre el acoso y la violencia en el espacio "
            "público, desglosados por sexo, edad y discapacidad; que las organizaciones de mujeres "
            "estén representadas en las alianzas locales para la seguridad, y que todos los "
            "proyectos de desarrollo urbano y de transporte se sometan a una evaluación de género "
            "antes de su aprobación. Es preciso prestar especial atención a las situaciones de "
            "conflicto y posteriores a conflictos, en las que el colapso de los mecanismos de "
            "protección expone a las mujeres y las niñas a un mayor riesgo de violencia sexual."
        ),
        "fr": (
            "Les femmes et les filles vivent la ville autrement que les hommes et les garçons. Le "
            "harcèlement sexuel et les autres formes de violence sexuelle dans les rues, les "
            "transports publics, les marchés et les parcs restreignent leur liberté de circulation "
            "et leur accès à l'éducation, à l'emploi et à la vie publique\u00a0; pourtant, ces "
            "violences restent largement sous-déclarées et sont rarement prises en compte par les "
            "politiques urbaines. Dans le Programme 2030, les États Membres se sont engagés à "
            "éliminer de la vie publique et de la vie privée toutes les formes de violence faite "
            "aux femmes et aux filles (cible 5.2) et à assurer l'accès de tous, en particulier des "
            "femmes et des enfants, des personnes âgées et des personnes handicapées, à des "
            "espaces verts et des espaces publics sûrs, où chacun puisse trouver sa place (cible "
            "11.7) [@unga2015].\n"
            "\n"
            "Les villes qui ont pris ces engagements au sérieux peuvent s'appuyer sur un ensemble "
            "de pratiques éprouvées. Les audits de sécurité des femmes,^[La méthode a été mise au "
            "point à Toronto (Canada) en 1989 par le Metropolitan Action Committee on Violence "
            "Against Women and Children (METRAC) et a depuis été adaptée dans de nombreux pays.] "
            "au cours desquels des groupes de femmes parcourent un quartier et recensent ce qui "
            "suscite chez elles un sentiment d'insécurité, ont débouché sur des changements "
            "concrets en matière d'éclairage, d'arrêts de transport, de cheminements piétons et "
            "d'implantation des services. D'autres villes ont formé le personnel des transports et "
            "les policiers à réagir au harcèlement, mis en place des moyens de signalement sûrs et "
            "confidentiels, et collaboré avec les écoles et les médias pour faire évoluer les "
            "mentalités qui tolèrent la violence. L'initiative «\u00a0Villes sûres et espaces "
            "publics sûrs\u00a0» conduite par ONU-Femmes et le Programme pour des villes plus "
            "sûres d'ONU-Habitat ont appuyé ces travaux.\n"
            "\n"
            "Le Groupe de travail considère que la sécurité des femmes et des filles devrait "
            "servir de mesure de la qualité de l'urbanisme dans son ensemble. Il recommande que "
            "les autorités locales recueillent des données sur le harcèlement et la violence dans "
            "l'espace public, ventilées par sexe, âge et handicap\u00a0; que les organisations de "
            "femmes soient représentées au sein des partenariats locaux pour la sécurité\u00a0; et "
            "que tous les projets d'aménagement urbain et de transport fassent l'objet d'une "
            "évaluation sous l'angle du genre avant leur approbation. Une attention particulière "
            "s'impose dans les situations de conflit et d'après conflit, où l'effondrement des "
            "mécanismes de protection expose davantage les femmes et les filles à la violence "
            "sexuelle."
        ),
    },
)

_LOCAL_GOVERNANCE = DemoSection(
    key="local-governance",
    titles={
        "en": "Local governance, policing and community safety partnerships",
        "es": "Gobernanza local, labor policial y alianzas comunitarias para la seguridad",
        "fr": "Gouvernance locale, police et partenariats locaux pour la sécurité",
    },
    author="rahul.mehta",
    bodies={
        "en": (
            "Local authorities are closest to the problems of insecurity and to the people "
            "affected by them, but in many countries they lack the mandate, the resources or the "
            "capacity to act. National Governments should recognize the role of local government "
            "in urban safety in law and policy, and support it through transfers of resources and "
            "technical assistance. The Governing Council of UN-Habitat has called for such support "
            "in a series of resolutions.^[See, in particular, Governing Council resolution 24/6, "
            "adopted at its twenty-fourth session, in 2013, on supporting action for the creation "
            "of safer cities.]\n"
            "\n"
            "The most effective local strategies are designed and implemented through a community "
            "safety partnership: a standing body, chaired by the mayor or another elected "
            "official, that brings together the municipality, the police, the justice sector, "
            "health and education services, civil society and residents. The partnership agrees on "
            "a diagnosis, adopts a multi-year safety plan with clear responsibilities and reports "
            "publicly on results [@unhabitat2007].\n"
            "\n"
            "Police services are indispensable partners in such arrangements. Community-oriented "
            "policing, in which officers are assigned to a neighbourhood for the long term, work "
            "with residents to identify and solve problems and are held accountable for the "
            "quality of their service, has improved both safety and public confidence in many "
            "cities. Its success depends on fair and respectful conduct, on effective independent "
            "oversight and on a clear separation between policing and military roles. Where trust "
            "has been damaged by abuse or corruption, rebuilding it is a precondition for any "
            "lasting improvement in safety.\n"
            "\n"
            "In cities emerging from conflict, local safety partnerships can also host mechanisms "
            "for mediation and the peaceful settlement of disputes, including disputes over land, "
            "housing and access to services, which would otherwise risk reigniting violence."
        ),
        "es": (
            "Las autoridades locales son las más cercanas a los problemas de inseguridad y a las "
            "personas que los sufren, pero en muchos países carecen del mandato, los recursos o la "
            "capacidad necesarios para actuar. Los Gobiernos nacionales deberían reconocer en su "
            "legislación y sus políticas la función que corresponde a los gobiernos locales en "
            "materia de seguridad urbana, y apoyarla mediante transferencias de recursos y "
            "asistencia técnica. El Consejo de Administración de ONU-Hábitat ha solicitado ese "
            "apoyo en una serie de resoluciones.^[Véase, en particular, la resolución 24/6 del "
            "Consejo de Administración, aprobada en su vigésimo cuarto período de sesiones, en "
            "2013, relativa al apoyo a las medidas para crear ciudades más seguras.]\n"
            "\n"
            "Las estrategias locales más eficaces se conciben y ejecutan a través de una alianza "
            "comunitaria para la seguridad: un órgano permanente, presidido por el alcalde u otro "
            "cargo electo, que reúne al municipio, la policía, el sector de la justicia, los "
            "servicios de salud y educación, la sociedad civil y los residentes. La alianza "
            "acuerda un diagnóstico, aprueba un plan plurianual de seguridad en el que se definen "
            "claramente las responsabilidades e informa públicamente de los resultados "
            "[@unhabitat2007].\n"
            "\n"
            "Los servicios de policía son asociados indispensables en estos mecanismos. La policía "
            "comunitaria, en la que los agentes se asignan a un barrio de forma duradera, "
            "colaboran con los residentes para detectar y resolver problemas y rinden cuentas de "
            "la calidad de su servicio, ha mejorado tanto la seguridad como la confianza de la "
            "población en muchas ciudades. Su éxito depende de una conducta justa y respetuosa, de "
            "una supervisión independiente eficaz y de una clara separación entre las funciones "
            "policiales y las militares. Cuando la confianza se ha visto dañada por abusos o por "
            "la corrupción, restablecerla es una condición previa para cualquier mejora duradera "
            "de la seguridad.\n"
            "\n"
            "En las ciudades que salen de un conflicto, las alianzas locales para la seguridad "
            "también pueden acoger mecanismos de mediación y de solución pacífica de "
            "controversias, incluidas las relativas a la tierra, la vivienda y el acceso a los "
            "servicios, que de otro modo podrían reavivar la violencia."
        ),
        "fr": (
            "Les autorités locales sont les plus proches des problèmes d'insécurité et des "
            "personnes qui en sont victimes, mais, dans de nombreux pays, elles n'ont ni le "
            "mandat, ni les ressources, ni les capacités nécessaires pour agir. Les gouvernements "
            "nationaux devraient reconnaître, dans leur législation et leurs politiques, le rôle "
            "des collectivités locales en matière de sécurité urbaine, et l'appuyer par des "
            "transferts de ressources et une assistance technique. Le Conseil d'administration "
            "d'ONU-Habitat a demandé un tel appui dans une série de résolutions.^[Voir, en "
            "particulier, la résolution 24/6 du Conseil d'administration, adoptée à sa "
            "vingt-quatrième session, en 2013, relative à l'appui aux mesures visant à créer des "
            "villes plus sûres.]\n"
            "\n"
            "Les stratégies locales les plus efficaces sont conçues et mises en œuvre dans le "
            "cadre d'un partenariat local pour la sécurité\u00a0: une instance permanente, "
            "présidée par le maire ou un autre élu, qui réunit la municipalité, la police, le "
            "secteur de la justice, les services de santé et d'éducation, la société civile et les "
            "habitants. Le partenariat arrête un diagnostic, adopte un plan de sécurité "
            "pluriannuel qui définit clairement les responsabilités et rend compte publiquement "
            "des résultats [@unhabitat2007].\n"
            "\n"
            "Les services de police sont des partenaires indispensables de ces dispositifs. La "
            "police de proximité, dans laquelle les agents sont affectés durablement à un "
            "quartier, travaillent avec les habitants pour recenser et résoudre les problèmes et "
            "répondent de la qualité de leur service, a permis d'améliorer à la fois la sécurité "
            "et la confiance de la population dans de nombreuses villes. Sa réussite suppose un "
            "comportement équitable et respectueux, un contrôle indépendant efficace et une "
            "séparation nette entre les fonctions de police et les fonctions militaires. Là où la "
            "confiance a été entamée par des abus ou par la corruption, la rétablir est une "
            "condition préalable à toute amélioration durable de la sécurité.\n"
            "\n"
            "Dans les villes qui sortent d'un conflit, les partenariats locaux pour la sécurité "
            "peuvent également accueillir des mécanismes de médiation et de règlement pacifique "
            "des différends, notamment ceux qui portent sur la terre, le logement et l'accès aux "
            "services, et qui risqueraient sinon de raviver la violence."
        ),
    },
)

_FINANCING_AND_DATA = DemoSection(
    key="financing-and-data",
    titles={
        "en": "Financing, data and monitoring",
        "es": "Financiación, datos y seguimiento",
        "fr": "Financement, données et suivi",
    },
    author="rahul.mehta",
    bodies={
        "en": (
            "Safety strategies fail most often not for lack of ideas but for lack of sustained "
            "funding. Prevention competes for resources with more visible responses, and its "
            "benefits accrue over years rather than months. The Working Group recommends that "
            "national and local budgets identify expenditure on prevention separately from "
            "expenditure on policing and criminal justice, so that the balance between them can be "
            "seen and debated; that predictable multi-year transfers support local safety plans; "
            "and that international partners align their support with those plans rather than "
            "finance isolated projects [@worldbank2011].\n"
            "\n"
            "Sound policy also requires sound data. Police records capture only part of the "
            "violence that residents experience, and they say little about fear, trust or the use "
            "of public space. Local observatories of crime and violence, which combine "
            "administrative data with victimization surveys and geographic analysis, allow cities "
            "to target resources and to evaluate results. The table below proposes a minimum set "
            "of indicators, aligned with the global indicator framework for the Sustainable "
            "Development Goals.^[Indicators proposed by the Inter-agency and Expert Group on "
            "Sustainable Development Goal Indicators and agreed by the Statistical Commission in "
            "March 2016 as a practical starting point (see E/CN.3/2016/2/Rev.1).]\n"
            "\n"
            "| Dimension | Indicator | Main sources |\n"
            "|:----|:----------|:------|\n"
            "| Lethal violence | Victims of intentional homicide per 100,000 population, by sex "
            "and age (SDG 16.1.1) | Police records; civil registration and vital statistics |\n"
            "| Perceived safety | Proportion of the population that feel safe walking alone around "
            "the area where they live (SDG 16.1.4) | Victimization and household surveys |\n"
            "| Harassment in public space | Proportion of persons victim of physical or sexual "
            "harassment in the previous 12 months, by sex, age, disability status and place of "
            "occurrence (SDG 11.7.2) | Victimization surveys; women's safety audits |\n"
            "| Public space | Share of the built-up area of cities that is open space for public "
            "use (SDG 11.7.1) | Satellite imagery; municipal land records |\n"
            "\n"
            "Data should be disaggregated by sex and age and, wherever possible, by neighbourhood, "
            "and should be published in a form that residents can use. Their collection and use "
            "must respect the right to privacy."
        ),
        "es": (
            "Las estrategias de seguridad fracasan con mayor frecuencia no por falta de ideas, "
            "sino por falta de una financiación sostenida. La prevención compite por los recursos "
            "con respuestas más visibles, y sus beneficios se materializan a lo largo de años, no "
            "de meses. El Grupo de Trabajo recomienda que en los presupuestos nacionales y locales "
            "se consigne el gasto en prevención por separado del gasto en policía y justicia "
            "penal, de modo que el equilibrio entre ambos pueda observarse y debatirse; que se "
            "apoyen los planes locales de seguridad mediante transferencias plurianuales "
            "previsibles, y que los asociados internacionales armonicen su apoyo con esos planes "
            "en lugar de financiar proyectos aislados [@worldbank2011].\n"
            "\n"
            "Una buena política requiere también buenos datos. Los registros policiales solo "
            "recogen una parte de la violencia que sufren los residentes y dicen poco sobre el "
            "miedo, la confianza o el uso del espacio público. Los observatorios locales de la "
            "delincuencia y la violencia, que combinan datos administrativos con encuestas de "
            "victimización y análisis geográficos, permiten a las ciudades orientar los recursos y "
            "evaluar los resultados. En el cuadro que figura a continuación se propone un conjunto "
            "mínimo de indicadores, en consonancia con el marco de indicadores mundiales para los "
            "Objetivos de Desarrollo Sostenible.^[Indicadores propuestos por el Grupo "
            "Interinstitucional y de Expertos sobre los Indicadores de los Objetivos de Desarrollo "
            "Sostenible y acordados por la Comisión de Estadística en marzo de 2016 como punto de "
            "partida práctico (véase E/CN.3/2016/2/Rev.1).]\n"
            "\n"
            "| Dimensión | Indicador | Fuentes principales |\n"
            "|:----|:----------|:------|\n"
            "| Violencia letal | Víctimas de homicidios intencionales por cada 100.000 habitantes, "
            "desglosadas por sexo y edad (ODS 16.1.1) | Registros policiales; registro civil y "
            "estadísticas vitales |\n"
            "| Percepción de seguridad | Proporción de la población que no tiene miedo de caminar "
            "sola cerca de donde vive (ODS 16.1.4) | Encuestas de victimización y de hogares |\n"
            "| Acoso en el espacio público | Proporción de personas que han sido víctimas de acoso "
            "físico o sexual en los últimos 12 meses, desglosada por sexo, edad, situación de "
            "discapacidad y lugar del hecho (ODS 11.7.2) | Encuestas de victimización; auditorías "
            "de seguridad de las mujeres |\n"
            "| Espacio público | Proporción de la superficie edificada de las ciudades que "
            "corresponde a espacios abiertos para uso público (ODS 11.7.1) | Imágenes satelitales; "
            "catastros municipales |\n"
            "\n"
            "Los datos deberían desglosarse por sexo y edad y, siempre que sea posible, por "
            "barrio, y publicarse en un formato que los residentes puedan utilizar. Su "
            "recopilación y utilización deben respetar el derecho a la privacidad."
        ),
        "fr": (
            "Les stratégies de sécurité échouent le plus souvent non pas faute d'idées, mais faute "
            "d'un financement durable. La prévention est en concurrence, pour l'obtention de "
            "ressources, avec des réponses plus visibles, et ses bienfaits se manifestent sur des "
            "années plutôt que sur des mois. Le Groupe de travail recommande que les budgets "
            "nationaux et locaux distinguent les dépenses de prévention des dépenses consacrées à "
            "la police et à la justice pénale, afin que l'équilibre entre les unes et les autres "
            "puisse être apprécié et débattu\u00a0; que des transferts pluriannuels prévisibles "
            "viennent appuyer les plans locaux de sécurité\u00a0; et que les partenaires "
            "internationaux alignent leur appui sur ces plans au lieu de financer des projets "
            "isolés [@worldbank2011].\n"
            "\n"
            "Une bonne politique suppose aussi de bonnes données. Les statistiques de police ne "
            "rendent compte que d'une partie des violences subies par les habitants et renseignent "
            "peu sur la peur, la confiance ou l'usage de l'espace public. Les observatoires locaux "
            "de la criminalité et de la violence, qui associent données administratives, enquêtes "
            "de victimation et analyse géographique, permettent aux villes de cibler leurs "
            "ressources et d'évaluer les résultats obtenus. Le tableau ci-après propose un "
            "ensemble minimal d'indicateurs, conformes au cadre mondial d'indicateurs relatif aux "
            "objectifs de développement durable.^[Indicateurs proposés par le Groupe d'experts des "
            "Nations Unies et de l'extérieur chargé des indicateurs relatifs aux objectifs de "
            "développement durable et acceptés par la Commission de statistique en mars 2016 comme "
            "point de départ pratique (voir E/CN.3/2016/2/Rev.1).]\n"
            "\n"
            "| Dimension | Indicateur | Principales sources |\n"
            "|:----|:----------|:------|\n"
            "| Violence létale | Victimes d'homicide volontaire pour 100\u00a0000 habitants, par "
            "sexe et âge (ODD 16.1.1) | Statistiques de police\u00a0; registres et statistiques de "
            "l'état civil |\n"
            "| Sentiment de sécurité | Proportion de la population considérant qu'elle ne court "
            "pas de danger lorsqu'elle se déplace seule à pied dans sa zone de résidence (ODD "
            "16.1.4) | Enquêtes de victimation et enquêtes auprès des ménages |\n"
            "| Harcèlement dans l'espace public | Proportion de personnes victimes de harcèlement "
            "physique ou sexuel au cours des 12 mois précédents, par sexe, âge, situation au "
            "regard du handicap et lieu des faits (ODD 11.7.2) | Enquêtes de victimation\u00a0; "
            "audits de sécurité des femmes |\n"
            "| Espace public | Proportion de la surface urbaine construite consistant en espaces "
            "publics ouverts à tous (ODD 11.7.1) | Imagerie satellitaire\u00a0; registres fonciers "
            "municipaux |\n"
            "\n"
            "Les données devraient être ventilées par sexe et par âge et, dans la mesure du "
            "possible, par quartier, et publiées sous une forme exploitable par les habitants. "
            "Leur collecte et leur utilisation doivent respecter le droit à la vie privée."
        ),
    },
)

_RECOMMENDATIONS = DemoSection(
    key="recommendations",
    titles={
        "en": "Recommendations to Habitat III",
        "es": "Recomendaciones para Hábitat III",
        "fr": "Recommandations à l'intention d'Habitat III",
    },
    author="amina.diallo",
    bodies={
        "en": (
            "The Working Group invites the Preparatory Committee to reflect the following "
            "recommendations in the draft outcome document of the Conference, and invites Member "
            "States to endorse them in the New Urban Agenda:\n"
            "\n"
            "1. Recognize urban safety as a public good and a condition for sustainable urban "
            "development, and commit to a comprehensive approach that addresses crime, violence "
            "and conflict together.\n"
            "2. Adopt or update national urban safety policies that set out the responsibilities "
            "of each level of government and give local authorities the mandate and resources to "
            "lead.\n"
            "3. Establish in every city a community safety partnership that brings together local "
            "government, the police and justice sector, civil society, the private sector and "
            "residents, and that adopts, and reports publicly on, a multi-year safety plan.\n"
            "4. Give priority to prevention, including crime prevention through environmental "
            "design, social prevention and the reintegration of offenders, in accordance with the "
            "Guidelines for the Prevention of Crime [@ecosoc2002].\n"
            "5. Guarantee the meaningful participation of young people in urban decision-making "
            "and in peacebuilding, in line with Security Council resolution 2250 (2015) "
            "[@unsc2250].\n"
            "6. Make public spaces and public transport safe for women and girls, and measure "
            "progress against targets 5.2 and 11.7 of the 2030 Agenda [@unga2015].\n"
            "7. Identify and protect funding for prevention in national and local budgets, and "
            "establish local observatories to monitor the indicators proposed in this paper.\n"
            "\n"
            "The Working Group stands ready to support the follow-up to the Conference, including "
            "through exchanges of practice among cities and support for the development of United "
            "Nations system-wide guidelines on safer cities and human settlements."
        ),
        "es": (
            "El Grupo de Trabajo invita al Comité Preparatorio a que refleje las recomendaciones "
            "siguientes en el proyecto de documento final de la Conferencia, e invita a los "
            "Estados Miembros a que las hagan suyas en la Nueva Agenda Urbana:\n"
            "\n"
            "1. Reconocer la seguridad urbana como un bien público y una condición para el "
            "desarrollo urbano sostenible, y comprometerse con un enfoque integral que aborde "
            "conjuntamente la delincuencia, la violencia y los conflictos.\n"
            "2. Adoptar o actualizar políticas nacionales de seguridad urbana que definan las "
            "responsabilidades de cada nivel de gobierno y otorguen a las autoridades locales el "
            "mandato y los recursos necesarios para ejercer el liderazgo.\n"
            "3. Establecer en cada ciudad una alianza comunitaria para la seguridad que reúna al "
            "gobierno local, la policía y el sector de la justicia, la sociedad civil, el sector "
            "privado y los residentes, y que apruebe un plan plurianual de seguridad e informe "
            "públicamente sobre su ejecución.\n"
            "4. Dar prioridad a la prevención, incluidas la prevención del delito mediante el "
            "diseño ambiental, la prevención social y la reinserción de los delincuentes, de "
            "conformidad con las Directrices para la Prevención del Delito [@ecosoc2002].\n"
            "5. Garantizar la participación significativa de los jóvenes en la adopción de "
            "decisiones urbanas y en la consolidación de la paz, en consonancia con la resolución "
            "2250 (2015) del Consejo de Seguridad [@unsc2250].\n"
            "6. Lograr que los espacios públicos y el transporte público sean seguros para las "
            "mujeres y las niñas, y medir los progresos con respecto a las metas 5.2 y 11.7 de la "
            "Agenda 2030 [@unga2015].\n"
            "7. Determinar y proteger los fondos destinados a la prevención en los presupuestos "
            "nacionales y locales, y crear observatorios locales que hagan el seguimiento de los "
            "indicadores propuestos en el presente documento.\n"
            "\n"
            "El Grupo de Trabajo está dispuesto a apoyar el seguimiento de la Conferencia, en "
            "particular mediante el intercambio de prácticas entre ciudades y el apoyo a la "
            "elaboración de directrices para todo el sistema de las Naciones Unidas sobre ciudades "
            "y asentamientos humanos más seguros."
        ),
        "fr": (
            "Le Groupe de travail invite le Comité préparatoire à tenir compte des recommandations "
            "ci-après dans le projet de document final de la Conférence, et invite les États "
            "Membres à les faire leurs dans le Nouveau Programme pour les villes\u00a0:\n"
            "\n"
            "1. Reconnaître la sécurité urbaine comme un bien public et une condition du "
            "développement urbain durable, et s'engager en faveur d'une approche globale qui "
            "traite conjointement la criminalité, la violence et les conflits.\n"
            "2. Adopter ou actualiser des politiques nationales de sécurité urbaine qui "
            "définissent les responsabilités de chaque échelon de gouvernement et confèrent aux "
            "autorités locales le mandat et les ressources nécessaires pour piloter l'action.\n"
            "3. Créer dans chaque ville un partenariat local pour la sécurité réunissant les "
            "autorités locales, la police et le secteur de la justice, la société civile, le "
            "secteur privé et les habitants, chargé d'adopter un plan de sécurité pluriannuel et "
            "de rendre compte publiquement de sa mise en œuvre.\n"
            "4. Donner la priorité à la prévention, y compris la prévention de la criminalité par "
            "l'aménagement du milieu, la prévention sociale et la réinsertion des délinquants, "
            "conformément aux Principes directeurs applicables à la prévention du crime "
            "[@ecosoc2002].\n"
            "5. Garantir la participation effective des jeunes à la prise de décisions en milieu "
            "urbain et à la consolidation de la paix, conformément à la résolution 2250 (2015) du "
            "Conseil de sécurité [@unsc2250].\n"
            "6. Faire en sorte que les espaces publics et les transports publics soient sûrs pour "
            "les femmes et les filles, et mesurer les progrès accomplis au regard des cibles 5.2 "
            "et 11.7 du Programme 2030 [@unga2015].\n"
            "7. Recenser et préserver les crédits consacrés à la prévention dans les budgets "
            "nationaux et locaux, et créer des observatoires locaux chargés de suivre les "
            "indicateurs proposés dans le présent document.\n"
            "\n"
            "Le Groupe de travail se tient prêt à appuyer le suivi de la Conférence, notamment au "
            "moyen d'échanges de pratiques entre villes et d'un appui à l'élaboration de lignes "
            "directrices à l'échelle du système des Nations Unies pour des villes et des "
            "établissements humains plus sûrs."
        ),
    },
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


# The paper's references as CSL JSON, cited in the bodies as [@id].
BIBLIOGRAPHY: str = """\
[
  {
    "id": "unhabitat2007",
    "type": "book",
    "author": [{"literal": "United Nations Human Settlements Programme"}],
    "title": "Enhancing Urban Safety and Security: Global Report on Human Settlements 2007",
    "publisher": "Earthscan",
    "publisher-place": "London",
    "issued": {"date-parts": [[2007]]}
  },
  {
    "id": "ecosoc2002",
    "type": "report",
    "author": [{"literal": "United Nations Economic and Social Council"}],
    "title": "Guidelines for the Prevention of Crime",
    "genre": "Annex to resolution",
    "number": "2002/13",
    "publisher": "United Nations",
    "publisher-place": "New York",
    "issued": {"date-parts": [[2002, 7, 24]]}
  },
  {
    "id": "unsc2250",
    "type": "report",
    "author": [{"literal": "United Nations Security Council"}],
    "title": "Resolution 2250 (2015) on Youth, Peace and Security",
    "number": "S/RES/2250 (2015)",
    "publisher": "United Nations",
    "publisher-place": "New York",
    "issued": {"date-parts": [[2015, 12, 9]]}
  },
  {
    "id": "unga2015",
    "type": "report",
    "author": [{"literal": "United Nations General Assembly"}],
    "title": "Transforming Our World: The 2030 Agenda for Sustainable Development",
    "genre": "Resolution",
    "number": "A/RES/70/1",
    "publisher": "United Nations",
    "publisher-place": "New York",
    "issued": {"date-parts": [[2015, 9, 25]]}
  },
  {
    "id": "habitat3-2015",
    "type": "report",
    "author": [{"literal": "United Nations Task Team on Habitat III"}],
    "title": "Habitat III Issue Papers 3: Safer Cities",
    "publisher": "United Nations",
    "publisher-place": "New York",
    "issued": {"date-parts": [[2015, 5, 31]]}
  },
  {
    "id": "worldbank2011",
    "type": "book",
    "author": [{"literal": "World Bank"}],
    "title": "World Development Report 2011: Conflict, Security, and Development",
    "publisher": "World Bank",
    "publisher-place": "Washington, DC",
    "issued": {"date-parts": [[2011]]}
  }
]
"""
