"""The content of a besluit on an AVG request, as plain rules (no Flask, no database).

Per right invoked an outcome (RULES.md §6 item 4) and the grounds that carry it (§7), each with
a standard motivation paragraph in plain Dutch that the jurist may edit. The restriction grounds
of UAVG 41(1) and AVG 15(4) are the coordination catalogue's (one place for each fact).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from avg_service.coordination.rules import RESTRICTION_GROUNDS


class Outcome(StrEnum):
    GRANTED = "toewijzen"
    PARTLY_GRANTED = "gedeeltelijk_toewijzen"
    REFUSED = "afwijzen"
    NOT_HANDLED = "niet_behandelen"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.GRANTED: "Toewijzen",
    Outcome.PARTLY_GRANTED: "Gedeeltelijk toewijzen",
    Outcome.REFUSED: "Afwijzen",
    Outcome.NOT_HANDLED: "Niet behandelen",
}

#: The dictum sentence per outcome, completed with the right ("uw verzoek om inzage").
DICTUM: dict[Outcome, str] = {
    Outcome.GRANTED: "Wij wijzen {verzoek} toe.",
    Outcome.PARTLY_GRANTED: "Wij wijzen {verzoek} gedeeltelijk toe.",
    Outcome.REFUSED: "Wij wijzen {verzoek} af.",
    Outcome.NOT_HANDLED: "Wij behandelen {verzoek} niet.",
}

#: "uw verzoek om ..." per right (AVG art. 15–21).
REQUEST_NOUN: dict[str, str] = {
    "15": "uw verzoek om inzage (artikel 15 AVG)",
    "16": "uw verzoek om rectificatie (artikel 16 AVG)",
    "17": "uw verzoek om verwijdering (artikel 17 AVG)",
    "18": "uw verzoek om beperking van de verwerking (artikel 18 AVG)",
    "20": "uw verzoek om overdraagbaarheid van gegevens (artikel 20 AVG)",
    "21": "uw bezwaar tegen de verwerking (artikel 21 AVG)",
}


@dataclass(frozen=True, slots=True)
class Ground:
    code: str
    label: str
    source: str
    motivation: str
    #: The outcomes this ground can carry (a refusal ground cannot carry a full grant).
    for_outcomes: frozenset[Outcome]


_LIMITING = frozenset({Outcome.PARTLY_GRANTED, Outcome.REFUSED})

GROUNDS: tuple[Ground, ...] = (
    Ground("12-5", "Kennelijk ongegrond of buitensporig", "AVG art. 12 lid 5 onder b",
           "Uw verzoek is kennelijk ongegrond of buitensporig, met name door het herhalende "
           "karakter ervan. Wij moeten dat aantonen en doen dat hieronder.",
           frozenset({Outcome.REFUSED})),
    Ground("17-3-b", "Wettelijke plicht of publieke taak", "AVG art. 17 lid 3 onder b",
           "Wij verwijderen de gegevens niet. De organisaties in het Zorg- en Veiligheidshuis "
           "hebben ze nodig voor hun wettelijke taak (Wet gegevensverwerking door "
           "samenwerkingsverbanden). De gegevens worden wel uiterlijk vijf jaar na de eerste "
           "verwerking vernietigd (artikel 1.8 lid 7 WGS).", _LIMITING),
    Ground("17-3-e", "Rechtsvordering", "AVG art. 17 lid 3 onder e",
           "Wij verwijderen de gegevens niet, omdat ze nodig zijn voor de instelling, uitoefening "
           "of onderbouwing van een rechtsvordering.", _LIMITING),
    Ground("20-3", "Overdraagbaarheid niet van toepassing", "AVG art. 20 lid 3",
           "Het recht op overdraagbaarheid geldt niet voor een verwerking die nodig is voor een "
           "taak van algemeen belang of voor het uitoefenen van openbaar gezag, zoals de "
           "verwerking in het Zorg- en Veiligheidshuis. Wilt u uw gegevens zien? Dan kunt u om "
           "inzage vragen.", frozenset({Outcome.REFUSED})),
    Ground("21-1", "Dwingende gerechtvaardigde gronden", "AVG art. 21 lid 1",
           "Wij stoppen de verwerking niet. Er zijn dwingende gerechtvaardigde gronden die "
           "zwaarder wegen dan uw belangen, rechten en vrijheden. Die leggen wij hieronder uit.",
           _LIMITING),
) + tuple(
    Ground(g.code, "Beperking: " + g.label, g.source,
           f"Wij geven een deel van de gegevens niet, omdat dat nodig en evenredig is ter "
           f"waarborging van {g.label} ({g.source}). Wij hebben daarbij de belangen afgewogen "
           "die artikel 41 lid 2 UAVG noemt.", _LIMITING)
    for g in RESTRICTION_GROUNDS)
GROUNDS_BY_CODE: dict[str, Ground] = {g.code: g for g in GROUNDS}


class GroundNotAllowed(ValueError):
    pass


def check_outcome(right: str, outcome: Outcome, grounds: list[str]) -> None:
    """A limiting outcome needs at least one ground (Awb 3:46: a decision rests on a sound
    motivation); a full grant needs none; each ground must fit the outcome; portability can
    only be refused (AVG 20(3))."""
    for code in grounds:
        ground = GROUNDS_BY_CODE.get(code)
        if ground is None:
            raise GroundNotAllowed(f"Onbekende grond: {code}.")
        if outcome not in ground.for_outcomes:
            raise GroundNotAllowed(f"De grond '{ground.label}' past niet bij "
                                   f"'{OUTCOME_LABELS[outcome].lower()}'.")
    if outcome in _LIMITING and not grounds:
        raise GroundNotAllowed("Kies ten minste één grond voor deze uitkomst (Awb 3:46).")
    if right == "20" and outcome not in (Outcome.REFUSED, Outcome.NOT_HANDLED):
        raise GroundNotAllowed("Overdraagbaarheid is hier niet van toepassing (AVG art. 20 "
                               "lid 3): wijs dit deel af.")
