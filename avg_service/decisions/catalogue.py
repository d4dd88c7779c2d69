"""The content of a besluit on an AVG request, as plain rules (no Flask, no database).

Per right invoked an outcome (RULES.md §6 item 4) and the grounds that carry it (§7). The grounds
catalogue says, for each ground, which rights and which outcomes it may carry and whether its
standard paragraph needs the facts of the case; the pages, the API and the letter all read it
here. Each ground has a standard motivation paragraph in plain Dutch that the jurist edits. The
restriction grounds of UAVG 41(1) and AVG 15(4) are the coordination catalogue's (one place for
each fact).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from avg_service.coordination.rules import RESTRICTION_GROUNDS
from avg_service.errors import RuleRefused


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


#: The rights a besluit decides on (AVG art. 15–18, 20, 21).
RIGHTS: tuple[str, ...] = ("15", "16", "17", "18", "20", "21")

#: "het recht op ..." per right, for a refusal that names the right.
RIGHT_NOUN: dict[str, str] = {
    "15": "inzage", "16": "rectificatie", "17": "verwijdering",
    "18": "beperking van de verwerking", "20": "overdraagbaarheid", "21": "bezwaar",
}

#: What a ground that needs the facts of the case asks the jurist to add (Awb 3:46: the
#: motivation must carry this decision, not any decision). The letter must never print it.
FACTS_PROMPT = "[Vul hier de feiten van deze zaak aan: {what}]"

#: At least this much text of the jurist's own beside the standard paragraphs.
MIN_OWN_TEXT = 40


@dataclass(frozen=True, slots=True)
class Ground:
    code: str
    label: str
    source: str
    motivation: str
    #: The outcomes this ground can carry (a refusal ground cannot carry a full grant).
    for_outcomes: frozenset[Outcome]
    #: The rights this ground can limit (AVG 17(3) only erasure, 20(3) only portability ...).
    for_rights: frozenset[str] = frozenset(RIGHTS)
    #: What the jurist must add from the case; empty when the standard paragraph can stand.
    needs_facts: str = ""

    @property
    def standard_paragraph(self) -> str:
        """The paragraph the draft starts with: the standard text and, where the ground needs
        them, the prompt for the facts of the case."""
        if not self.needs_facts:
            return self.motivation
        return self.motivation + "\n\n" + FACTS_PROMPT.format(what=self.needs_facts)


_LIMITING = frozenset({Outcome.PARTLY_GRANTED, Outcome.REFUSED})
_REFUSED = frozenset({Outcome.REFUSED})


def _only(*rights: str) -> frozenset[str]:
    return frozenset(rights)


GROUNDS: tuple[Ground, ...] = (
    # AVG 12(5)(b): two grounds, each to be shown by the controller ("the controller shall bear
    # the burden of demonstrating"), so each needs the facts.
    Ground("12-5-ongegrond", "Kennelijk ongegrond", "AVG art. 12 lid 5 onder b",
           "Wij geven geen gevolg aan uw verzoek, omdat het kennelijk ongegrond is. Dat is een "
           "verzoek waarvan zonder twijfel duidelijk is dat het niet dient om uw rechten over "
           "uw persoonsgegevens uit te oefenen. Dat moeten wij aantonen (artikel 12 lid 5 AVG).",
           _REFUSED, needs_facts="waaruit blijkt dat dit verzoek kennelijk ongegrond is."),
    Ground("12-5-buitensporig", "Buitensporig", "AVG art. 12 lid 5 onder b",
           "Wij geven geen gevolg aan uw verzoek, omdat het buitensporig is, met name door het "
           "herhalende karakter ervan. Dat moeten wij aantonen (artikel 12 lid 5 AVG).",
           _REFUSED, needs_facts="welke eerdere verzoeken, op welke data, en waarom er sinds "
           "het vorige antwoord niets is veranderd."),
    # AVG 16: correction of inaccurate data, completion by a supplementary statement.
    Ground("16-juist", "De gegevens zijn juist", "AVG art. 16",
           "Wij passen de gegevens niet aan. Wij hebben ze nagegaan bij de organisatie die ze "
           "heeft vastgelegd, en ze zijn juist. Het recht op rectificatie geldt voor onjuiste "
           "gegevens (artikel 16 AVG). Vindt u dat de gegevens onvolledig zijn? Dan kunt u een "
           "eigen verklaring sturen; die voegen wij bij uw gegevens.", _LIMITING, _only("16")),
    Ground("16-oordeel", "Een oordeel, geen feit", "AVG art. 16",
           "Wij passen deze gegevens niet aan. Het gaat om een oordeel of een inschatting van "
           "een professional, niet om een feit. Een oordeel is niet juist of onjuist zoals een "
           "feit. U kunt wel een eigen verklaring geven. Die voegen wij bij uw gegevens, zodat "
           "wie de gegevens leest ook uw kant kent (artikel 16, tweede zin, AVG). Stuur uw "
           "verklaring naar het adres bovenaan deze brief.", _LIMITING, _only("16")),
    # AVG 17(1): erasure only on one of its grounds; 17(3): the exceptions.
    Ground("17-1-geen", "Geen grond voor verwijdering", "AVG art. 17 lid 1",
           "Wij verwijderen de gegevens niet. U heeft alleen recht op verwijdering in de gevallen "
           "die artikel 17 lid 1 AVG noemt. Geen daarvan doet zich voor: de gegevens zijn nog "
           "nodig voor het doel waarvoor ze zijn verzameld, de verwerking berust niet op uw "
           "toestemming, er is geen bezwaar van u toegewezen, de gegevens worden rechtmatig "
           "verwerkt en geen wet verplicht ons ze te wissen.", _LIMITING, _only("17")),
    Ground("17-3-b", "Nodig voor het doel van het samenwerkingsverband",
           "AVG art. 17 lid 3 onder b, art. 1.8 lid 7 en 2.25 WGS",
           "Wij verwijderen de gegevens nu niet. Het Zorg- en Veiligheidshuis verwerkt ze voor "
           "het doel dat de wet het samenwerkingsverband geeft: de aanpak van complexe problemen "
           "op het gebied van zorg en veiligheid, met de deelnemers samen (artikel 2.25 WGS). "
           "Zolang de gegevens voor dat doel nodig zijn, is de verwerking nodig voor een "
           "wettelijke taak (artikel 17 lid 3 onder b AVG). De wet zegt ook wanneer dat ophoudt: "
           "de gegevens worden vernietigd of geanonimiseerd zodra ze voor dat doel niet meer "
           "nodig zijn, en uiterlijk vijf jaar na de eerste verwerking. Alleen als een wettelijk "
           "voorschrift of een rechtsvordering zich daartegen verzet, blijven ze langer bewaard "
           "(artikel 1.8 lid 7 WGS).", _LIMITING, _only("17"),
           needs_facts="waarom de gegevens in uw situatie nog nodig zijn voor dat doel (welke "
           "aanpak loopt of kort geleden is afgesloten), sinds wanneer ze worden verwerkt en "
           "wanneer de termijn van vijf jaar eindigt."),
    Ground("17-3-e", "Rechtsvordering", "AVG art. 17 lid 3 onder e",
           "Wij verwijderen de gegevens niet, omdat ze nodig zijn voor de instelling, uitoefening "
           "of onderbouwing van een rechtsvordering.", _LIMITING, _only("17")),
    # AVG 18(1): restriction only in one of its four cases.
    Ground("18-1-geen", "Geen geval van beperking", "AVG art. 18 lid 1",
           "Wij beperken de verwerking niet. U heeft alleen recht op beperking in de gevallen "
           "die artikel 18 lid 1 AVG noemt. Geen daarvan doet zich voor: u betwist de juistheid "
           "van de gegevens niet, de verwerking is rechtmatig, de gegevens zijn nog nodig voor "
           "het doel van de verwerking en er loopt geen bezwaar van u tegen de verwerking.",
           _LIMITING, _only("18")),
    Ground("20-3", "Overdraagbaarheid niet van toepassing", "AVG art. 20 lid 3",
           "Het recht op overdraagbaarheid geldt niet voor een verwerking die nodig is voor een "
           "taak van algemeen belang of voor het uitoefenen van openbaar gezag, zoals de "
           "verwerking in het Zorg- en Veiligheidshuis. Wilt u uw gegevens zien? Dan kunt u om "
           "inzage vragen.", _REFUSED, _only("20")),
    # AVG 21(1): objection only against processing on 6(1)(e) or (f); then compelling grounds.
    Ground("21-grondslag", "Geen verwerking op grond van artikel 6 lid 1 onder e of f",
           "AVG art. 21 lid 1",
           "Wij stoppen de verwerking niet. U kunt alleen bezwaar maken tegen een verwerking die "
           "berust op artikel 6 lid 1 onder e of f AVG (artikel 21 lid 1 AVG). De verwerking "
           "waartegen u bezwaar maakt, berust daar niet op: de organisatie die de gegevens "
           "verwerkt, is daartoe wettelijk verplicht (artikel 6 lid 1 onder c AVG).",
           _LIMITING, _only("21")),
    Ground("21-1", "Dwingende gerechtvaardigde gronden", "AVG art. 21 lid 1",
           "Wij stoppen de verwerking niet. Er zijn dwingende gerechtvaardigde gronden voor de "
           "verwerking die zwaarder wegen dan uw belangen, rechten en vrijheden (artikel 21 lid "
           "1 AVG).", _LIMITING, _only("21"),
           needs_facts="welke gronden dat zijn in uw situatie, en hoe wij ze hebben afgewogen "
           "tegen wat u in uw bezwaar aanvoert."),
) + tuple(
    # UAVG 41(1) may limit art. 12–21 AVG; AVG 15(4) limits only the copy.
    Ground(g.code, "Beperking: " + g.label, g.source,
           f"Wij geven een deel van de gegevens niet, omdat dat nodig en evenredig is ter "
           f"waarborging van {g.label} ({g.source}). Wij hebben daarbij de belangen afgewogen "
           "die artikel 41 lid 2 UAVG noemt.", _LIMITING,
           _only("15") if g.code == "15-4" else frozenset(RIGHTS))
    for g in RESTRICTION_GROUNDS)
GROUNDS_BY_CODE: dict[str, Ground] = {g.code: g for g in GROUNDS}
#: The two grounds of AVG 12(5)(b), for the besluit not to act on a request at all.
REFUSAL_12_5_GROUNDS: tuple[str, ...] = ("12-5-ongegrond", "12-5-buitensporig")


class GroundNotAllowed(RuleRefused):
    pass


def grounds_for(right: str) -> list[Ground]:
    """The grounds that can carry a limiting outcome of ``right``, in catalogue order."""
    return [g for g in GROUNDS if right in g.for_rights]


def outcomes_for(right: str) -> list[Outcome]:
    """Portability can only be refused here (AVG 20(3)), so it is offered no grant."""
    if right == "20":
        return [Outcome.REFUSED, Outcome.NOT_HANDLED]
    return list(Outcome)


def check_outcome(right: str, outcome: Outcome, grounds: list[str]) -> None:
    """A limiting outcome needs at least one ground (Awb 3:46: a decision rests on a sound
    motivation); a full grant needs none; each ground must fit the right and the outcome;
    portability can only be refused (AVG 20(3))."""
    for code in grounds:
        ground = GROUNDS_BY_CODE.get(code)
        if ground is None:
            raise GroundNotAllowed(f"Onbekende grond: {code}.")
        if right not in ground.for_rights:
            raise GroundNotAllowed(f"De grond '{ground.label}' ({ground.source}) past niet bij "
                                   f"het recht op {RIGHT_NOUN.get(right, right)}.")
        if outcome not in ground.for_outcomes:
            raise GroundNotAllowed(f"De grond '{ground.label}' past niet bij "
                                   f"'{OUTCOME_LABELS[outcome].lower()}'.")
    if outcome in _LIMITING and not grounds:
        raise GroundNotAllowed("Kies ten minste één grond voor deze uitkomst (Awb 3:46).")
    if outcome not in outcomes_for(right):
        raise GroundNotAllowed("Overdraagbaarheid is hier niet van toepassing (AVG art. 20 "
                               "lid 3): wijs dit deel af.")


def standard_motivation(grounds: list[str]) -> str | None:
    """The standard paragraphs of the chosen grounds, to start the jurist's motivation."""
    paragraphs = [GROUNDS_BY_CODE[code].standard_paragraph for code in grounds
                  if code in GROUNDS_BY_CODE]
    return "\n\n".join(paragraphs) or None


def missing_case_facts(grounds: list[str], motivation: str | None) -> list[Ground]:
    """The chosen grounds whose standard paragraph needs the facts of the case and does not
    have them yet: the prompt is still there, or the jurist wrote nothing of their own beside
    the standard paragraphs (AVG 12(5) last sentence: the controller shows it; Awb 3:46)."""
    needing = [GROUNDS_BY_CODE[c] for c in grounds
               if c in GROUNDS_BY_CODE and GROUNDS_BY_CODE[c].needs_facts]
    if not needing:
        return []
    text = motivation or ""
    own = text
    for code in grounds:
        ground = GROUNDS_BY_CODE.get(code)
        if ground is not None:
            own = own.replace(ground.standard_paragraph, "").replace(ground.motivation, "")
    if any(FACTS_PROMPT.format(what=g.needs_facts) in text for g in needing) \
            or "[Vul hier" in text or len(" ".join(own.split())) < MIN_OWN_TEXT:
        return needing
    return []


# ------------------------------------------------------------------------------ AVG art. 19
#: What art. 19 tells the recipients, per right carried out.
CHANGE_NOUN: dict[str, str] = {"16": "de rectificatie", "17": "de verwijdering",
                               "18": "de beperking van de verwerking"}


def carried_out(right: str, outcome: Outcome) -> bool:
    """AVG art. 19: a rectification, erasure or restriction "carried out in accordance with
    Article 16, Article 17(1) and Article 18" is told to the recipients; a refusal changes
    nothing and is told to no one."""
    return right in CHANGE_NOUN and outcome in (Outcome.GRANTED, Outcome.PARTLY_GRANTED)


def suspension_sentence(days: int) -> str:
    """How the verloop says what an Awb 4:5 invitation did to the decision term (4:15(1)(a),
    R5: the days strictly between sending and the answer). Never "0 dagen"."""
    if days <= 0:
        return "De termijn voor ons besluit is daardoor niet opgeschoven (artikel 4:15 Awb)."
    unit = "dag" if days == 1 else "dagen"
    return f"De termijn voor ons besluit stond daardoor {days} {unit} stil (artikel 4:15 Awb)."
