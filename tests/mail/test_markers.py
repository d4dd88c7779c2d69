"""Markers exist only where the service places them (issue 15, finding 2): text that people
type never mints a status link, and a marker never expands in a mail to anyone but the
requester."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import time_machine

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.coordination import services as coordination
from avg_service.coordination.models import CoordinationTask
from avg_service.db import unit_of_work
from avg_service.mail.services import literal, queue_mail
from avg_service.organisations.models import Organisation
from avg_service.portal.models import StatusLink
from avg_service.requests import services as requests
from tests.factories import make_request, organisation_id
from tests.mail.conftest import SmtpServer, text_of

SYSTEM = Actor.system("cli")
REQUESTER = "verzoeker@example.test"


def _links(session: sa.orm.Session, dsr_id: int) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(StatusLink)
                          .where(StatusLink.dsr_id == dsr_id)) or 0


def test_a_marker_typed_in_a_reason_reaches_the_participant_as_text(
        db_session: sa.orm.Session, smtp: SmtpServer, frozen: time_machine.Traveller) -> None:
    smtp.start()
    dsr = make_request(email=REQUESTER)
    politie = organisation_id("politie")
    with unit_of_work():
        db_session.get(Organisation, politie).task_email = "avg@politie.test"
        requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=clock.now_utc())
        [task] = coordination.create_tasks(requests.get_request(dsr.id),
                                           organisation_ids=[politie],
                                           shared=("name",), actor=SYSTEM, now=clock.now_utc())
    with unit_of_work():
        task = db_session.get(CoordinationTask, task.id)
        coordination.decline(task, "Niet van ons.", actor=SYSTEM, now=clock.now_utc())
    links_before = _links(db_session, dsr.id)
    with unit_of_work():
        task = db_session.get(CoordinationTask, task.id)
        coordination.reopen(task, "Zie [[status-link]] en [[x]]", actor=SYSTEM,
                            now=clock.now_utc())
    [reopened] = [m for m in smtp.received if m["To"] == "avg@politie.test"
                  and "heropend" in m["Subject"]]
    body = text_of(reopened)
    assert "Zie [[status-link]] en [[x]]" in body and "/status/" not in body
    assert _links(db_session, dsr.id) == links_before  # no link was minted for anyone


def test_people_text_in_a_requester_mail_cannot_form_a_marker() -> None:
    assert "[[" not in literal("Naam [[status-link]]") and "]]" not in literal("a]]")
    assert literal("Jansen [x]").replace("\u2060", "") == "Jansen [x]"


def test_a_marker_is_refused_in_a_mail_to_anyone_but_the_requester(
        db_session: sa.orm.Session) -> None:
    dsr = make_request(email=REQUESTER)
    with pytest.raises(ValueError, match="requester"):
        with unit_of_work():
            queue_mail(to="avg@politie.test", subject="s", body="[[status-link]]",
                       purpose="task_reopened", dsr_id=dsr.id, expands_markers=True)
