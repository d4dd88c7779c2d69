"""Who may exercise the rights of the person a request is about, and what staff must still check
before a besluit (UAVG art. 5; Awb 2:1). Pure: dates in, small values out; no Flask, no
database, no clock.

A child's path follows from its age on the receipt date (R1): the rights are exercised by the
holder of parental authority (gezag) while the child is younger than 16 (UAVG art. 5, 2021
text, RULES.md §2 ◐ on the lid). The text published for 1 September 2026 (RULES.md §2 ◐,
"confirm on wetten.overheid.nl") lets only the representative act under 12 and both the minor
and the representative from 12 to 16; which text is applied is a setting
(``Uavg5Reading``; README).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from avg_service.choices import GezagSignatures as GezagSignatures  # re-exported
from avg_service.choices import Uavg5Reading as Uavg5Reading  # re-exported
from avg_service.requests.lifecycle import Representation

#: The day the amended UAVG art. 5 applies according to the harvested future version (S4 ◐).
UAVG5_AMENDED_ON: Final = date(2026, 9, 1)
#: UAVG art. 5: from this age a minor exercises the rights itself.
OWN_RIGHTS_AGE: Final = 16
#: Amended UAVG art. 5 (◐): from this age the minor may act beside the representative.
CO_RIGHTS_AGE: Final = 12
#: Civil majority (BW 1:233): from 18 there is no parental authority to act on.
MAJORITY_AGE: Final = 18


class MinorPath(StrEnum):
    """Who acts for a child, on the receipt date."""

    REPRESENTATIVE = "representative"  # the holder of gezag acts, the child cannot alone
    EITHER = "either"  # amended text, 12 to 16: the child and the holder of gezag may each act
    CHILD_ITSELF = "child_itself"  # 16 or older: the child acts; a parent only as its gemachtigde
    ADULT = "adult"  # 18 or older: no gezag; only a machtiging, curatele or mentorschap


MINOR_PATH_LABELS: Final[dict[MinorPath, str]] = {
    MinorPath.REPRESENTATIVE: "Jonger dan 16: de ouder of voogd met gezag oefent de rechten uit "
                              "(UAVG art. 5).",
    MinorPath.EITHER: "12 tot 16 jaar: het kind en de ouder of voogd met gezag kunnen elk het "
                      "verzoek doen (UAVG art. 5 zoals gewijzigd per 1 september 2026).",
    MinorPath.CHILD_ITSELF: "16 of 17 jaar: het kind oefent de rechten zelf uit (UAVG art. 5). "
                            "Een ouder kan alleen optreden met een schriftelijke machtiging van "
                            "het kind (Awb 2:1).",
    MinorPath.ADULT: "18 jaar of ouder: er is geen ouderlijk gezag meer. Alleen met een "
                     "machtiging, of als curator of mentor (UAVG art. 5, Awb 2:1).",
}


def birthday_in(year: int, born_on: date) -> date:
    """The day the person turns a year older in ``year``. Born on 29 February: in a year
    without it, the age is reached on 1 March, when the full year has run (the later day, so a
    parent's authority is never assumed to have ended too early)."""
    try:
        return born_on.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28) + timedelta(days=1)


def age_on(born_on: date, day: date) -> int:
    """Full years of age on ``day``; the birthday itself counts as reached."""
    if day < born_on:
        raise ValueError("the day lies before the date of birth")
    years = day.year - born_on.year
    return years if day >= birthday_in(day.year, born_on) else years - 1


def minor_path(born_on: date, received_on: date,
               reading: Uavg5Reading = Uavg5Reading.BY_RECEIPT_DATE) -> MinorPath:
    """The path for a request about a child, from the child's age on the receipt date."""
    age = age_on(born_on, received_on)
    if age >= MAJORITY_AGE:
        return MinorPath.ADULT
    if age >= OWN_RIGHTS_AGE:
        return MinorPath.CHILD_ITSELF
    amended = reading is Uavg5Reading.BY_RECEIPT_DATE and received_on >= UAVG5_AMENDED_ON
    if amended and age >= CO_RIGHTS_AGE:
        return MinorPath.EITHER
    return MinorPath.REPRESENTATIVE


class GezagMethod(StrEnum):
    """How the contact point checked who holds parental authority."""

    REGISTER = "gezagsregister"
    COURT_DECISION = "rechterlijke_uitspraak"
    STATEMENT = "verklaring"


GEZAG_METHOD_LABELS: Final[dict[GezagMethod, str]] = {
    GezagMethod.REGISTER: "Gezagsregister geraadpleegd",
    GezagMethod.COURT_DECISION: "Rechterlijke uitspraak over het gezag gezien",
    GezagMethod.STATEMENT: "Schriftelijke verklaring van de ouder(s) over het gezag",
}

#: The document that shows the authority to act, per kind of representative (Awb 2:1(2): the
#: organ may ask for a written machtiging; curatele, bewind and mentorschap follow from the
#: court's beschikking, BW 1:378, 1:431, 1:450).
AUTHORITY_DOCUMENT: Final[dict[Representation, str]] = {
    Representation.AUTHORISED: "de schriftelijke machtiging, ondertekend door de betrokkene",
    Representation.CURATOR: "de beschikking van de kantonrechter over de curatele",
    Representation.MENTOR: "de beschikking van de kantonrechter over het mentorschap",
    Representation.BEWINDVOERDER: "de beschikking van de kantonrechter over het bewind",
}

#: What the authority covers, for the staff's check of its scope. UAVG art. 5 gives the
#: representative the rights only "voor zover het een aangelegenheid betreft waarvoor de
#: betrokkene onbekwaam dan wel onbevoegd is" (RULES.md §2 ✔).
SCOPE_HINT: Final[dict[Representation, str]] = {
    Representation.AUTHORISED: "Een machtiging geldt alleen voor wat erin staat: controleer dat "
                               "zij dit verzoek dekt (welke rechten, welke organisaties).",
    Representation.CURATOR: "Curatele omvat in beginsel alle aangelegenheden van de betrokkene.",
    Representation.MENTOR: "Mentorschap gaat over verzorging, verpleging, behandeling en "
                           "begeleiding: gegevens over zorg en veiligheid vallen daar meestal "
                           "onder.",
    Representation.BEWINDVOERDER: "Bewind gaat alleen over geld en goederen. Gegevens over zorg "
                                  "en veiligheid vallen daar meestal niet onder: dan moet de "
                                  "betrokkene zelf het verzoek doen of een machtiging geven.",
}


def gezag_signatures_suffice(*, holders: int, signed: int, rule: GezagSignatures) -> bool:
    """Whether enough holders of gezag signed the request for the child."""
    if holders < 1 or not 0 <= signed <= holders:
        raise ValueError("holders >= 1 and 0 <= signed <= holders")
    return signed == holders if rule is GezagSignatures.ALL else signed >= 1


@dataclass(frozen=True, slots=True)
class RepresentationFacts:
    """What the request and the contact point's checks say about who acts."""

    kind: Representation
    received_on: date
    child_born_on: date | None = None
    gezag_method: GezagMethod | None = None
    gezag_holders: int | None = None
    gezag_signed: int | None = None
    has_authority_document: bool = False
    authority_scope: str | None = None
    representative_involved: bool = False


def open_points(facts: RepresentationFacts, *,
                reading: Uavg5Reading = Uavg5Reading.BY_RECEIPT_DATE,
                signatures: GezagSignatures = GezagSignatures.ALL) -> tuple[str, ...]:
    """What staff must still settle before a besluit, as sentences for the request page and
    the decision page; empty when nothing is open."""
    points: list[str] = []
    if facts.kind is Representation.SELF:
        return ()
    if facts.kind is Representation.PARENT_OR_GUARDIAN:
        if facts.child_born_on is None:
            points.append("De geboortedatum van het kind ontbreekt: de leeftijd op de "
                          "ontvangstdatum bepaalt wie het verzoek mag doen (UAVG art. 5).")
        else:
            path = minor_path(facts.child_born_on, facts.received_on, reading)
            if path is MinorPath.CHILD_ITSELF:
                if not facts.has_authority_document:
                    points.append("Het kind was op de ontvangstdatum 16 of ouder en oefent zijn "
                                  "rechten zelf uit: vraag een schriftelijke machtiging van het "
                                  "kind (Awb 2:1) of laat het kind zelf het verzoek doen.")
            elif path is MinorPath.ADULT:
                points.append("De betrokkene was op de ontvangstdatum meerderjarig: een ouder "
                              "heeft geen gezag meer. Vraag een machtiging, of de beschikking "
                              "over curatele of mentorschap.")
            if path in (MinorPath.REPRESENTATIVE, MinorPath.EITHER):
                if facts.gezag_method is None:
                    points.append("Controleer en leg vast wie het gezag heeft (gezagsregister, "
                                  "rechterlijke uitspraak of verklaring).")
                elif facts.gezag_holders is not None and facts.gezag_signed is not None \
                        and not gezag_signatures_suffice(holders=facts.gezag_holders,
                                                         signed=facts.gezag_signed,
                                                         rule=signatures):
                    points.append(f"Nog niet iedere ouder met gezag heeft ondertekend "
                                  f"({facts.gezag_signed} van {facts.gezag_holders}); zo is het "
                                  "ingesteld. Vraag de handtekening van de andere ouder.")
    else:
        if not facts.has_authority_document:
            points.append(f"Vraag {AUTHORITY_DOCUMENT[facts.kind]} (Awb 2:1 lid 2) en voeg die "
                          "toe aan het verzoek.")
        if not (facts.authority_scope or "").strip():
            points.append("Leg vast wat de machtiging of beschikking omvat. "
                          + SCOPE_HINT[facts.kind])
    if facts.representative_involved:
        points.append(INVOLVED_PROMPT)
    return tuple(points)


#: UAVG 41(1)(i): the representative may be a party in the casus. The data may then also be
#: about them, and giving the person's data to them may harm the person or others.
INVOLVED_PROMPT: Final = (
    "Let op: de vertegenwoordiger is zelf betrokken in de casus. Beoordeel per gegeven of het "
    "(ook) over de vertegenwoordiger gaat, en of verstrekking aan de vertegenwoordiger de "
    "betrokkene of anderen kan schaden (UAVG art. 41 lid 1 onder i, bijvoorbeeld bij huiselijk "
    "geweld). Leg die afweging vast in de motivering.")
