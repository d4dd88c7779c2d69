"""What a breach is made of, as pure data: the kinds of breach and of data, the factors of the
risk assessment and the examples of the EDPB, and why people need not (or may not) be told.

Sources and how far they were checked:
- EDPB Guidelines 9/2022 on personal data breach notification under GDPR, version 2.0 (28 March
  2023): the updated WP250rev.01; the EDPB changed only the paragraph on controllers outside the
  EEA (◐: the version history, the table of contents and two summaries were read, not the body).
  The three types of breach (§I.B.2), the factors for assessing the risk (§IV.B) and the examples
  of annex B are given here in our own Dutch words, as we know them from WP250rev.01; the
  example numbers follow annex B. ✖ The annex was not re-read in the 2023 text.
- AVG art. 34(3)(a)-(c) (✔ read in several copies of the official text) and UAVG art. 41(1),
  which also lets a controller set aside art. 34 (✔ read: "de artikelen 12 tot en met 21 en
  artikel 34 van de verordening").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from avg_service.breaches.rules import RiskLevel, risk_rank
from avg_service.coordination.rules import (
    ON_BEHALF_SOURCES as TASK_ON_BEHALF_SOURCES,
    RESTRICTION_GROUNDS,
    RestrictionGround,
)

# ------------------------------------------------------------------------------ kinds of breach
#: EDPB Guidelines 9/2022 §I.B.2: a breach of confidentiality, integrity or availability.
BREACH_TYPES: Final[dict[str, str]] = {
    "confidentiality": "Vertrouwelijkheid: gegevens zijn gezien, verstuurd of meegenomen door "
                       "iemand die dat niet mocht",
    "integrity": "Integriteit: gegevens zijn zonder recht gewijzigd",
    "availability": "Beschikbaarheid: gegevens zijn (tijdelijk) kwijt of niet bereikbaar",
}

#: The kinds of data a ZVH processes; the first three are special or criminal data (AVG art. 9,
#: 10; WGS art. 2.29), the reason most ZVH breaches weigh heavily.
DATA_KINDS: Final[dict[str, str]] = {
    "health": "Gezondheid (ook GGZ en verslaving; art. 9 AVG)",
    "criminal": "Strafrechtelijke gegevens (art. 10 AVG)",
    "youth": "Jeugdzorg en jeugdbescherming",
    "case": "Casusinformatie uit het Zorg- en Veiligheidshuis (verslagen, plannen van aanpak)",
    "bsn": "Burgerservicenummer",
    "identity": "Naam, adres, geboortedatum",
    "contact": "Telefoonnummer of e-mailadres",
    "financial": "Financiële gegevens",
    "other": "Andere gegevens",
}
SENSITIVE_DATA_KINDS: Final = frozenset({"health", "criminal", "youth", "case"})


# ------------------------------------------------------------------------------ risk factors
class Weight(StrEnum):
    RAISES = "raises"
    LOWERS = "lowers"


@dataclass(frozen=True, slots=True)
class RiskFactor:
    code: str
    label: str
    weight: Weight
    #: The level this factor points to on its own (a raising factor), or the level it allows
    #: (a lowering factor): ``suggested_risk`` combines them.
    level: RiskLevel


#: EDPB Guidelines 9/2022 §IV.B: the type of breach; nature, sensitivity and volume of the data;
#: ease of identification; severity of consequences; special characteristics of the people and
#: of the controller; the number of people.
RISK_FACTORS: Final[tuple[RiskFactor, ...]] = (
    RiskFactor("sensitive", "Bijzondere of strafrechtelijke gegevens, of jeugd- of casusinformatie",
               Weight.RAISES, RiskLevel.HIGH),
    RiskFactor("vulnerable", "De betrokkenen zijn kwetsbaar of minderjarig", Weight.RAISES,
               RiskLevel.HIGH),
    RiskFactor("harm", "Kans op ernstige gevolgen: gevaar voor de veiligheid (bijvoorbeeld bij "
               "huiselijk geweld), discriminatie, identiteitsfraude, financieel verlies of "
               "reputatieschade", Weight.RAISES, RiskLevel.HIGH),
    RiskFactor("unknown_recipient", "De ontvanger is onbekend, niet te vertrouwen of heeft "
               "kwade bedoelingen", Weight.RAISES, RiskLevel.HIGH),
    RiskFactor("identifiable", "De betrokkenen zijn met de gegevens eenvoudig te herkennen",
               Weight.RAISES, RiskLevel.RISK),
    RiskFactor("volume", "Veel gegevens of veel betrokkenen", Weight.RAISES, RiskLevel.RISK),
    RiskFactor("encrypted", "De gegevens waren met actuele techniek versleuteld en de sleutel is "
               "niet gelekt", Weight.LOWERS, RiskLevel.NONE),
    RiskFactor("trusted_recipient", "De ontvanger is betrouwbaar (bijvoorbeeld een deelnemer met "
               "geheimhoudingsplicht) en heeft bevestigd de gegevens te hebben vernietigd",
               Weight.LOWERS, RiskLevel.RISK),
    RiskFactor("restored", "De gegevens waren kort onbereikbaar en zijn volledig hersteld (een "
               "back-up)", Weight.LOWERS, RiskLevel.NONE),
)
FACTORS_BY_CODE: Final[dict[str, RiskFactor]] = {f.code: f for f in RISK_FACTORS}


@dataclass(frozen=True, slots=True)
class Suggestion:
    level: RiskLevel
    because: tuple[str, ...]  # the labels of the factors that decided it


def suggested_risk(breach_types: set[str], factor_codes: set[str],
                   data_kinds: set[str]) -> Suggestion:
    """A starting point for the FG, never the assessment itself: the highest level a raising
    factor points to, lowered only by what takes that risk away. Encryption takes away a
    confidentiality risk (art. 34(3)(a)); a quick full restore an availability-only one (the
    EDPB's power-outage example); a trusted recipient who destroyed the data lowers to "risk"
    at most. Sensitive kinds of data count as the factor ``sensitive`` (AVG art. 9, 10)."""
    codes = set(factor_codes)
    if data_kinds & SENSITIVE_DATA_KINDS:
        codes.add("sensitive")
    raising = [FACTORS_BY_CODE[c] for c in sorted(codes) if c in FACTORS_BY_CODE
               and FACTORS_BY_CODE[c].weight is Weight.RAISES]
    level = max((f.level for f in raising), key=risk_rank, default=RiskLevel.RISK)
    because = [f.label for f in raising if f.level is level]
    only_confidentiality = breach_types == {"confidentiality"}
    only_availability = breach_types == {"availability"}
    if "encrypted" in codes and only_confidentiality:
        return Suggestion(RiskLevel.NONE, (FACTORS_BY_CODE["encrypted"].label,))
    if "restored" in codes and only_availability and level is not RiskLevel.HIGH:
        return Suggestion(RiskLevel.NONE, (FACTORS_BY_CODE["restored"].label,))
    if "trusted_recipient" in codes and level is RiskLevel.HIGH and only_confidentiality \
            and "unknown_recipient" not in codes:
        return Suggestion(RiskLevel.RISK, (FACTORS_BY_CODE["trusted_recipient"].label,))
    if not raising:
        because = ["Er zijn persoonsgegevens gelekt; geen factor verlaagt het risico"]
    return Suggestion(level, tuple(because))


# ------------------------------------------------------------------------------ EDPB examples
@dataclass(frozen=True, slots=True)
class Example:
    code: str
    situation: str
    notify_authority: str  # "ja", "nee", or a condition
    inform_people: str
    level: RiskLevel  # the level that fits the example's answer
    source: str = "EDPB Richtsnoeren 9/2022, bijlage B"


#: Annex B of the guidelines, paraphrased in Dutch (✖ not re-read in the 2023 text; see the
#: module docstring). The FG may name the example the case resembles; the reasons are the FG's.
EXAMPLES: Final[tuple[Example, ...]] = (
    Example("B-i", "Een versleutelde back-up op een USB-stick is gestolen; de sleutel is veilig "
            "en er is een andere back-up.", "nee", "nee", RiskLevel.NONE),
    Example("B-ii", "Bij een aanval op een onlinedienst zijn persoonsgegevens buitgemaakt.",
            "ja", "afhankelijk van de aard van de gegevens en de ernst van de gevolgen",
            RiskLevel.RISK),
    Example("B-iii", "Een stroomstoring van enkele minuten: medewerkers konden de dossiers even "
            "niet inzien.", "nee", "nee", RiskLevel.NONE),
    Example("B-iv", "Ransomware heeft alle gegevens versleuteld; er is geen back-up en er is "
            "niets weggenomen.", "ja", "afhankelijk van de gevolgen van het verlies",
            RiskLevel.RISK),
    Example("B-v", "Iemand meldt dat hij gegevens van een ander heeft ontvangen (een brief of "
            "overzicht voor de verkeerde persoon).", "ja", "alleen bij hoog risico",
            RiskLevel.RISK),
    Example("B-vi", "Na een aanval zijn namen, wachtwoorden en gegevens van gebruikers openbaar "
            "gemaakt.", "ja", "ja", RiskLevel.HIGH),
    Example("B-viii", "Medische dossiers waren door een aanval 30 uur niet beschikbaar.", "ja",
            "ja", RiskLevel.HIGH),
    Example("B-ix", "Gegevens van veel mensen zijn per ongeluk naar een verkeerde mailinglijst met "
            "veel ontvangers gestuurd.", "ja", "ja, afhankelijk van de gegevens",
            RiskLevel.HIGH),
    Example("B-x", "Een e-mail is verstuurd met alle adressen zichtbaar in 'aan' of 'cc'.",
            "ja bij veel ontvangers of gevoelige gegevens (zoals cliënten van een hulpverlener)",
            "ja bij gevoelige gegevens", RiskLevel.RISK),
)
EXAMPLES_BY_CODE: Final[dict[str, Example]] = {e.code: e for e in EXAMPLES}


# ------------------------------------------------------------------------------ not telling people
class CommunicationDecision(StrEnum):
    """What was decided about telling the people (AVG art. 34; UAVG art. 41)."""

    INFORM = "inform"  # a letter or e-mail to each person (34(1), or voluntarily)
    ENCRYPTED = "34-3-a"  # unintelligible to anyone not authorised, such as by encryption
    MEASURES = "34-3-b"  # later measures ensure the high risk is no longer likely
    PUBLIC = "34-3-c"  # disproportionate effort: a public communication instead
    RESTRICTED = "uavg-41"  # set aside under UAVG art. 41(1), with the ground and motivation


COMMUNICATION_DECISIONS: Final[dict[CommunicationDecision, str]] = {
    CommunicationDecision.INFORM: "Wij informeren de betrokkenen met een brief of e-mail",
    CommunicationDecision.ENCRYPTED: "Niet nodig: de gegevens zijn onleesbaar voor wie er geen "
                                     "toegang toe heeft, bijvoorbeeld door versleuteling "
                                     "(art. 34 lid 3 onder a AVG)",
    CommunicationDecision.MEASURES: "Niet nodig: door latere maatregelen is het hoge risico niet "
                                    "langer waarschijnlijk (art. 34 lid 3 onder b AVG)",
    CommunicationDecision.PUBLIC: "Niet per persoon: dat vergt onevenredige inspanning; in plaats "
                                  "daarvan een openbare mededeling (art. 34 lid 3 onder c AVG)",
    CommunicationDecision.RESTRICTED: "Niet: art. 34 AVG wordt buiten toepassing gelaten "
                                      "(art. 41 lid 1 UAVG)",
}

#: UAVG art. 41(1)(a)-(j): the same grounds the request tasks use (``coordination.rules``);
#: AVG art. 15(4) is about the copy of art. 15 and does not apply to art. 34.
UAVG_41_GROUNDS: Final[tuple[RestrictionGround, ...]] = tuple(
    g for g in RESTRICTION_GROUNDS if g.code.startswith("41"))
UAVG_41_BY_CODE: Final[dict[str, RestrictionGround]] = {g.code: g for g in UAVG_41_GROUNDS}

#: How a contact point received an answer it records on behalf of an organisation (one list,
#: the request tasks').
ON_BEHALF_SOURCES: Final[dict[str, str]] = TASK_ON_BEHALF_SOURCES
