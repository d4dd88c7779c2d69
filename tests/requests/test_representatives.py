"""Requests made for someone else (UAVG art. 5; Awb 2:1) and about a person who has died
(recital 27), through the real services with a fixed clock: the child's age on the receipt date
decides the path, what was checked is recorded with who and when, the letters name whom they are
about, and the warning when the representative is a party in the casus."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine
from pypdf import PdfReader

from avg_service.access.actor import Actor
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.requests import representatives, services
from avg_service.requests.lifecycle import Representation
from avg_service.requests.models import DataSubjectRequest
from tests.factories import make_request

AMS = ZoneInfo("Europe/Amsterdam")
SYSTEM = Actor.system("cli")
#: Thursday 3 December 2026, 10:00 in Amsterdam.
RECEIVED = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def travel(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def _child_request(born_on: date | None, **fields: object) -> DataSubjectRequest:
    with travel(RECEIVED):
        return make_request(received_at=RECEIVED, given_names="Petra",
                            family_name="Bakker", representation=Representation.PARENT_OR_GUARDIAN,
                            represented_name="Sem Bakker", represented_date_of_birth=born_on,
                            **fields)


def _receipt_text(dsr_id: int) -> str:
    db.session.expire_all()
    letter = db.session.scalar(sa.select(Letter).where(Letter.dsr_id == dsr_id,
                                                       Letter.kind == "ontvangstbevestiging"))
    assert letter is not None
    with travel(RECEIVED), unit_of_work():
        _letter, pdf = services.open_letter(dsr_id, letter.id, actor=SYSTEM, now=RECEIVED)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize(("born_on", "key", "field"), [
    (None, "err.child_date_of_birth", "represented_date_of_birth"),
    (date(2026, 12, 4), "err.child_born_after_receipt", "represented_date_of_birth"),
    (date(2008, 12, 3), "err.child_adult", "representation"),  # 18 on the receipt date
])
def test_a_parent_request_needs_a_childs_date_of_birth_before_the_receipt_and_under_18(
        db_session: sa.orm.Session, born_on: date | None, key: str, field: str) -> None:
    with pytest.raises(services.RequestRefused) as refused:
        _child_request(born_on)
    assert refused.value.errors == {field: [key]}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DataSubjectRequest)
                             .where(DataSubjectRequest.family_name == "Bakker")) == 0


def test_a_fourteen_year_old_the_parent_acts_and_gezag_is_checked(
        db_session: sa.orm.Session) -> None:
    dsr = _child_request(date(2012, 5, 1))
    assert representatives.minor_path(dsr).value == "either"  # amended UAVG 5 applies
    assert any("wie het gezag heeft" in p for p in representatives.open_points(dsr))
    receipt = _receipt_text(dsr.id)
    assert "Betreft Sem Bakker, geboren op 1 mei 2012 (u treedt op als ouder of voogd)" in receipt
    assert "Petra Bakker inzake Sem Bakker" in receipt
    assert "jonger dan 16 jaar" in receipt and "controleren of u het gezag heeft" in receipt
    with travel(RECEIVED), unit_of_work():
        with pytest.raises(services.RequestRefused) as refused:
            representatives.record_gezag(services.get_request(dsr.id), method="verklaring",
                                         holders=2, signed=1, note="", actor=SYSTEM,
                                         now=RECEIVED)
        assert "verklaring" in refused.value.message
    with travel(RECEIVED), unit_of_work():
        representatives.record_gezag(services.get_request(dsr.id), method="gezagsregister",
                                     holders=2, signed=1, note=None, actor=SYSTEM, now=RECEIVED)
    dsr = services.get_request(dsr.id)
    assert dsr.representative is not None and dsr.representative.gezag_checked_at is not None
    assert representatives.open_points(dsr) == (
        "Nog niet iedere ouder met gezag heeft ondertekend (1 van 2); zo is het ingesteld. Vraag "
        "de handtekening van de andere ouder.",)
    assert dsr.events[-1].kind == "gezag_checked"
    assert dsr.events[-1].reason == ("Gezagsregister geraadpleegd; gezag bij 2 personen, 1 "
                                     "ondertekend.")


@pytest.mark.parametrize(("born_on", "path", "phrase"), [
    (date(2010, 12, 3), "child_itself", "16 jaar of ouder"),  # sixteenth birthday on receipt
    (date(2010, 12, 4), "either", "jonger dan 16 jaar"),  # one day short of 16
])
def test_the_birthday_on_the_receipt_date_counts(db_session: sa.orm.Session, born_on: date,
                                                 path: str, phrase: str) -> None:
    dsr = _child_request(born_on)
    assert representatives.minor_path(dsr).value == path
    receipt = _receipt_text(dsr.id)
    assert phrase in receipt
    if path == "child_itself":
        assert "schriftelijke machtiging van Sem Bakker (artikel 2:1 Awb)" in receipt
        assert any("machtiging van het kind" in p for p in representatives.open_points(dsr))


def test_a_gemachtigde_records_document_and_scope_and_the_letter_names_the_person(
        db_session: sa.orm.Session) -> None:
    with travel(RECEIVED):
        dsr = make_request(received_at=RECEIVED, given_names="Karin", family_name="Smit",
                           representation=Representation.AUTHORISED,
                           represented_name="Hans de Wit")
    assert len(representatives.open_points(dsr)) == 2
    receipt = _receipt_text(dsr.id)
    assert "Betreft Hans de Wit (u treedt op als gemachtigde)" in receipt
    assert "de schriftelijke machtiging, ondertekend door de betrokkene" in receipt
    with travel(RECEIVED), unit_of_work():
        with pytest.raises(services.RequestRefused):
            representatives.record_authority(services.get_request(dsr.id), document_id=999999,
                                             scope="Inzage", actor=SYSTEM, now=RECEIVED)
    with travel(RECEIVED), unit_of_work():
        request = services.get_request(dsr.id)
        document = services.add_document(request, services.Upload(
            "authorisation", "machtiging.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
            actor=SYSTEM, now=RECEIVED)
        db.session.flush()
        representatives.record_authority(request, document_id=document.id,
                                         scope="Inzage in alle gegevens bij het ZVH, tot 1-6-2027",
                                         actor=SYSTEM, now=RECEIVED)
    assert representatives.open_points(services.get_request(dsr.id)) == ()
    with travel(RECEIVED), unit_of_work():
        representatives.record_involvement(services.get_request(dsr.id),
                                           note="De casus noemt mevrouw Smit als ex-partner.",
                                           actor=SYSTEM, now=RECEIVED)
    dsr = services.get_request(dsr.id)
    assert dsr.representative is not None and dsr.representative.is_involved
    assert representatives.open_points(dsr)[-1].startswith("Let op: de vertegenwoordiger is zelf")


def test_a_bewindvoerder_is_warned_that_bewind_rarely_covers_care_data(
        db_session: sa.orm.Session) -> None:
    with travel(RECEIVED):
        dsr = make_request(received_at=RECEIVED, representation=Representation.BEWINDVOERDER,
                           represented_name="Ria Bos")
    assert any("Bewind gaat alleen over geld en goederen" in p
               for p in representatives.open_points(dsr))


def test_the_death_of_the_person_is_recorded_with_how_it_was_established(
        db_session: sa.orm.Session) -> None:
    with travel(RECEIVED):
        dsr = make_request(received_at=RECEIVED, representation=Representation.AUTHORISED,
                           represented_name="Gerrit Mulder")
    with travel(RECEIVED), unit_of_work():
        with pytest.raises(services.RequestRefused):
            representatives.record_deceased(services.get_request(dsr.id),
                                            established_by="verklaring", died_on=None, note=" ",
                                            actor=SYSTEM, now=RECEIVED)
    with travel(RECEIVED), unit_of_work():
        representatives.record_deceased(services.get_request(dsr.id), established_by="brp",
                                        died_on=date(2026, 10, 2), note=None, actor=SYSTEM,
                                        now=RECEIVED)
    dsr = services.get_request(dsr.id)
    assert dsr.deceased is not None and dsr.deceased.established_by == "brp"
    assert dsr.events[-1].kind == "deceased"
    assert "overleden op vrijdag 2 oktober 2026" in (dsr.events[-1].reason or "")
    with travel(RECEIVED), unit_of_work(), pytest.raises(services.RequestRefused):
        representatives.record_deceased(services.get_request(dsr.id), established_by="brp",
                                        died_on=None, note=None, actor=SYSTEM, now=RECEIVED)


def test_the_request_page_shows_the_path_the_open_points_and_the_warning(
        client, db_session: sa.orm.Session) -> None:  # type: ignore[no-untyped-def]
    from avg_service.access.roles import Role
    from tests.factories import csrf_token, log_in, make_user

    dsr = _child_request(date(2012, 5, 1))
    log_in(client, make_user(Role.CONTACTPUNT))
    page = client.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert "14 jaar op de ontvangstdatum" in page
    assert "Controleer en leg vast wie het gezag heeft" in page
    assert "Gezag gecontroleerd (kind, UAVG art. 5)" in page
    token = csrf_token(client, f"/verzoeken/{dsr.id}")
    wrong = client.post(f"/verzoeken/{dsr.id}/acties/betrokken",
                        data={"csrf_token": token, "note": ""})
    assert wrong.status_code == 422
    right = client.post(f"/verzoeken/{dsr.id}/acties/betrokken",
                        data={"csrf_token": token, "note": "Moeder is betrokken in de casus."})
    assert right.status_code == 303
    page = client.get(f"/verzoeken/{dsr.id}").get_data(as_text=True)
    assert "Let op: de vertegenwoordiger is zelf betrokken in de casus." in page
    assert "Moeder is betrokken in de casus." in page
