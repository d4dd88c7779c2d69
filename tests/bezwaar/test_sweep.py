"""The daily sweep for bezwaren: an unused herstel term ends the suspension (Awb 7:10(2)); the
assignee hears once when the 7:10 term is near or past, however often the sweep runs."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Flask

from avg_service.access.roles import Role
from avg_service.bezwaar import services
from avg_service.bezwaar.models import BezwaarStatus
from avg_service.bezwaar.rules import Defect
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.mail.models import OutboxMessage
from tests.bezwaar.helpers import notified_besluit, register
from tests.decisions.test_pages_and_api import _as_actor, at
from tests.factories import make_user


def _reminders() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.purpose.like("bezwaar_reminder_%")).order_by(OutboxMessage.id)))


def test_the_sweep_expires_herstel_and_reminds_once_before_and_after_the_term(
        app: Flask, db_session: sa.orm.Session) -> None:
    _, decision_id, _, _ = notified_besluit("2026-03-16")
    bezwaar_id = register(decision_id, day="2026-04-02", grounds=None)
    assignee = make_user(Role.CONTACTPUNT)
    with unit_of_work():
        bezwaar = services.get_bezwaar(bezwaar_id)
        bezwaar.assignee_id = assignee.id
        services.request_repair(bezwaar, defects=[Defect.GROUNDS], term_until=date(2026, 4, 20),
                                actor=_as_actor(assignee), now=at("2026-04-06"))
    with unit_of_work():
        result = services.sweep(now=at("2026-04-21", "06:00"))
    assert (result.expired, result.reminders) == (1, 0)
    db.session.expire_all()
    bezwaar = services.get_bezwaar(bezwaar_id)
    assert bezwaar.status_enum is BezwaarStatus.IN_PROGRESS
    # 7..19 April suspended (13 days): Tue 9 Jun + 13 = Mon 22 Jun 2026.
    assert bezwaar.repairs[0].expired_on == date(2026, 4, 20)
    assert bezwaar.decision_due_on == date(2026, 6, 22)

    for day in ("2026-06-15", "2026-06-16"):  # within five working days, twice
        with unit_of_work():
            services.sweep(now=at(day, "06:00"))
    for day in ("2026-06-23", "2026-06-24"):  # overdue, twice
        with unit_of_work():
            services.sweep(now=at(day, "06:00"))
    sent = _reminders()
    assert [m.purpose for m in sent] == ["bezwaar_reminder_due_soon",
                                         "bezwaar_reminder_overdue"]
    assert all(m.to_address == assignee.email for m in sent)
    assert "maandag 22 juni 2026" in sent[0].body_text and bezwaar.kenmerk in sent[0].subject
