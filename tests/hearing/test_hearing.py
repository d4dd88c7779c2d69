"""Hearing before the besluit (Awb 4:7, 4:8) through the pages and services, with a fixed clock:
the invitation is shown with its letter first and made only when confirmed, the third party's
letter goes to that person and never names the requester nor reaches the status page, the term
is internal (the deadline view shows it; the due date does not move), the besluit waits for the
term and the weighing and its verloop reports the hearing without naming the third party; an
exception is recorded with its reason instead."""

from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
import time_machine
from flask import Flask
from pypdf import PdfReader

from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.hearing import services as hearing
from avg_service.hearing.models import Hearing
from avg_service.letters.models import Letter
from avg_service.mail.models import OutboxMessage
from avg_service.portal.services import REQUESTER_LETTERS, STAFF_ONLY_DOCUMENTS
from avg_service.requests import services as requests
from avg_service.requests.lifecycle import Representation
from avg_service.requests.presentation import deadline_rows
from tests.decisions.test_pages_and_api import (  # noqa: F401 (the autouse fixture)
    _as_actor,
    _browser,
    _post,
    _request_scoped_clients,
    at,
)
from tests.factories import make_request, make_user

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _text(letter_id: int | None) -> str:
    db.session.expire_all()
    letter = db.session.get(Letter, letter_id)
    assert letter is not None and letter.pdf is not None
    return " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(letter.pdf)).pages).split())


def _third_party_form(**overrides: str) -> dict[str, str]:
    return {"name": "P. Jansen", "street_address": "Kerkstraat 8", "postcode": "1234 ac",
            "city": "Voorbeeldstad",
            "regarding": "Uw naam en uw verklaring van 14 mei 2024 over een ruzie in de "
                         "Kerkstraat, zoals de politie die heeft vastgelegd.",
            "sent_on": "2026-03-16", "term_until": "2026-03-30", **overrides}


def test_a_third_party_is_heard_before_the_copy(app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-16"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           given_names="Karin", family_name="Smit", email="karin@example.test",
                           representation=Representation.AUTHORISED,
                           represented_name="Hans de Wit")
        jurist = make_user(Role.JURIST)
        mine = _browser(app, jurist)
        path = f"/verzoeken/{dsr.id}/horen"
        assert "Horen voor het besluit" in mine.get(path).get_data(as_text=True)
        # wrong: no address; then right, shown first and nothing made
        wrong = _post(mine, f"{path}/uitnodigen/derde", _third_party_form(street_address=""),
                      page=path)
        assert wrong.status_code == 422
        shown = _post(mine, f"{path}/uitnodigen/derde", _third_party_form(), page=path)
        page = shown.get_data(as_text=True)
        assert shown.status_code == 200 and "Nog niets gedaan." in page
        assert "P. Jansen" in page and "Karin Smit" not in page and "Hans de Wit" not in page
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Hearing)) == 0
        done = _post(mine, f"{path}/uitnodigen/derde", {**_third_party_form(), "bevestigd": "ja"},
                     page=path)
        assert done.status_code == 303
        db.session.expire_all()
        [heard] = hearing.hearings_of(requests.get_request(dsr.id))
        assert heard.postcode == "1234 AC" and heard.letter_id is not None
        letter = db.session.get(Letter, heard.letter_id)
        assert letter is not None and letter.kind == "zienswijze_derde"
        assert letter.kind not in REQUESTER_LETTERS  # never on the requester's status page
        assert letter.kenmerk == f"{dsr.reference}-Z1"
        text = _text(heard.letter_id)
        # 4:8 and 4:9: who, on what, until when, how; why (15(4), 41(1)(i)); not a besluit
        assert "P. Jansen Kerkstraat 8 1234 AC Voorbeeldstad" in text
        assert "Geachte P. Jansen," in text
        assert "uw verklaring van 14 mei 2024 over een ruzie in de Kerkstraat" in text
        assert "uiterlijk op maandag 30 maart 2026" in text
        assert "artikel 4:8 Awb" in text and "artikel 4:9 Awb" in text
        assert "artikel 15 lid 4 AVG" in text and "artikel 41 lid 1 onder i UAVG" in text
        assert "Wie het verzoek heeft gedaan, vermelden wij niet." in text
        assert "Deze brief is geen besluit." in text
        for requester_data in ("Karin", "Smit", "Hans de Wit", "Dorpsstraat", "Betreft"):
            assert requester_data not in text
        # the term is internal: shown, and the statutory date does not move
        dsr = requests.get_request(dsr.id)
        assert dsr.due_on == date(2026, 4, 2)
        row = next(r for r in deadline_rows(dsr) if r.key.startswith("hearing_"))
        assert row.value == date(2026, 3, 30) and "Interne termijn" in row.explanation
        assert hearing.open_points(dsr, today=date(2026, 3, 20)) == [
            "De derde (P. Jansen): De termijn voor de zienswijze loopt nog tot en met maandag "
            "30 maart 2026."]

    with time_machine.travel(at("2026-03-25"), tick=False):
        contact = _browser(app, make_user(Role.CONTACTPUNT))
        mine = _browser(app, jurist)  # a new day, a new log-in
        empty = _post(contact, f"{path}/{heard.id}/zienswijze", {"answered_on": "2026-03-25"},
                      page=path)
        assert empty.status_code == 422 and "Awb 4:9" in empty.get_data(as_text=True)
        answered = contact.post(f"{path}/{heard.id}/zienswijze", data={
            "csrf_token": _csrf(contact, path), "answered_on": "2026-03-25",
            "summary": "Bezwaar tegen naam en adres.",
            "file": (io.BytesIO(PDF), "zienswijze-jansen.pdf")},
            content_type="multipart/form-data")
        assert answered.status_code == 303
        db.session.expire_all()
        heard = db.session.get(Hearing, heard.id)
        assert heard is not None and heard.answer_document is not None
        assert heard.answer_document.kind in STAFF_ONLY_DOCUMENTS  # not on the status page
        weighed = _post(mine, f"{path}/{heard.id}/afweging", {
            "weighing": "Die belanghebbende had bezwaar tegen het verstrekken van naam en "
                        "adres. Wij maken die gegevens in de kopie onleesbaar."}, page=path)
        assert weighed.status_code == 303
        db.session.expire_all()
        dsr = requests.get_request(dsr.id)
        assert hearing.open_points(dsr, today=date(2026, 3, 25)) == []
        [line] = hearing.verloop_lines(hearing.hearings_of(dsr))
    assert line.startswith("Op maandag 16 maart 2026 hebben wij een andere belanghebbende")
    assert "(artikel 4:8 Awb). Die heeft gereageerd. Die belanghebbende had bezwaar" in line
    assert "Jansen" not in line


def _csrf(client, path: str) -> str:  # type: ignore[no-untyped-def]
    from tests.factories import csrf_token

    return csrf_token(client, path)


def test_a_third_party_left_unheard_needs_an_exception_that_fits_and_a_reason(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-16"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"))
        actor = _as_actor(make_user(Role.JURIST))
        contact = _as_actor(make_user(Role.CONTACTPUNT))
        now = at("2026-03-16")
        with unit_of_work():
            request = requests.get_request(dsr.id)
            for kwargs, field in (
                    ({"exception": "4_7_2", "reason": "x", "name": "Buurman"}, "exception"),
                    ({"exception": "4_11_a", "reason": " ", "name": "Buurman"}, "reason"),
                    ({"exception": "onbereikbaar", "reason": "x", "name": ""}, "name")):
                try:
                    hearing.record_exception(request, kind="4_8", regarding="Zijn naam.",
                                             actor=actor, now=now, **kwargs)
                except hearing.HearingRefused as refused:
                    assert refused.errors is not None and field in refused.errors
                else:
                    raise AssertionError(kwargs)
            try:
                hearing.record_exception(request, kind="4_8", exception="4_11_a", reason="x",
                                         regarding="y", name="z", actor=contact, now=now)
            except hearing.HearingRefused as refused:
                assert "jurist" in refused.message
            hearing.record_exception(request, kind="4_8", exception="onbereikbaar",
                                     reason="Geen adres bekend; de BRP noemt de buurman niet.",
                                     regarding="Zijn naam in het verslag.", name="Buurman",
                                     actor=actor, now=now)
        dsr = requests.get_request(dsr.id)
        [heard] = hearing.hearings_of(dsr)
        assert heard.letter_id is None and heard.sent_on is None
        assert hearing.open_points(dsr, today=date(2026, 3, 16)) == []  # nothing to wait for
        assert not [r for r in deadline_rows(dsr) if r.key.startswith("hearing_")]
        assert hearing.verloop_lines([heard]) == [
            "Een andere belanghebbende hebben wij niet kunnen horen, omdat wij die niet "
            "redelijkerwijs konden bereiken. Wij hebben de belangen van die persoon zelf "
            "gewogen."]
        assert dsr.events[-1].kind == "hearing_excepted"


def test_the_applicant_is_heard_before_a_refusal(app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-16"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           rights=["17"], email="jan@example.test")
        actor = _as_actor(make_user(Role.JURIST))
        with unit_of_work():
            heard = hearing.invite_applicant(
                requests.get_request(dsr.id),
                regarding="Wij zijn van plan uw verzoek om verwijdering af te wijzen: de politie "
                          "heeft de melding nodig voor een lopend onderzoek.",
                sent_on=date(2026, 3, 16), term_until=date(2026, 3, 30), actor=actor,
                now=at("2026-03-16"))
        letter_id = heard.letter_id
        text = _text(letter_id)
        mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.dsr_id == dsr.id,
                                                                OutboxMessage.purpose == "hearing"))
    assert db.session.get(Letter, letter_id).kind in REQUESTER_LETTERS  # type: ignore[union-attr]
    assert "Geachte Jan" in text and "verzoek om verwijdering ontvangen" in text
    assert "de politie heeft de melding nodig voor een lopend onderzoek" in text
    assert "zienswijze (artikel 4:7 Awb)" in text and "artikel 4:9 Awb" in text
    assert "uiterlijk op maandag 30 maart 2026" in text
    assert "De termijn voor ons besluit loopt intussen door." in text
    assert "uiterlijk op donderdag 2 april 2026" in text  # the due date, not moved
    assert "Deze brief is nog geen besluit." in text
    assert mail is not None and "maandag 30 maart 2026" in mail.body_text
    assert hearing.verloop_lines([heard])[0].endswith("Wij hebben geen reactie van u ontvangen.")


def test_the_besluit_waits_for_the_term_and_the_weighing_then_reports_it(
        app: Flask, db_session: sa.orm.Session) -> None:
    from avg_service.decisions import services as decisions
    from tests.decisions.test_kinds import FACTS

    with time_machine.travel(at("2026-03-04"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           rights=["15"])
        actor = _as_actor(make_user(Role.JURIST))
        now = at("2026-03-04")
        with unit_of_work():
            heard = hearing.invite_applicant(
                requests.get_request(dsr.id), regarding="Wij zijn van plan geen gevolg te geven "
                "aan uw verzoek: u heeft het elke week opnieuw gedaan.", sent_on=date(2026, 3, 4),
                term_until=date(2026, 3, 18), actor=actor, now=now)
            decision = decisions.draft_refusal_12_5(requests.get_request(dsr.id),
                                                    ground="12-5-buitensporig", reason=FACTS,
                                                    actor=actor, now=now)
        with unit_of_work():
            try:
                decisions.submit_for_approval(decisions.get_decision(decision.id), actor=actor,
                                              now=now)
            except decisions.DecisionRefused as refused:
                assert "Het horen is nog niet af" in refused.message
                assert "loopt nog tot en met woensdag 18 maart 2026" in refused.message
            else:
                raise AssertionError("submitted while the term runs")
        with unit_of_work():
            try:
                hearing.record_weighing(requests.get_request(dsr.id), heard, weighing="x",
                                        actor=actor, now=now)
            except hearing.HearingRefused as refused:
                assert "loopt nog" in refused.message
    with time_machine.travel(at("2026-03-19"), tick=False):
        now = at("2026-03-19")
        with unit_of_work():
            heard = db.session.get(Hearing, heard.id)
            assert heard is not None
            hearing.record_weighing(requests.get_request(dsr.id), heard, weighing=(
                "U heeft niet gereageerd. Dat verandert ons oordeel niet."), actor=actor, now=now)
            decisions.submit_for_approval(decisions.get_decision(decision.id), actor=actor,
                                          now=now)
        assert decisions.get_decision(decision.id).status == "awaiting_approval"


def test_destroying_the_file_blanks_the_hearing_and_the_checks(
        app: Flask, db_session: sa.orm.Session) -> None:
    from avg_service.requests import representatives
    from avg_service.retention import services as retention

    with time_machine.travel(at("2026-03-16"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           representation=Representation.AUTHORISED, represented_name="Hans")
        actor = _as_actor(make_user(Role.JURIST))
        now = at("2026-03-16")
        with unit_of_work():
            request = requests.get_request(dsr.id)
            hearing.invite_third_party(request, **{k: v for k, v in _third_party_form().items()
                                                   if k not in ("sent_on", "term_until")},
                                       sent_on=date(2026, 3, 16), term_until=date(2026, 3, 30),
                                       actor=actor, now=now)
            representatives.record_involvement(request, note="Ex-partner in de casus.",
                                               actor=actor, now=now)
            retention._anonymise_request(request, now=now)
        request = requests.get_request(dsr.id)
        [heard] = hearing.hearings_of(request)
    assert heard.name == retention.DESTROYED and heard.street_address is None
    assert "Kerkstraat" not in heard.regarding
    assert request.representative is not None
    assert request.representative.involved_note == retention.DESTROYED
