"""The letter to the person (AVG art. 34(2)) and the record of the AP notification (33(3)),
rendered as the PDF/A the job stores, read back as text."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from avg_service.access.roles import Role
from avg_service.breaches import notification
from avg_service.breaches.common import get_breach
from avg_service.breaches.letters import bericht_context
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered
from avg_service.requests.letters import LetterDataMissing
from tests.breaches import helpers as h
from tests.breaches.helpers import AWARE_AT, FG_EMAIL
from tests.factories import make_request, make_user


def _text(letter_id: int) -> str:
    letter = db.session.get(Letter, letter_id)
    assert letter is not None
    pdf = ensure_rendered(letter)
    assert letter.sha256 and letter.template_version  # archived as any letter
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def breach_id(db_session: sa.orm.Session) -> int:
    h.set_fg_contact()
    staff = h.actor_of(make_user(Role.CONTACTPUNT))
    sanne = make_request(given_names="Sanne", family_name="de Vries")
    other = make_request(given_names="Karel", family_name="Appel")
    breach_id = h.report(staff, request_references=[sanne.reference, other.reference])
    h.assess(breach_id, h.actor_of(make_user(Role.FG)))
    h.notify(breach_id, staff, at=AWARE_AT + timedelta(hours=76),
             delay_reasons="De ontvanger meldde het pas na het weekend.")
    now = AWARE_AT + timedelta(hours=77)
    h.inform(breach_id, staff, now=now)
    with unit_of_work():
        notification.make_communication(get_breach(breach_id),
                                        notification.Recipient("letter", dsr_id=sanne.id),
                                        actor=staff, now=now)
    return breach_id


def test_the_letter_to_the_person_and_the_record_of_the_ap_notification(breach_id: int) -> None:
    """Both documents of one breach, rendered once (each render costs a WeasyPrint run)."""
    breach = h.breach(breach_id)
    text = _text(breach.communications[0].letter_id)
    assert "Geachte Sanne de Vries" in text and "Dorpsstraat 1" in text
    for heading, element in [("Wat is er gebeurd?", "people_nature"),
                             ("Wat kan dit voor u betekenen?", "people_consequences"),
                             ("Wat hebben wij gedaan en wat gaan wij nog doen?",
                              "people_measures"),
                             ("Wat kunt u zelf doen?", "people_advice")]:
        assert heading in text
        assert " ".join(h.PEOPLE_TEXTS[element].split()) in text
    # 33(3)(b): the FG's name and contact details; the kinds of data; who is responsible.
    assert "A. de Boer" in text and FG_EMAIL in text and "14 020" in text
    assert "Gezondheid" in text and "Casusinformatie" in text
    assert "artikel 34 AVG" in text and "Autoriteit Persoonsgegevens" in text
    # Nothing of the case file and no other person affected.
    assert "Karel" not in text and breach.description not in text
    assert breach.reference + "-B1" in text
    _the_record_of_the_ap_notification_says_what_was_reported_and_why_late(breach_id)


def test_a_letter_with_an_element_missing_is_not_made(breach_id: int) -> None:
    breach = h.breach(breach_id)
    letter = db.session.get(Letter, breach.communications[0].letter_id)
    breach.people_advice = None  # as if someone emptied it afterwards
    with pytest.raises(LetterDataMissing):
        bericht_context(letter)
    db.session.rollback()


def _the_record_of_the_ap_notification_says_what_was_reported_and_why_late(
        breach_id: int) -> None:
    breach = h.breach(breach_id)
    (first,) = breach.notifications
    text = _text(first.letter_id)
    assert "Meldnummer AP M-2026-0412345" in text and "Eerste melding, volledig" in text
    assert "Ontdekt op vrijdag 27 maart 2026 om 10:00 uur" in text
    # 72 real hours over the weekend and the change to summer time: 11:00 on the wall clock.
    assert "72 uur eindigden maandag 30 maart 2026 om 11:00 uur" in text
    assert "Gemeld na 76 uur: 4 uur na de 72 uur." in text
    assert "De ontvanger meldde het pas na het weekend." in text
    for element in ("Verslag naar een verkeerde ontvanger.", "A. de Boer (FG)",
                    "Kennisname door een onbevoegde.", "Verwijdering gevraagd."):
        assert element in text
    assert "Raad voor de Kinderbescherming" in text  # on behalf of every joint controller
