"""Plain keyword factories and log-in helpers for tests."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyotp
import sqlalchemy as sa
import time_machine
from flask.testing import FlaskClient

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts import services
from avg_service.accounts.models import User
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.organisations.services import seed_participants
from avg_service.requests.models import DataSubjectRequest

if TYPE_CHECKING:
    from avg_service.coordination.models import CoordinationTask
    from avg_service.decisions.models import Decision
    from avg_service.decisions.services import PartInput

PASSWORD = "correct horse battery staple"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(day: str, time: str = "10:00") -> datetime:
    """The moment of Amsterdam wall time ``day`` ``time`` (``at("2026-03-02", "15:00")``), in UTC."""
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=AMSTERDAM).astimezone(UTC)
_counter = itertools.count(1)


def organisation_id(code: str) -> int:
    found = db.session.scalar(sa.select(Organisation.id).where(Organisation.code == code))
    if found is None:
        with unit_of_work():
            seed_participants(now=clock.now_utc())
        found = db.session.scalar(sa.select(Organisation.id).where(Organisation.code == code))
    assert found is not None
    return found


def make_user(role: Role, *, organisation: str | None = None, totp: bool = False,
              email: str | None = None, display_name: str | None = None,
              password: str = PASSWORD) -> User:
    """A user committed through the real service; ``totp`` sets up a confirmed second factor."""
    number = next(_counter)
    org_id = organisation_id(organisation) if organisation else None
    with unit_of_work():
        user = services.create_user(
            email=email or f"{role.value}{number}@example.test",
            display_name=display_name or f"Test {role.value} {number}",
            role=role,
            organisation_id=org_id,
            password=password, actor=Actor.system("cli"), now=clock.now_utc())
        if totp:
            services.begin_totp_enrolment(user)
            user.totp_confirmed_at = clock.now_utc()
    return user


def csrf_token(client: FlaskClient, path: str = "/inloggen") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client: FlaskClient, user: User, *, password: str = PASSWORD,
           at: datetime | None = None) -> None:
    """The real log-in flow through the pages, including the TOTP step when set up."""
    token = csrf_token(client)
    response = client.post("/inloggen", data={"csrf_token": token, "email": user.email,
                                              "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if user.totp_secret and user.totp_confirmed_at:
        code = pyotp.TOTP(user.totp_secret).at(at or clock.now_utc())
        token = csrf_token(client, "/inloggen/code")  # the log-in started a new session
        response = client.post("/inloggen/code", data={"csrf_token": token, "code": code})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def api_token(user: User, *, days: int = 30) -> str:
    with unit_of_work():
        _row, plain = services.create_api_token(user, name="test", days=days,
                                                actor=Actor.system("cli"), now=clock.now_utc())
    return plain


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def make_request(*, received_at: datetime | None = None, now: datetime | None = None,
                 channel: str = "letter", **fields: Any) -> DataSubjectRequest:
    """A request registered through the real intake service (committed)."""
    from avg_service.requests import services as requests
    from avg_service.requests.lifecycle import Channel, Right

    values: dict[str, Any] = {
        "given_names": "Jan", "family_name": f"Jansen{next(_counter)}",
        "date_of_birth": date(1980, 5, 17), "street_address": "Dorpsstraat 1",
        "postcode": "1234 AB", "city": "Voorbeeldstad", "rights": [Right.ACCESS]}
    values.update(fields)
    organisation_id("politie")  # the participants and the contact point's settings exist
    moment = now or clock.now_utc()
    with unit_of_work():
        dsr = requests.register(requests.Intake.from_data(values), channel=Channel(channel),
                                received_at=received_at or moment, actor=Actor.system("cli"),
                                now=moment)
    return dsr


def set_aside_other_controllers(dsr_id: int, *, now: datetime | None = None) -> None:
    """A task for every active joint controller that has none yet, set aside with a reason: a
    besluit waits until each is heard (BGS art. 1.1(1)); tests about one participant use this
    for the others."""
    from avg_service.coordination import services as coordination
    from avg_service.coordination import settling
    from avg_service.coordination.models import CoordinationTask
    from avg_service.requests import services as requests

    actor, now = Actor.system("cli"), now or clock.now_utc()
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        have = set(db.session.scalars(sa.select(CoordinationTask.organisation_id).where(
            CoordinationTask.dsr_id == dsr_id)))
        wanted = [o.id for o in coordination.default_organisations() if o.id not in have]
        if not wanted:
            return
        for task in coordination.create_tasks(dsr, organisation_ids=wanted,
                                              shared=("name", "rights"), actor=actor, now=now):
            settling.set_aside(task, reason="Geen gegevens in deze casus.",
                               confirmed_by="De privacy officer", actor=actor, now=now)


def make_tasks(dsr_id: int, *codes: str, now: datetime | None = None,
               shared: tuple[str, ...] | None = None) -> list[CoordinationTask]:
    """Tasks for the participants ``codes`` (none given: every joint controller), set out through
    the real service at ``now`` (the clock frozen there), committed."""
    from avg_service.coordination import services as coordination
    from avg_service.coordination.rules import DEFAULT_SHARED
    from avg_service.requests import services as requests

    moment = now or clock.now_utc()
    ids = [organisation_id(c) for c in codes] or [o.id for o in coordination.default_organisations()]
    with time_machine.travel(moment, tick=False), unit_of_work():
        return coordination.create_tasks(requests.get_request(dsr_id), organisation_ids=ids,
                                         shared=DEFAULT_SHARED if shared is None else shared,
                                         actor=Actor.system("cli"), now=moment)


def make_decision(dsr_id: int, *, parts: list[PartInput] | None = None,
                  jurist: Actor | None = None, now: datetime | None = None,
                  history_note: str | None = None) -> Decision:
    """A draft besluit through the real service (committed): ``parts`` or, by default, every
    right invoked granted; by a new jurist unless ``jurist`` is given. The request must be in
    handling (or deciding) and its controllers heard as the service requires."""
    from avg_service.decisions import services as decisions
    from avg_service.decisions.catalogue import Outcome
    from avg_service.requests import services as requests

    if jurist is None:
        user = make_user(Role.JURIST)
        jurist = Actor(user.id, Role.JURIST, user.organisation_id, "session")
    moment = now or clock.now_utc()
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        chosen = parts if parts is not None else [
            decisions.PartInput(r.value, Outcome.GRANTED, []) for r in dsr.rights_list]
        return decisions.save_draft(dsr, chosen, history_note=history_note, actor=jurist,
                                    now=moment)
