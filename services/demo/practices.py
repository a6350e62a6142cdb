"""The demo paper's practices: real programmes from Latin America, Africa and Asia.

Every fact here (place, year, who, what was done, each outcome and how it was measured)
is one its source states, and the source is an entry of the demo bibliography: the
evaluation or description as published. Where a source states no measured outcome, the
practice has none (the coverage report then shows that evidence as thin), and where it
names no year, none is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoPractice:
    key: str
    proposed_by: str  # a member of the demo paper
    country: str
    city: str
    start_year: int | None
    actors: tuple[str, ...]
    approaches: tuple[str, ...]
    sources: tuple[str, ...]
    # By language (en first, the source): name, summary, outcome statements.
    texts: dict[str, tuple[str, str, tuple[str, ...]]]
    evidence: tuple[str, ...] = field(default=())  # of each outcome


PRACTICES: tuple[DemoPractice, ...] = (
    DemoPractice(
        key="medellin-metrocable",
        proposed_by="carmen.olivares",
        country="CO",
        city="Medellín",
        start_year=2004,
        actors=("municipal-government",),
        approaches=("urban-upgrading", "violence-prevention"),
        sources=("cerda2012",),
        evidence=("quasi-experimental", "quasi-experimental"),
        texts={
            "en": (
                "Public transit and neighbourhood infrastructure in Medellín",
                "In 2004 the municipal authorities built a public transit system connecting "
                "isolated low-income neighbourhoods to the city centre, together with municipal "
                "investment in the infrastructure of those neighbourhoods.",
                (
                    "Between 2003 and 2008 the homicide rate fell 66% more in the 25 "
                    "neighbourhoods served than in 23 comparable ones",
                    "Residents' reports of violence fell 75% more in the neighbourhoods served",
                ),
            ),
            "es": (
                "Transporte público e infraestructura barrial en Medellín",
                "En 2004 las autoridades municipales construyeron un sistema de transporte "
                "público que conecta barrios aislados de bajos ingresos con el centro de la "
                "ciudad, junto con inversión municipal en la infraestructura de esos barrios.",
                (
                    "Entre 2003 y 2008 la tasa de homicidios bajó un 66 % más en los 25 barrios "
                    "atendidos que en 23 barrios comparables",
                    "Las denuncias de violencia de los residentes bajaron un 75 % más en los "
                    "barrios atendidos",
                ),
            ),
            "fr": (
                "Transports publics et infrastructures de quartier à Medellín",
                "En 2004, les autorités municipales ont construit un réseau de transport "
                "public reliant des quartiers isolés à faible revenu au centre-ville, avec des "
                "investissements municipaux dans les infrastructures de ces quartiers.",
                (
                    "Entre 2003 et 2008, le taux d’homicide a baissé de 66\u00a0% de plus dans "
                    "les 25 quartiers desservis que dans 23 quartiers comparables",
                    "Les violences signalées par les habitants ont baissé de 75\u00a0% de plus "
                    "dans les quartiers desservis",
                ),
            ),
        },
    ),
    DemoPractice(
        key="diadema-alcohol-hours",
        proposed_by="carmen.olivares",
        country="BR",
        city="Diadema",
        start_year=2002,
        actors=(),
        approaches=("violence-prevention",),
        sources=("duailibi2007",),
        evidence=("quasi-experimental", "quasi-experimental"),
        texts={
            "en": (
                "Closing hours for alcohol sales in Diadema",
                "From July 2002 a policy of the city prohibited the sale of alcohol for "
                "drinking on the premises (in bars) after 11 p.m.",
                (
                    "Almost 9 fewer murders a month after the restriction (police records, "
                    "1995 to 2005)",
                    "Assaults against women decreased, but not significantly once underlying "
                    "trends were taken into account",
                ),
            ),
            "es": (
                "Horario de cierre de la venta de alcohol en Diadema",
                "Desde julio de 2002 una política de la ciudad prohíbe la venta de alcohol "
                "para consumo en el local (en bares) después de las 23.00 horas.",
                (
                    "Casi 9 asesinatos menos al mes tras la restricción (registros policiales, "
                    "1995 a 2005)",
                    "Las agresiones contra mujeres disminuyeron, pero no de forma significativa "
                    "una vez tenidas en cuenta las tendencias de fondo",
                ),
            ),
            "fr": (
                "Heures de fermeture des débits de boissons à Diadema",
                "Depuis juillet 2002, une politique de la ville interdit la vente d’alcool à "
                "consommer sur place (dans les bars) après 23\u00a0heures.",
                (
                    "Près de 9 meurtres de moins par mois après la restriction (archives de "
                    "la police, 1995 à 2005)",
                    "Les agressions contre les femmes ont diminué, mais pas de façon "
                    "significative une fois les tendances sous-jacentes prises en compte",
                ),
            ),
        },
    ),
    DemoPractice(
        key="cape-town-vpuu",
        proposed_by="amina.diallo",
        country="ZA",
        city="Cape Town",
        start_year=2006,
        actors=("municipal-government",),
        approaches=("violence-prevention", "urban-upgrading", "public-space"),
        sources=("capetown-vpuu",),
        texts={
            "en": (
                "Violence Prevention through Urban Upgrading (VPUU), Khayelitsha",
                "A City of Cape Town project, initiated in 2006 in partnership with the German "
                "Government through the German Development Bank (KfW), that upgrades "
                "neighbourhoods of Khayelitsha following principles of crime prevention through "
                "environmental design and introduces community projects.",
                (),
            ),
            "es": (
                "Prevención de la Violencia mediante el Mejoramiento Urbano (VPUU), Khayelitsha",
                "Proyecto de la Ciudad de Ciudad del Cabo, iniciado en 2006 en asociación con el "
                "Gobierno de Alemania a través del Banco Alemán de Desarrollo (KfW), que mejora "
                "barrios de Khayelitsha según principios de prevención del delito mediante el "
                "diseño ambiental e introduce proyectos comunitarios.",
                (),
            ),
            "fr": (
                "Prévention de la violence par la réhabilitation urbaine (VPUU), Khayelitsha",
                "Projet de la Ville du Cap, lancé en 2006 en partenariat avec le Gouvernement "
                "allemand par l’intermédiaire de la Banque allemande de développement (KfW), qui "
                "réhabilite des quartiers de Khayelitsha selon les principes de la prévention "
                "situationnelle et introduit des projets communautaires.",
                (),
            ),
        },
    ),
    DemoPractice(
        key="jakarta-kip",
        proposed_by="rahul.mehta",
        country="ID",
        city="Jakarta",
        start_year=None,
        actors=("municipal-government", "international-organisations"),
        approaches=("urban-upgrading",),
        sources=("devas1981", "worldbank1995"),
        evidence=("descriptive",),
        texts={
            "en": (
                "Kampung Improvement Program, Jakarta",
                "The city upgrades the physical infrastructure of kampungs, the informal, "
                "unplanned housing areas of the city: roads, footpaths, drainage canals, water "
                "supply, sanitation, solid waste disposal, schools and clinics, with loans from "
                "the World Bank.",
                (
                    "By 1981 some 7,700 hectares of kampung had been upgraded, improving "
                    "conditions for some three million people",
                ),
            ),
            "es": (
                "Programa de Mejoramiento de los Kampungs, Yakarta",
                "La ciudad mejora la infraestructura física de los kampungs, las zonas de "
                "vivienda informales y no planificadas de la ciudad: calles, senderos, canales "
                "de drenaje, abastecimiento de agua, saneamiento, eliminación de residuos "
                "sólidos, escuelas y clínicas, con préstamos del Banco Mundial.",
                (
                    "Hacia 1981 se habían mejorado unas 7.700 hectáreas de kampungs, en "
                    "beneficio de unos tres millones de personas",
                ),
            ),
            "fr": (
                "Programme d’amélioration des kampungs, Jakarta",
                "La ville améliore les infrastructures physiques des kampungs, les quartiers "
                "d’habitat informels et non planifiés de la ville\u00a0: voirie, chemins "
                "piétons, canaux de drainage, adduction d’eau, assainissement, collecte des "
                "déchets solides, écoles et dispensaires, avec des prêts de la Banque mondiale.",
                (
                    "En 1981, quelque 7\u00a0700 hectares de kampungs avaient été améliorés, "
                    "au bénéfice de quelque trois millions de personnes",
                ),
            ),
        },
    ),
    DemoPractice(
        key="katarungang-pambarangay",
        proposed_by="rahul.mehta",
        country="PH",
        city="",
        start_year=None,
        actors=("mediators",),
        approaches=("mediation",),
        sources=("tabucanon2008",),
        texts={
            "en": (
                "Katarungang Pambarangay (barangay justice system)",
                "Community mediation in the barangay, the smallest local government unit of "
                "the Philippines: disputes between residents are mediated by three-person "
                "panels.",
                (),
            ),
            "es": (
                "Katarungang Pambarangay (sistema de justicia del barangay)",
                "Mediación comunitaria en el barangay, la unidad de gobierno local más pequeña "
                "de Filipinas: las controversias entre residentes son mediadas por grupos de "
                "tres personas.",
                (),
            ),
            "fr": (
                "Katarungang Pambarangay (justice de barangay)",
                "Médiation communautaire dans le barangay, la plus petite collectivité locale "
                "des Philippines\u00a0: les différends entre habitants sont soumis à la "
                "médiation de groupes de trois personnes.",
                (),
            ),
        },
    ),
)
