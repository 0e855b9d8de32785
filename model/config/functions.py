"""The vocabulary of functions that procedures are written against.

Procedures name functions, never units, so one procedure library runs on any structure; a
configuration says which unit serves which function. A configuration may add its own
functions under ``functions:``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Function:
    """A function a unit may serve: a stable id for the YAML, a Polish name for the documents,
    an English one for the switch."""

    id: str
    name: str
    name_en: str


BUILTIN: dict[str, Function] = {
    f.id: f
    for f in (
        Function("first_contact", "Pierwszy kontakt", "First contact"),
        Function("decision_benefits", "Świadczenia przyznawane decyzją", "Benefits granted by decision"),
        Function("benefit_payment", "Realizacja świadczeń", "Benefit payment"),
        Function("social_work", "Praca socjalna", "Social work"),
        Function("services", "Usługi", "Services"),
        Function("family_assistance", "Asysta rodziny", "Family assistance"),
        Function("violence_prevention", "Przeciwdziałanie przemocy w rodzinie", "Domestic-violence prevention"),
        Function("analysis_programmes", "Analizy i programy", "Analyses and programmes"),
        Function("family_benefits", "Świadczenia rodzinne i wychowawcze", "Family and child benefits"),
        Function("housing_allowance", "Dodatki mieszkaniowe", "Housing allowances"),
        Function("alimony_fund", "Fundusz alimentacyjny", "Alimony fund"),
        Function("shelter", "Schronienie dla osób bezdomnych", "Shelter for homeless people"),
        Function("day_care", "Dzienny dom pomocy", "Day-care centre"),
        Function("administration", "Obsługa administracyjna i finansowa", "Administration and finance"),
    )
}

SOCIAL_WORK = "social_work"
FIRST_CONTACT = "first_contact"
FAMILY_ASSISTANCE = "family_assistance"
DECISION_BENEFITS = "decision_benefits"
