"""Who takes part in a Zorg- en Veiligheidshuis, per WGS art. 2.27 (pure data).

Art. 2.27(1)(a)–(g) names the government participants; they are joint controllers (gezamenlijk
verwerkingsverantwoordelijk) for the ZVH processing. Art. 2.27(2) lets private parties take part
(reclassering, Veilig Thuis, gecertificeerde instellingen, GGZ, wijkteams); they are participants
but not joint controllers, so a request to the contact point is not a request to them
(BGS art. 1.1), although their data may be involved.
"""

from __future__ import annotations

from dataclasses import dataclass


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
