"""The dwangsom after an ingebrekestelling (Awb 4:17–4:18) and the Awb 4:14 notice, through
the services, with the letters' text read from the PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import Flask

from avg_service.access.roles import Role
from avg_service.bezwaar import dwangsom
from avg_service.bezwaar.models import RulingStatus
from avg_service.db import unit_of_work
from avg_service.decisions import services as decisions
from avg_service.errors import DomainError
from avg_service.extensions import db
from avg_service.requests import services as requests
from avg_service.letters.models import Letter
from tests.bezwaar.helpers import notified_besluit, pdf_text
from tests.decisions.test_pages_and_api import _as_actor, _prepared, at
from tests.factories import make_user


def test_4_18_the_dwangsom_is_fixed_through_four_eyes_with_days_and_amount(
        app: Flask, db_session: sa.orm.Session) -> None:
    # Term ends Thu 2 Apr 2026; ingebrekestelling Wed 8 Apr → first day Wed 22 Apr (R11);
    # the besluit is sent Thu 7 May, so the dwangsom ran 22 Apr..6 May: 15 days, € 357.
    dsr_id, _, _, _ = notified_besluit("2026-05-07")
    contact = _as_actor(make_user(Role.CONTACTPUNT))
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        assert dsr.due_on == date(2026, 4, 2)
        notice = decisions.register_default_notice(dsr, received_on=date(2026, 4, 8),
                                                   actor=contact, now=at("2026-04-08"))
        notice_id = notice.id
    a, b = make_user(Role.JURIST), make_user(Role.JURIST, display_name="mr. B. Tweede")
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        fixing = dwangsom.draft_fixing(dsr, dwangsom.get_notice(dsr, notice_id), owed=True,
                                       reason=None, actor=_as_actor(a), now=at("2026-05-11"))
        assert (fixing.first_day, fixing.last_day, fixing.days, fixing.amount) == (
            date(2026, 4, 22), date(2026, 5, 6), 15, Decimal(357))
        assert fixing.due_by == date(2026, 5, 20)  # 4:18: two weeks after the last day
        dwangsom.submit_fixing(dwangsom.get_notice(dsr, notice_id), actor=_as_actor(a),
                               now=at("2026-05-11"))
    with pytest.raises(DomainError, match="tweede jurist"):
        with unit_of_work():
            dsr = requests.get_request(dsr_id)
            dwangsom.approve_fixing(dwangsom.get_notice(dsr, notice_id), actor=_as_actor(a),
                                    now=at("2026-05-12"))
    with unit_of_work():
        dsr = requests.get_request(dsr_id)
        notice = dwangsom.get_notice(dsr, notice_id)
        dwangsom.approve_fixing(notice, actor=_as_actor(b), now=at("2026-05-12"))
        letter = dwangsom.notify_fixing(notice, sent_on=date(2026, 5, 12), actor=contact,
                                        now=at("2026-05-12"))
        letter_id = letter.id
        assert dwangsom.fixing_of(notice).status_enum is RulingStatus.NOTIFIED
    text = pdf_text(db.session.get(Letter, letter_id))
    for expected in ("Besluit over de dwangsom", "woensdag 8 april 2026", "donderdag 2 april 2026",
                     "€ 357,00", "15 dagen", "woensdag 22 april 2026", "woensdag 6 mei 2026",
                     "14 dagen van € 23: € 322,00", "1 dag van € 35: € 35,00",
                     "artikel 4:17 lid 2 Awb", "artikel 4:18 Awb", "artikel 4:87 Awb",
                     "artikel 4:19 Awb", "bezwaar maken", "zes weken", "namens dezen",
                     "mr. B. Tweede"):
        assert expected in text, expected


def test_no_vaststelling_while_the_dwangsom_runs_and_none_owed_needs_a_reason(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr, _ = _prepared("2026-03-02")
    contact, jurist = _as_actor(make_user(Role.CONTACTPUNT)), _as_actor(make_user(Role.JURIST))
    with unit_of_work():
        notice = decisions.register_default_notice(
            requests.get_request(dsr.id), received_on=date(2026, 4, 8),
            actor=contact, now=at("2026-04-08"))
    with pytest.raises(DomainError, match="loopt nog"):
        with unit_of_work():
            d = requests.get_request(dsr.id)
            dwangsom.draft_fixing(d, dwangsom.get_notice(d, notice.id), owed=True, reason=None,
                                  actor=jurist, now=at("2026-05-01"))
    with pytest.raises(DomainError, match="reden"):
        with unit_of_work():
            d = requests.get_request(dsr.id)
            dwangsom.draft_fixing(d, dwangsom.get_notice(d, notice.id), owed=False, reason="",
                                  actor=jurist, now=at("2026-06-10"))
    with unit_of_work():
        d = requests.get_request(dsr.id)
        fixing = dwangsom.draft_fixing(d, dwangsom.get_notice(d, notice.id), owed=False,
                                       reason="Het verzoek was kennelijk niet-ontvankelijk.",
                                       actor=jurist, now=at("2026-06-10"))
        assert (fixing.days, fixing.amount, fixing.last_day) == (0, 0, date(2026, 6, 2))


def test_4_14_the_notice_names_the_expected_date_and_does_not_extend_the_term(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr, _ = _prepared("2026-03-02")
    contact = _as_actor(make_user(Role.CONTACTPUNT))
    with pytest.raises(DomainError, match="binnen de termijn"):
        with unit_of_work():
            dwangsom.send_late_notice(requests.get_request(dsr.id),
                                      expected_on=date(2026, 4, 1), reason="Druk.",
                                      actor=contact, now=at("2026-03-30"))
    with unit_of_work():
        late = dwangsom.send_late_notice(
            requests.get_request(dsr.id), expected_on=date(2026, 4, 24),
            reason="Twee deelnemers hebben nog niet geantwoord.", actor=contact,
            now=at("2026-03-30"))
        letter_id = late.letter_id
    text = pdf_text(db.session.get(Letter, letter_id))
    for expected in ("Wij kunnen niet op tijd op uw verzoek beslissen", "donderdag 2 april 2026",
                     "vrijdag 24 april 2026", "artikel 4:14 Awb", "Twee deelnemers",
                     "verlengt de termijn niet", "artikel 4:17 Awb", "dwangsom verschuldigd",
                     "geen besluit"):
        assert expected in text, expected
