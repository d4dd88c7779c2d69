"""Who takes part in a Zorg- en Veiligheidshuis, per WGS art. 2.27 (pure data).

Art. 2.27(1)(a)–(g) names the government participants; they are joint controllers (gezamenlijk
verwerkingsverantwoordelijk) for the ZVH processing. Art. 2.27(2) lets private parties take part
(reclassering, Veilig Thuis, gecertificeerde instellingen, GGZ, wijkteams); they are participants
but not joint controllers, so a request to the contact point is not a request to them
(BGS art. 1.1), although their data may be involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Participant:
    code: str
    name: str
    legal_basis: str
    is_joint_controller: bool


JOINT_CONTROLLERS: tuple[Participant, ...] = (
    Participant("rvdk", "Raad voor de Kinderbescherming", "WGS art. 2.27(1)(a)", True),
    Participant("dji", "Dienst Justitiële Inrichtingen", "WGS art. 2.27(1)(b)", True),
    Participant("politie", "Politie", "WGS art. 2.27(1)(c)", True),
    Participant("om", "Openbaar Ministerie", "WGS art. 2.27(1)(d)", True),
    Participant("burgemeester", "De burgemeester", "WGS art. 2.27(1)(e)", True),
    Participant("college", "Het college van burgemeester en wethouders", "WGS art. 2.27(1)(f)", True),
    Participant("ggd", "GGD", "WGS art. 2.27(1)(g)", True),
)

PRIVATE_PARTICIPANTS: tuple[Participant, ...] = (
    Participant("reclassering", "Reclassering", "WGS art. 2.27(2)", False),
    Participant("veilig_thuis", "Veilig Thuis", "WGS art. 2.27(2)", False),
    Participant("gi", "Gecertificeerde instelling (jeugdbescherming)", "WGS art. 2.27(2)", False),
    Participant("ggz", "GGZ-instelling", "WGS art. 2.27(2)", False),
    Participant("wijkteam", "Wijkteam / sociaal domein", "WGS art. 2.27(2)", False),
)

ALL_PARTICIPANTS: tuple[Participant, ...] = JOINT_CONTROLLERS + PRIVATE_PARTICIPANTS


class DecisionMode(StrEnum):
    """Who decides on a request for one joint controller. The BGS part we read does not say
    whether the contact point decides for all joint controllers or only coordinates (RULES.md
    §11.2), so it is a setting per controller; the default is what the service always did."""

    #: The contact point's organ decides as contactpunt for every joint controller (default).
    CONTACT_POINT = "contact_point"
    #: The contact point's organ decides under this controller's written mandate (Awb 10:5(2)),
    #: and the letter says on whose behalf (Awb 10:10): "mede namens ...".
    MANDATE = "mandate"
    #: The controller decides on its own part itself; the letter says so, and bezwaar on that
    #: part goes to it.
    SELF = "self"


DECISION_MODE_LABELS: dict[DecisionMode, str] = {
    DecisionMode.CONTACT_POINT: "Het contactpunt beslist (standaard)",
    DecisionMode.MANDATE: "Het contactpunt beslist namens deze organisatie, in mandaat",
    DecisionMode.SELF: "Deze organisatie beslist zelf over haar deel",
}


def municipal_participants(municipality: str, slug: str) -> tuple[Participant, ...]:
    """A regional ZVH with several gemeenten: per gemeente its burgemeester and its college are
    each a joint controller (WGS art. 2.27(1)(e) and (f))."""
    return (
        Participant(f"burgemeester-{slug}", f"De burgemeester van {municipality}",
                    "WGS art. 2.27(1)(e)", True),
        Participant(f"college-{slug}", f"Het college van burgemeester en wethouders van "
                    f"{municipality}", "WGS art. 2.27(1)(f)", True),
    )
