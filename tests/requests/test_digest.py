"""The staff's daily digest: once per user and day however often the sweep runs, only when
there is something to report, and without names or other personal data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import time_machine
from flask import Flask

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.db import unit_of_work
from avg_service.mail.models import OutboxMessage
from avg_service.requests import services as requests
from avg_service.requests.digest import send_digests
from tests.factories import make_request, make_user
from tests.mail.conftest import START, frozen, make_message  # noqa: F401 (frozen: a fixture)


def _digests(session: sa.orm.Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.scalars(sa.select(OutboxMessage).where(OutboxMessage.purpose == "digest")
                                .order_by(OutboxMessage.id)))


def _received(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T10:00:00+01:00").astimezone(UTC)


def test_the_digest_goes_out_once_a_day_however_often_the_sweep_runs(
        app: Flask, db_session: sa.orm.Session, frozen: time_machine.Traveller) -> None:
    contactpunt = make_user(Role.CONTACTPUNT, display_name="Anna de Vries")
    jurist = make_user(Role.JURIST, display_name="Bram Bakker")
    for role in (Role.FG, Role.BEHEERDER):
        make_user(role)
    make_user(Role.DEELNEMER, organisation="politie")
    gone = make_user(Role.CONTACTPUNT)
    with unit_of_work():
        db_session.execute(sa.update(User).where(User.id == gone.id).values(is_active=False))
    overdue = make_request(received_at=_received("2026-10-20"), given_names="Pieter",
                           family_name="Puk")
    soon = make_request(received_at=_received("2026-11-09"), given_names="Sanne",
                        family_name="Stam")
    later = make_request(received_at=_received("2026-12-01"))
    with unit_of_work():
        requests.assign(requests.get_request(soon.id), assignee_id=jurist.id,
                        actor=Actor.system("cli"), now=clock.now_utc())
    make_message(status="failed", at=START - timedelta(days=2))

    runner = app.test_cli_runner()
    for _run in range(3):  # cron and a manual run on the same day
        result = runner.invoke(args=["avg", "sweep"])
        assert result.exit_code == 0, result.output
    digests = _digests(db_session)
    assert sorted(m.to_address for m in digests) == sorted([contactpunt.email, jurist.email])
    assert {m.dedupe_key for m in digests} == {f"digest:{contactpunt.id}:2026-12-07",
                                              f"digest:{jurist.id}:2026-12-07"}
    to_jurist = next(m for m in digests if m.to_address == jurist.email)
    body = to_jurist.body_text
    assert to_jurist.subject == "Dagoverzicht contactpunt AVG-rechten, maandag 7 december 2026"
    assert f"Beslistermijn verstreken (1):\n- {overdue.reference}, verstreken op" in body
    assert f"- {soon.reference}, uiterlijk" in body and "(aan u toegewezen)" in body
    assert later.reference not in body
    assert "Niet bezorgde e-mail in de afgelopen 7 dagen: 1." in body
    assert "http://127.0.0.1:5000/post?status=failed" in body
    assert "Werkvoorraad:\nhttp://127.0.0.1:5000/verzoeken\n" in body
    for personal in ("Pieter", "Puk", "Sanne", "Stam", "Anna", "Vries", "Bram", "Bakker",
                     "Dorpsstraat", "1234 AB", "@"):
        assert personal not in body, personal
    assert "(aan u toegewezen)" not in next(m for m in digests if m is not to_jurist).body_text

    frozen.move_to(START + timedelta(days=1))  # the next day: a new digest each
    assert runner.invoke(args=["avg", "sweep"]).exit_code == 0
    assert len(_digests(db_session)) == 4


def test_no_digest_when_there_is_nothing_to_report(
        db_session: sa.orm.Session, frozen: time_machine.Traveller) -> None:
    make_user(Role.CONTACTPUNT)
    make_request(received_at=_received("2026-12-01"))  # due in January
    make_message(status="failed", at=START - timedelta(days=8))  # older than a week
    with unit_of_work():
        assert send_digests(now=clock.now_utc()) == 0
    assert _digests(db_session) == []


def test_the_day_is_the_amsterdam_date(db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT)
    make_message(status="failed", at=START)
    # 23:30 UTC on 7 December is already 8 December in Amsterdam
    with time_machine.travel(datetime(2026, 12, 7, 23, 30, tzinfo=UTC), tick=False):
        with unit_of_work():
            assert send_digests(now=clock.now_utc()) == 1
    [digest] = _digests(db_session)
    assert digest.dedupe_key == f"digest:{user.id}:2026-12-08"
