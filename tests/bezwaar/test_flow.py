"""The bezwaar phase through its services, with the text of every letter read from the PDF:
a bezwaar without grounds, herstel verzuim (7:10(2) suspends), grounds received, the hearing
and its verslag, a deferral, the beslissing op bezwaar partly gegrond through four eyes (the
drafter, a co-author and the one who took the besluit cannot approve) and the new besluit."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask

from avg_service import deadlines as law
from avg_service.access.roles import Role
from avg_service.bezwaar import services
from avg_service.bezwaar.models import BezwaarStatus
from avg_service.bezwaar.rules import BezwaarOutcome, Defect
from avg_service.db import unit_of_work
from avg_service.decisions.catalogue import Outcome
from avg_service.errors import DomainError
from avg_service.extensions import db
from tests.bezwaar.helpers import PDF, letter_text, notified_besluit, register
from tests.decisions.test_pages_and_api import _as_actor, at
from tests.factories import make_user

PARTS = [
    services.RulingPart("15", BezwaarOutcome.WELL_FOUNDED,
                        "De politie heeft het onderzoek afgesloten; de grond van artikel 41 "
                        "lid 1 onder d UAVG is vervallen.", Outcome.GRANTED, (),
                        "U krijgt alle gegevens van de politie alsnog."),
    services.RulingPart("17", BezwaarOutcome.UNFOUNDED,
                        "De gegevens zijn nog nodig voor de lopende aanpak; artikel 17 lid 3 "
                        "onder b AVG blijft gelden."),
]


def _b(bezwaar_id: int):  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return services.get_bezwaar(bezwaar_id)


def test_the_whole_bezwaar_phase_with_every_letter(app: Flask, db_session: sa.orm.Session
                                                   ) -> None:
    dsr_id, decision_id, drafter, approver = notified_besluit("2026-03-16")
    bezwaar_id = register(decision_id, day="2026-04-02", grounds=None,
                          defects=[Defect.SIGNATURE])
    bezwaar = _b(bezwaar_id)
    assert bezwaar.on_time and bezwaar.period_end == date(2026, 4, 28)
    assert bezwaar.decision_due_on == date(2026, 6, 9)  # C31
    assert set(bezwaar.defect_list) == {Defect.GROUNDS, Defect.SIGNATURE}

    text = letter_text("bezwaar_ontvangst", bezwaar_id)
    for expected in ("Bevestiging van ontvangst van uw bezwaarschrift", "donderdag 2 april 2026",
                     "artikel 6:14 lid 1 Awb", "dinsdag 28 april 2026", "op tijd",
                     "dinsdag 9 juni 2026", "artikel 7:10 lid 1 Awb", "artikel 7:2 Awb",
                     "de redenen waarom u het niet eens bent", "uw handtekening",
                     "laten weten dat u bezwaar heeft gemaakt", "Politie",
                     "geen beslissing op uw bezwaar", bezwaar.kenmerk):
        assert expected in text, expected

    jurist = _as_actor(drafter)
    with unit_of_work():
        services.request_repair(_b(bezwaar_id), defects=[Defect.GROUNDS, Defect.SIGNATURE],
                                term_until=date(2026, 4, 20), actor=jurist,
                                now=at("2026-04-06"))
    bezwaar = _b(bezwaar_id)
    assert bezwaar.status_enum is BezwaarStatus.AWAITING_REPAIR
    assert bezwaar.suspended_days == 13 and bezwaar.decision_due_on == date(2026, 6, 22)
    text = letter_text("bezwaar_herstel", bezwaar_id)
    for expected in ("Uw bezwaarschrift is niet compleet", "artikel 6:5 Awb",
                     "maandag 20 april 2026", "niet-ontvankelijk", "artikel 6:6 Awb",
                     "dinsdag 7 april 2026", "artikel 7:10 lid 2 Awb", "uw handtekening",
                     "in uw eigen woorden"):
        assert expected in text, expected

    with pytest.raises(DomainError, match="gronden"):
        with unit_of_work():
            services.record_repair(_b(bezwaar_id), repaired_on=date(2026, 4, 10), grounds="",
                                   actor=jurist, now=at("2026-04-10"))
    with unit_of_work():
        services.record_repair(_b(bezwaar_id), repaired_on=date(2026, 4, 10),
                               grounds="De politie heeft haar onderzoek al afgerond.",
                               actor=jurist, now=at("2026-04-10"))
    bezwaar = _b(bezwaar_id)
    assert bezwaar.status_enum is BezwaarStatus.IN_PROGRESS and bezwaar.defect_list == []
    # 7..9 April suspended: 3 days → Tue 9 Jun + 3 = Fri 12 Jun 2026.
    assert bezwaar.suspended_days == 3 and bezwaar.decision_due_on == date(2026, 6, 12)

    hearer = make_user(Role.JURIST, display_name="A. Onafhankelijk")
    with pytest.raises(DomainError, match="7:5"):
        with unit_of_work():
            services.invite_to_hearing(_b(bezwaar_id), hearing_at=at("2026-04-28", "14:00"),
                                       place="Stadhuis", hearer_id=approver.id,
                                       documents_from=date(2026, 4, 17),
                                       documents_place="Stadhuis", actor=jurist,
                                       now=at("2026-04-14"))
    with unit_of_work():
        hearing = services.invite_to_hearing(
            _b(bezwaar_id), hearing_at=at("2026-04-28", "14:00"),
            place="Stadhuis Voorbeeldstad, kamer 2.14\nMarkt 1, Voorbeeldstad",
            hearer_id=hearer.id, documents_from=date(2026, 4, 17),
            documents_place="Stadhuis Voorbeeldstad, balie Publiekszaken", actor=jurist,
            now=at("2026-04-14"))
        hearing_id = hearing.id
    text = letter_text("bezwaar_hoorzitting", bezwaar_id)
    for expected in ("Uitnodiging voor de hoorzitting", "artikel 7:2 Awb", "dinsdag 28 april 2026",
                     "14:00 uur", "kamer 2.14", "A. Onafhankelijk", "artikel 7:5 lid 1 Awb",
                     "vrijdag 17 april 2026", "artikel 7:4 lid 2 en 3 Awb", "balie Publiekszaken",
                     "zaterdag 18 april 2026", "artikel 7:4 lid 1 Awb", "iemand meenemen",
                     "artikel 7:4 lid 4 Awb", "artikel 7:3 onder c Awb"):
        assert expected in text.replace("Iemand meenemen", "iemand meenemen"), expected

    with unit_of_work():
        services.record_hearing_report(db.session.get(services.BezwaarHearing, hearing_id),
                                       report=services.Upload("verslag.pdf", PDF),
                                       summary="Betrokkene lichtte toe dat het onderzoek "
                                       "is afgesloten.", actor=jurist, now=at("2026-04-29"))
    with unit_of_work():
        services.defer(_b(bezwaar_id), weeks=6, reason="Wij wachten op het standpunt van de "
                       "politie over het afgesloten onderzoek.", actor=jurist,
                       now=at("2026-05-04"))
    bezwaar = _b(bezwaar_id)
    assert bezwaar.decision_due_on == date(2026, 7, 24)  # Fri 12 Jun + 6 weeks
    text = letter_text("bezwaar_verdaging", bezwaar_id)
    for expected in ("vrijdag 12 juni 2026", "vrijdag 24 juli 2026", "6 weken",
                     "artikel 7:10 lid 3 Awb", "standpunt van de politie",
                     "artikel 7:10 lid 4 Awb"):
        assert expected in text, expected
    with pytest.raises(DomainError, match="al verdaagd"):
        with unit_of_work():
            services.defer(_b(bezwaar_id), weeks=2, reason="Nog eens.", actor=jurist,
                           now=at("2026-05-05"))

    co_author = make_user(Role.JURIST)
    with unit_of_work():
        services.save_ruling(_b(bezwaar_id), PARTS, history_note=None, actor=jurist,
                             now=at("2026-05-11"))
    with unit_of_work():
        services.save_ruling(_b(bezwaar_id), PARTS, history_note=None,
                             actor=_as_actor(co_author), now=at("2026-05-11"))
    with unit_of_work():
        services.submit_ruling(_b(bezwaar_id), actor=jurist, now=at("2026-05-11"))
    for who, message in ((drafter, "tweede jurist"), (co_author, "tweede jurist"),
                         (approver, "10:3")):
        with pytest.raises(DomainError, match=message):
            with unit_of_work():
                services.approve_ruling(_b(bezwaar_id), actor=_as_actor(who),
                                        now=at("2026-05-12"))
    second = make_user(Role.JURIST, display_name="B. Tweede")
    with unit_of_work():
        services.approve_ruling(_b(bezwaar_id), actor=_as_actor(second), now=at("2026-05-12"))
    contact = _as_actor(make_user(Role.CONTACTPUNT))
    with time_machine.travel(at("2026-05-13"), tick=False), unit_of_work():
        services.notify_ruling(_b(bezwaar_id), sent_on=date(2026, 5, 13), actor=contact,
                               now=at("2026-05-13"))
    bezwaar = _b(bezwaar_id)
    assert bezwaar.status_enum is BezwaarStatus.DECIDED and not bezwaar.is_open
    text = letter_text("beslissing_op_bezwaar", bezwaar_id)
    appeal_end = law.format_date_nl(law.objection_period_end(date(2026, 5, 13)))
    for expected in ("Beslissing op uw bezwaar", "woensdag 13 mei 2026",
                     "gedeeltelijk gegrond", "artikel 7:11 Awb", "Het bezwaar over inzage is gegrond",
                     "Het bezwaar over verwijdering is ongegrond", "Wij herroepen ons besluit",
                     "artikel 7:11 lid 2 Awb", "Wij wijzen uw verzoek om inzage (artikel 15 AVG) toe.",
                     "U krijgt alle gegevens van de politie alsnog.", "blijft ons besluit",
                     "onderzoek afgesloten", "artikel 17 lid 3 onder b AVG blijft gelden",
                     "A. Onafhankelijk", "artikel 7:5 Awb", "artikel 7:7 Awb", "artikel 6:6 Awb",
                     "artikel 7:10 lid 3 Awb", "Rechtbank Voorbeeldstad", "Team bestuursrecht",
                     "Postbus 90", "artikel 8:1 Awb", "artikel 8:7 Awb", "zes weken",
                     appeal_end, "griffierecht", "artikel 8:41 Awb", "artikel 36 UAVG",
                     "namens dezen", "B. Tweede"):
        assert expected in text, expected


def test_a_gemachtigde_without_machtiging_gets_the_letters_with_the_persons_name(
        app: Flask, db_session: sa.orm.Session) -> None:
    _, decision_id, _, _ = notified_besluit("2026-03-16")
    bezwaar_id = register(decision_id, grounds="Het besluit klopt niet.",
                          representative=services.Representative(
                              "mr. K. Jansen", "Herengracht 1\n1015 BA Amsterdam"))
    bezwaar = _b(bezwaar_id)
    assert bezwaar.defect_list == [Defect.AUTHORISATION]
    text = letter_text("bezwaar_ontvangst", bezwaar_id)
    assert "mr. K. Jansen inzake " + bezwaar.dsr.full_name in text
    assert "Herengracht 1" in text and "Geachte mr. K. Jansen" in text
    assert "artikel 6:17 Awb" in text and "schriftelijke machtiging" in text


def test_a_lawyer_needs_no_machtiging_and_a_late_bezwaar_says_6_11(
        app: Flask, db_session: sa.orm.Session) -> None:
    _, decision_id, _, _ = notified_besluit("2026-03-16")
    bezwaar_id = register(decision_id, day="2026-04-30", grounds="Onjuist.",
                          representative=services.Representative("mr. A. Advocaat",
                                                                 "Postbus 5", is_lawyer=True))
    bezwaar = _b(bezwaar_id)
    assert bezwaar.defect_list == [] and not bezwaar.on_time
    text = letter_text("bezwaar_ontvangst", bezwaar_id)
    assert "artikel 6:11 Awb" in text and "dinsdag 28 april 2026" in text
    jurist = _as_actor(make_user(Role.JURIST))
    with unit_of_work():
        services.waive_hearing(_b(bezwaar_id), waiver=services.rules.HearingWaiver.INADMISSIBLE,
                               reason="Ruim na de termijn, zonder reden.", actor=jurist,
                               now=at("2026-05-04"))
        services.save_ruling(_b(bezwaar_id), PARTS, history_note=None, actor=jurist,
                             now=at("2026-05-04"))
    with pytest.raises(DomainError, match="6:11"):
        with unit_of_work():
            services.submit_ruling(_b(bezwaar_id), actor=jurist, now=at("2026-05-04"))
    with unit_of_work():
        services.judge_lateness(_b(bezwaar_id), excusable=False, reason="Geen reden gegeven.",
                                actor=jurist, now=at("2026-05-04"))
    with pytest.raises(DomainError, match="niet-ontvankelijk"):
        with unit_of_work():
            services.submit_ruling(_b(bezwaar_id), actor=jurist, now=at("2026-05-04"))


def test_a_late_bezwaar_not_excused_is_niet_ontvankelijk_without_heroverweging(
        app: Flask, db_session: sa.orm.Session) -> None:
    _, decision_id, _, _ = notified_besluit("2026-03-16")
    bezwaar_id = register(decision_id, day="2026-05-06", grounds="Onjuist.")
    a, b = _as_actor(make_user(Role.JURIST)), _as_actor(make_user(Role.JURIST))
    late = [services.RulingPart(r, BezwaarOutcome.INADMISSIBLE,
                                "Het bezwaarschrift kwam acht dagen na het einde van de termijn "
                                "binnen; u gaf geen reden.") for r in ("15", "17")]
    with unit_of_work():
        services.judge_lateness(_b(bezwaar_id), excusable=False, reason="Geen reden gegeven.",
                                actor=a, now=at("2026-05-07"))
        services.waive_hearing(_b(bezwaar_id), waiver=services.rules.HearingWaiver.INADMISSIBLE,
                               reason="Kennelijk te laat.", actor=a, now=at("2026-05-07"))
        services.save_ruling(_b(bezwaar_id), late, history_note=None, actor=a,
                             now=at("2026-05-07"))
        services.submit_ruling(_b(bezwaar_id), actor=a, now=at("2026-05-07"))
    with unit_of_work():
        services.approve_ruling(_b(bezwaar_id), actor=b, now=at("2026-05-08"))
        services.notify_ruling(_b(bezwaar_id), sent_on=date(2026, 5, 8), actor=b,
                               now=at("2026-05-08"))
    text = letter_text("beslissing_op_bezwaar", bezwaar_id)
    for expected in ("Wij verklaren het bezwaar niet-ontvankelijk", "niet inhoudelijk",
                     "na het einde van de bezwaartermijn", "niet verschoonbaar",
                     "artikel 6:11 Awb", "kennelijk niet-ontvankelijk (Awb 7:3 onder a)"):
        assert expected in text, expected
    assert "Wij herroepen" not in text and "opnieuw bekeken" not in text
