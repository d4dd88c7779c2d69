"""The policy, as pure rules (no Flask, no database)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from avg_service.access.actor import Actor
from avg_service.access.policy import may, visible_organisation_ids
from avg_service.access.roles import Permission as P
from avg_service.access.roles import Role as R


def actor(role: R | None, organisation_id: int | None = None) -> Actor:
    return Actor(1 if role else None, role, organisation_id, "session")


# An explicit matrix, written independently of policy.GRANTS: "x" allowed, "." refused.
MATRIX = {
    #                        contactpunt jurist deelnemer fg beheerder
    P.SIGNED_IN:            "xxxxx",
    P.ORGANISATIONS_READ:   "xxxxx",
    P.ORGANISATIONS_MANAGE: "....x",
    P.USERS_READ:           "...xx",
    P.USERS_MANAGE:         "....x",
    P.USERS_APPROVE:        "...xx",
    P.SETTINGS_READ:        "xx.xx",
    P.SETTINGS_MANAGE:      "....x",
    P.AUDIT_READ:           "...x.",
    P.ACCESS_REVIEW:        "...xx",
    P.REQUESTS_READ:        "xx.x.",
    P.REQUESTS_MANAGE:      "xx...",
    P.TASKS_READ:           "xxxx.",
    P.TASKS_ANSWER:         "..x..",
    P.TASKS_MANAGE:         "xx...",
    P.DECISIONS_DRAFT:      ".x...",
    P.DECISIONS_RECORD:     "xx...",
    P.MAIL_READ:            "xx.x.",
    P.MAIL_MANAGE:          "x....",
    P.BREACHES_REPORT:      "xxxx.",
    P.BREACHES_READ:        "xxxx.",
    P.BREACHES_ANSWER:      "..x..",
    P.BREACHES_ASSESS:      "x..x.",
    P.BREACHES_NOTIFY:      "x.xx.",
    P.BREACHES_MANAGE:      "x....",
    P.BREACHES_REGISTER:    "...x.",
    P.REPORTS_READ:         "x..x.",
    P.REPORTS_WRITE:        "...x.",
    P.RETENTION_READ:       "x..xx",
    P.RETENTION_APPROVE:    "...x.",
}
ROLES = [R.CONTACTPUNT, R.JURIST, R.DEELNEMER, R.FG, R.BEHEERDER]


@pytest.mark.parametrize("permission", list(MATRIX))
@pytest.mark.parametrize("role_index", range(5))
def test_role_permission_matrix(permission: P, role_index: int) -> None:
    role = ROLES[role_index]
    expected = MATRIX[permission][role_index] == "x"
    assert may(actor(role, 7 if role is R.DEELNEMER else None), permission) is expected


def test_every_permission_is_in_the_matrix() -> None:
    assert set(MATRIX) | {P.PUBLIC} == set(P)


def test_the_fg_changes_nothing() -> None:
    fg = actor(R.FG)
    assert not any(may(fg, p) for p in P if p.value.endswith(".manage"))


@pytest.mark.parametrize("permission", [p for p in P if p is not P.PUBLIC])
def test_anonymous_may_do_nothing_but_public(permission: P) -> None:
    assert not may(Actor.anonymous(), permission)
    assert may(Actor.anonymous(), P.PUBLIC)


@dataclass
class Organisation:
    id: int


@dataclass
class Task:
    organisation_id: int


def test_a_participant_sees_only_its_own_organisation() -> None:
    politie = actor(R.DEELNEMER, 3)
    assert may(politie, P.ORGANISATIONS_READ, Organisation(3))
    assert not may(politie, P.ORGANISATIONS_READ, Organisation(7))
    assert may(politie, P.ORGANISATIONS_READ, Task(3))
    assert not may(politie, P.ORGANISATIONS_READ, Task(7))
    assert visible_organisation_ids(politie) == frozenset({3})


def test_staff_see_every_organisation() -> None:
    assert may(actor(R.CONTACTPUNT), P.ORGANISATIONS_READ, Organisation(7))
    assert visible_organisation_ids(actor(R.CONTACTPUNT)) is None
    assert visible_organisation_ids(Actor.anonymous()) == frozenset()


@dataclass
class SharedObject:
    """Like a data breach: visible to several organisations."""

    organisation_ids: frozenset[int]


def test_a_participant_sees_an_object_shared_with_its_organisation_only() -> None:
    politie = actor(R.DEELNEMER, 3)
    assert may(politie, P.BREACHES_READ, SharedObject(frozenset({3, 5})))
    assert not may(politie, P.BREACHES_READ, SharedObject(frozenset({5})))
    assert not may(politie, P.BREACHES_READ, SharedObject(frozenset()))
    assert not may(actor(R.DEELNEMER, None), P.BREACHES_READ, SharedObject(frozenset({3})))
    assert may(actor(R.FG), P.BREACHES_READ, SharedObject(frozenset()))
