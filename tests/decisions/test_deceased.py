"""A request about a person who has died (recital 27): the contact point records it with how it
was established, no participant gets a task, a jurist drafts the besluit that the AVG does not
apply, a second approves it, and the request closes on bekendmaking with its own letter."""

from __future__ import annotations

import io

import sqlalchemy as sa
import time_machine
from flask import Flask
from pypdf import PdfReader

from avg_service.access.roles import Role
from avg_service.coordination import services as coordination
from avg_service.db import unit_of_work
from avg_service.decisions import services
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.requests import services as requests
from avg_service.requests.lifecycle import Representation
from tests.decisions.test_kinds import _jurists
from tests.decisions.test_pages_and_api import (  # noqa: F401 (the autouse fixture)
    SYSTEM,
    _browser,
    _decision,
    _post,
    _request_scoped_clients,
    at,
)
from tests.factories import make_request, make_user


def _text(letter_id: int | None) -> str:
    letter = db.session.get(Letter, letter_id)
    assert letter is not None and letter.pdf is not None
    return " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(letter.pdf)).pages).split())


def test_a_deceased_person_takes_its_own_exit_through_four_eyes(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-04"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           given_names="Anna", family_name="Mulder",
                           representation=Representation.AUTHORISED,
                           represented_name="Gerrit Mulder")
        contact = _browser(app, make_user(Role.CONTACTPUNT))
        detail = f"/verzoeken/{dsr.id}"
        wrong = _post(contact, f"{detail}/acties/overleden",
                      {"established_by": "verklaring", "note": ""}, page=detail)
        assert wrong.status_code == 422  # a statement needs what it says
        assert "Schrijf op wat de verzoeker verklaart" in wrong.get_data(as_text=True)
        shown = _post(contact, f"{detail}/acties/overleden",
                      {"established_by": "brp", "died_on": "2026-01-19"}, page=detail)
        assert shown.status_code == 200 and "Bevestigen" in shown.get_data(as_text=True)
        db.session.expire_all()
        assert requests.get_request(dsr.id).deceased is None  # nothing before confirming
        done = _post(contact, f"{detail}/acties/overleden",
                     {"established_by": "brp", "died_on": "2026-01-19", "bevestigd": "ja"},
                     page=detail)
        assert done.status_code == 303
        page = contact.get(detail).get_data(as_text=True)
        assert "De betrokkene is overleden" in page and "19 januari 2026" in page
        with unit_of_work():
            request = requests.get_request(dsr.id)
            request.move_to(request.status_enum.IN_PROGRESS, actor_id=None, reason="test",
                            at=at("2026-03-04"))
        with unit_of_work():
            try:
                coordination.create_tasks(requests.get_request(dsr.id), organisation_ids=[1],
                                          shared=["rights"], actor=SYSTEM, now=at("2026-03-04"))
            except coordination.TaskRefused as refused:
                assert "geen taak" in refused.message
            else:
                raise AssertionError("a task was set out for a deceased person")

        drafter, second = _jurists()
        path = f"/verzoeken/{dsr.id}/besluit"
        mine = _browser(app, drafter)
        page = mine.get(path).get_data(as_text=True)
        assert "AVG niet van toepassing: de betrokkene is overleden" in page
        assert "Besluit opstellen" not in page  # no besluit on the rights themselves
        assert _post(mine, f"{path}/overleden", {"history_note": ""}, page=path).status_code == 303
        db.session.expire_all()
        assert requests.get_request(dsr.id).status == "deciding"
        assert _post(mine, f"{path}/aanbieden", {}, page=path).status_code == 303
        assert _post(mine, f"{path}/goedkeuren", {}, page=path).status_code == 422  # four eyes
        assert _post(_browser(app, second), f"{path}/goedkeuren", {},
                     page=path).status_code == 303
        assert _post(contact, f"{path}/bekendmaking", {"sent_on": "2026-03-04",
                                                       "channel": "post"},
                     page=path).status_code == 303
        db.session.expire_all()
        decision = services.decision_of(requests.get_request(dsr.id))
        assert decision is not None and decision.kind == "overleden"
        assert requests.get_request(dsr.id).status == "closed"
        text = _text(_decision(decision.id).letter_id)
    # every element: addressee and whom it concerns, the fact and its source, the rule, the
    # other routes, the legal basis (3:47), the bezwaarclausule (3:45), the mandate (10:10)
    assert "Anna Mulder inzake Gerrit Mulder" in text
    assert "Betreft Gerrit Mulder (u treedt op als gemachtigde)" in text
    assert "Wij wijzen uw verzoek af. Gerrit Mulder is overleden." in text
    assert "overleden op 19 januari 2026. Dat blijkt uit de Basisregistratie Personen" in text
    assert "overweging 27 en artikel 4 onder 1 AVG" in text
    assert "Wet open overheid (Woo)" in text and "een verzoek doen voor uzelf" in text
    assert "artikel 34 UAVG" in text
    assert "binnen zijn" in text and "zes weken" in text and "artikel 6:7" in text
    assert "namens dezen" in text and "mr. B. Beslisser, senior jurist AVG-verzoeken" in text
    assert "artikel 12 lid 4" not in text  # no AVG remedy where the AVG does not apply
