"""The dagtekening is the day of sending (issue 14): approval fixes the content; the PDF is
rendered when the sending is recorded, dated that day, with the bezwaartermijn from it. A later
day renders a new version; the earlier one is kept, void and unchanged. Paper besluiten wait in
the post queue until staff mark them posted."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from pypdf import PdfReader

from avg_service import deadlines as law
from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.decisions import services
from avg_service.extensions import db
from avg_service.letters.models import Letter
from tests.decisions.test_pages_and_api import (  # noqa: F401 (the autouse fixture)
    _answer,
    _as_actor,
    _browser,
    _decision,
    _draft,
    _post,
    _prepared,
    _request_scoped_clients,
    at,
)
from tests.factories import make_user


def _approved(day: str = "2026-03-09") -> tuple[int, int]:
    """A besluit approved on ``day``; returns (dsr id, decision id)."""
    dsr, task_id = _prepared("2026-03-02")
    _answer(task_id, "2026-03-05")
    drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
    decision_id = _draft(dsr.id, drafter, "2026-03-06")
    with unit_of_work():
        services.submit_for_approval(services.get_decision(decision_id),
                                     actor=_as_actor(drafter), now=at("2026-03-06"))
    with unit_of_work():
        services.approve(services.get_decision(decision_id), actor=_as_actor(second),
                         now=at(day))
    return dsr.id, decision_id


def _text(letter: Letter) -> str:
    assert letter.pdf is not None
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.pdf)).pages)


def test_sent_a_day_after_approval_the_pdf_is_dated_that_day(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-09"), tick=False):
        dsr_id, decision_id = _approved("2026-03-09")
    contact = _as_actor(make_user(Role.CONTACTPUNT))
    with time_machine.travel(at("2026-03-10", "11:00"), tick=False), unit_of_work():
        services.notify(services.get_decision(decision_id), sent_on=date(2026, 3, 10),
                        channel="hand", actor=contact, now=at("2026-03-10", "11:00"))
    decision = _decision(decision_id)
    end = law.objection_period_end(date(2026, 3, 10))
    assert (decision.besluitdatum, decision.verzenddatum, decision.uiterlijke_reactiedatum) == \
        (date(2026, 3, 9), date(2026, 3, 10), end)
    letter = db.session.get(Letter, decision.letter_id)
    assert letter is not None and letter.dated_on == date(2026, 3, 10)
    text = " ".join(_text(letter).split())
    assert "dinsdag 10 maart 2026" in text  # the dagtekening
    assert law.format_date_nl(end) in text  # the bezwaartermijn from the day of sending
    assert law.format_date_nl(law.objection_period_end(date(2026, 3, 9))) not in text


def test_the_post_queue_prints_on_the_day_of_posting_and_keeps_the_earlier_version_void(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-09"), tick=False):
        dsr_id, decision_id = _approved("2026-03-09")
        staff = make_user(Role.CONTACTPUNT)
        browser = _browser(app, staff)
        path = f"/verzoeken/{dsr_id}/besluit"
        assert _post(browser, f"{path}/post", {}, page=path).status_code == 303
        queue = browser.get("/besluiten/te-versturen").get_data(as_text=True)
        assert path in queue and "maandag 9 maart 2026" in queue
        first = db.session.get(Letter, _decision(decision_id).letter_id)
        assert first is not None and first.dated_on == date(2026, 3, 9) and first.sha256
        first_sha, first_pdf = first.sha256, first.pdf

    with time_machine.travel(at("2026-03-10"), tick=False):
        browser = _browser(app, staff)  # the next working day: a new session
        queue = browser.get("/besluiten/te-versturen").get_data(as_text=True)
        assert "niet van vandaag" in queue
        printed = _post(browser, f"{path}/printen", {}, page="/besluiten/te-versturen")
        assert printed.status_code == 303
        second = db.session.get(Letter, _decision(decision_id).letter_id)
        assert second is not None and second.id != first.id
        assert second.dated_on == date(2026, 3, 10)
        assert printed.headers["Location"].endswith(f"/brieven/{second.id}.pdf")
        assert _post(browser, f"{path}/bekendmaking", {"sent_on": "2026-03-10",
                                                       "channel": "post"},
                     page=path).status_code == 303
        decision = _decision(decision_id)
        assert (decision.status, decision.verzenddatum, decision.letter_id) == \
            ("notified", date(2026, 3, 10), second.id)
        db.session.expire_all()
        old = db.session.get(Letter, first.id)
        assert old is not None and old.void_at is not None and "10 maart" in old.void_reason
        assert (old.sha256, old.pdf) == (first_sha, first_pdf)  # never changed
        page = browser.get(path).get_data(as_text=True)
        assert "vervallen" in page and "Staat klaar voor de post" not in page
        assert path not in browser.get("/besluiten/te-versturen").get_data(as_text=True)


def test_a_letter_cannot_be_sent_before_its_date(app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-09"), tick=False):
        _dsr_id, decision_id = _approved("2026-03-09")
    contact = _as_actor(make_user(Role.CONTACTPUNT))
    with time_machine.travel(at("2026-03-10"), tick=False):
        with unit_of_work():
            services.queue_for_post(services.get_decision(decision_id), actor=contact,
                                    now=at("2026-03-10"))
        with pytest.raises(services.DecisionRefused, match="niet eerder"), unit_of_work():
            services.notify(services.get_decision(decision_id), sent_on=date(2026, 3, 9),
                            channel="post", actor=contact, now=at("2026-03-10"))
