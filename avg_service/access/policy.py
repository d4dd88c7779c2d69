"""The one policy: may this actor do this action (on this object)? Deny by default.

Pure Python, no Flask, no database: objects are read through their attributes
(``organisation_id``, ``id``), so the rules test in milliseconds. WGS art. 1.8(2): only persons
the participants authorised get access; a participant sees only its own organisation's objects;
the FG reads everything but changes nothing (except what it coordinates for a data breach: the
risk assessment and the record of the AP notification); the beheerder manages accounts,
organisations and settings but sees no request contents.
"""

from __future__ import annotations

from typing import Any, Protocol

from avg_service.access.actor import Actor
from avg_service.access.roles import Permission, Role

P = Permission
_STAFF = frozenset({Role.CONTACTPUNT, Role.JURIST})
_ALL_ROLES = frozenset(Role)

#: Which roles hold a permission at all (the route-level check).
GRANTS: dict[Permission, frozenset[Role]] = {
    P.SIGNED_IN: _ALL_ROLES,
    P.ORGANISATIONS_READ: _ALL_ROLES,  # a deelnemer only its own: see ``_object_rule``
    P.ORGANISATIONS_MANAGE: frozenset({Role.BEHEERDER}),
    P.USERS_READ: frozenset({Role.BEHEERDER, Role.FG}),
    P.USERS_MANAGE: frozenset({Role.BEHEERDER}),
    # A second beheerder or the FG approves what a beheerder made (never the one who made it;
    # ``accounts.services.approve_user``), so no beheerder reaches request contents alone.
    P.USERS_APPROVE: frozenset({Role.BEHEERDER, Role.FG}),
    P.SETTINGS_READ: _STAFF | {Role.BEHEERDER, Role.FG},
    P.SETTINGS_MANAGE: frozenset({Role.BEHEERDER}),
    P.AUDIT_READ: frozenset({Role.FG}),
    P.ACCESS_REVIEW: frozenset({Role.FG, Role.BEHEERDER}),
    # Request contents: the contact point and legal staff; the FG reads; the beheerder does not.
    P.REQUESTS_READ: _STAFF | {Role.FG},
    P.REQUESTS_MANAGE: _STAFF,
    # Coordination: a participant works in its own compartment (``_object_rule``).
    P.TASKS_READ: _STAFF | {Role.DEELNEMER, Role.FG},
    P.TASKS_ANSWER: frozenset({Role.DEELNEMER}),
    P.TASKS_MANAGE: _STAFF,
    # Besluiten: only legal staff draft and approve (four eyes, both jurists); the contact point
    # records what happens after (bekendmaking, bezwaar, ingebrekestelling). Reading: REQUESTS_READ.
    P.DECISIONS_DRAFT: frozenset({Role.JURIST}),
    P.DECISIONS_RECORD: _STAFF,
    # The mail outbox: staff and the FG see what went out; the contact point, which runs the
    # mailbox the bounces come back to, retries and records bounces.
    P.MAIL_READ: _STAFF | {Role.FG},
    P.MAIL_MANAGE: frozenset({Role.CONTACTPUNT}),
    # Data breaches: any participant and the contact point report; the coordinating FG assesses
    # the risk and keeps the register (AVG art. 33(5), 39); the notifying controller, the FG or
    # the contact point records the notification to the AP; the contact point coordinates.
    P.BREACHES_REPORT: _STAFF | {Role.DEELNEMER, Role.FG},
    P.BREACHES_READ: _STAFF | {Role.DEELNEMER, Role.FG},
    P.BREACHES_ANSWER: frozenset({Role.DEELNEMER}),
    P.BREACHES_ASSESS: frozenset({Role.CONTACTPUNT, Role.FG}),
    P.BREACHES_NOTIFY: frozenset({Role.CONTACTPUNT, Role.FG, Role.DEELNEMER}),
    P.BREACHES_MANAGE: frozenset({Role.CONTACTPUNT}),
    P.BREACHES_REGISTER: frozenset({Role.FG}),
    # Accountability: the FG and the contact point see the figures; the FG writes the annual
    # report and approves destruction (its supervision of WGS art. 1.8(7)); the contact point
    # sees the destruction lists that will touch its files.
    P.REPORTS_READ: frozenset({Role.FG, Role.CONTACTPUNT}),
    P.REPORTS_WRITE: frozenset({Role.FG}),
    P.RETENTION_READ: frozenset({Role.FG, Role.CONTACTPUNT, Role.BEHEERDER}),  # sets the terms
    P.RETENTION_APPROVE: frozenset({Role.FG}),
}


class OrganisationBound(Protocol):
    organisation_id: int | None


def may(actor: Actor, permission: Permission, obj: Any = None) -> bool:
    """True when ``actor`` may perform ``permission`` (on ``obj``, when given)."""
    if permission is P.PUBLIC:
        return True
    if not actor.is_authenticated or actor.role is None:
        return False
    if actor.role not in GRANTS.get(permission, frozenset()):
        return False
    if obj is None:
        return True
    return _object_rule(actor, permission, obj)


def visible_organisation_ids(actor: Actor) -> frozenset[int] | None:
    """For list and search filters: ``None`` means every organisation, else only these."""
    if actor.role is Role.DEELNEMER:
        return frozenset({actor.organisation_id}) if actor.organisation_id is not None else frozenset()
    if actor.is_authenticated:
        return None
    return frozenset()


def _object_rule(actor: Actor, permission: Permission, obj: Any) -> bool:
    if actor.role is Role.DEELNEMER:
        # A participant's compartment: objects of its own organisation only. An object shared by
        # several organisations (a data breach: its reporter and every tasked organisation)
        # names them in ``organisation_ids``.
        owners = getattr(obj, "organisation_ids", None)
        if isinstance(owners, frozenset):
            return actor.organisation_id is not None and actor.organisation_id in owners
        owner = _owning_organisation(obj)
        return owner is not None and owner == actor.organisation_id
    return True


def _owning_organisation(obj: Any) -> int | None:
    if type(obj).__name__ == "Organisation":
        value = getattr(obj, "id", None)
    else:
        value = getattr(obj, "organisation_id", None)
    return value if isinstance(value, int) else None
