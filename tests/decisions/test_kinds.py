"""Every besluit kind through four eyes (issue 14): the besluit not to act under AVG 12(5) (which
of the two, and this request's facts) and the besluit niet in behandeling (Awb 4:5; on an access
request only for identity or representation) are drafted by a jurist, approved by a second,
signed by the approver's name and function from the account, and open to bezwaar."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from pypdf import PdfReader

from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.db import unit_of_work
from avg_service.decisions import services
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.requests import services as requests
from tests.decisions.test_pages_and_api import (  # noqa: F401 (the autouse fixture)
    SYSTEM,
    _as_actor,
    _browser,
    _decision,
    _post,
    _request_scoped_clients,
    at,
)
from tests.factories import api_token, bearer, make_request, make_user

FACTS = ("U heeft op 3, 10, 17 en 24 februari 2026 hetzelfde verzoek om inzage gedaan. Op elk "
         "verzoek kreeg u een volledig antwoord; sinds 3 februari is er niets over u verwerkt.")


def _jurists() -> tuple[User, User]:
    drafter = make_user(Role.JURIST, display_name="A. Opsteller")
    second = make_user(Role.JURIST, display_name="mr. B. Beslisser")
    with unit_of_work():
        db.session.get(User, second.id).job_title = "senior jurist AVG-verzoeken"
    return drafter, second


def _pdf_text(letter_id: int | None) -> str:
    letter = db.session.get(Letter, letter_id)
    assert letter is not None and letter.pdf is not None
    return " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(letter.pdf)).pages).split())


def test_a_12_5_besluit_through_four_eyes_then_a_bezwaar(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-09"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           rights=["15"])
        drafter, second = _jurists()
        path = f"/verzoeken/{dsr.id}/besluit"
        mine = _browser(app, drafter)
        page = mine.get(path).get_data(as_text=True)
        assert "Geen gevolg geven: kennelijk ongegrond of buitensporig" in page
        unchosen = _post(mine, f"{path}/geen-gevolg", {"reason": FACTS}, page=path)
        assert unchosen.status_code == 422
        assert re.search(r'id="f-ground-error">[^<]*kennelijk ongegrond of buitensporig',
                         unchosen.get_data(as_text=True))
        thin = {"ground": "12-5-buitensporig", "reason": "Buitensporig.", "history_note": ""}
        assert _post(mine, f"{path}/geen-gevolg", thin, page=path).status_code == 303
        # saved twice; the thin reason does not show the facts: no submission
        assert _post(mine, f"{path}/geen-gevolg", thin, page=path).status_code == 303
        refused = _post(mine, f"{path}/aanbieden", {}, page=path)
        assert refused.status_code == 422 and "feiten" in refused.get_data(as_text=True)
        assert _post(mine, f"{path}/geen-gevolg", {**thin, "reason": FACTS},
                     page=path).status_code == 303
        assert _post(mine, f"{path}/aanbieden", {}, page=path).status_code == 303
        assert _post(mine, f"{path}/goedkeuren", {}, page=path).status_code == 422  # four eyes
        theirs = _browser(app, second)
        assert _post(theirs, f"{path}/goedkeuren", {}, page=path).status_code == 303
        decision = services.decision_of(requests.get_request(dsr.id))
        assert decision is not None and decision.kind == "12_5"
        assert (decision.status, decision.approved_by_id) == ("approved", second.id)
        assert requests.get_request(dsr.id).status == "received"  # not sent yet

        contact = _browser(app, make_user(Role.CONTACTPUNT))
        assert _post(contact, f"{path}/bekendmaking", {"sent_on": "2026-03-09",
                                                       "channel": "post"},
                     page=path).status_code == 303
        decision = _decision(decision.id)
        assert decision.status == "notified"
        assert requests.get_request(dsr.id).status == "refused_12_5"
        text = _pdf_text(decision.letter_id)
        assert "Wij vinden uw verzoek buitensporig (artikel 12 lid 5 onder b AVG)" in text
        assert "kennelijk ongegrond of buitensporig (artikel" not in text  # says which
        assert "24 februari 2026 hetzelfde verzoek" in text  # and why
        assert "mr. B. Beslisser, senior jurist AVG-verzoeken" in text  # who decided
        assert "M. de Vries" not in text  # not the fixed coordinator

        objection = _post(contact, f"{path}/bezwaren", {"received_on": "2026-03-09"},
                          page=path)
        assert objection.status_code == 303
        assert [o.on_time for o in _decision(decision.id).objections] == [True]


def test_a_12_5_draft_only_within_the_month(app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-04-03"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"))
        drafter, _second = _jurists()
        api = app.test_client()
        late = api.put(f"/api/v1/requests/{dsr.id}/decision/refusal-12-5",
                       headers=bearer(api_token(drafter)),
                       json={"ground": "12-5-ongegrond", "reason": FACTS})
        assert late.status_code == 422 and "12 lid 4" in late.json["errors"]["reason"][0]


def _expired(rights: list[str], purpose: str) -> int:
    with time_machine.travel(at("2026-03-10"), tick=False):
        dsr = make_request(received_at=at("2026-03-10", "09:00"), now=at("2026-03-10"),
                           rights=rights)
    with time_machine.travel(at("2026-03-11"), tick=False), unit_of_work():
        requests.invite(requests.get_request(dsr.id), purpose=purpose, what="Een machtiging.",
                        sent_on=date(2026, 3, 11), term_until=date(2026, 3, 25), actor=SYSTEM,
                        now=at("2026-03-11"))
    with time_machine.travel(at("2026-03-26", "07:00"), tick=False), unit_of_work():
        requests.sweep(now=at("2026-03-26", "07:00"))
    assert requests.get_request(dsr.id).status == "term_expired"
    return dsr.id


def test_a_4_5_besluit_through_four_eyes_then_a_bezwaar_via_the_api(
        app: Flask, db_session: sa.orm.Session) -> None:
    dsr_id = _expired(["15", "17"], "representation")
    drafter, second = _jurists()
    with time_machine.travel(at("2026-03-30"), tick=False):
        api = app.test_client()
        mine, theirs = bearer(api_token(drafter)), bearer(api_token(second))
        staff = bearer(api_token(make_user(Role.CONTACTPUNT)))
        drafted = api.put(f"/api/v1/requests/{dsr_id}/decision/not-handled", headers=mine,
                          json={})
        assert drafted.status_code == 200 and drafted.json["kind"] == "4_5"
        decision_id = drafted.json["id"]
        assert api.put(f"/api/v1/requests/{dsr_id}/decision/not-handled", headers=mine,
                       json={"history_note": "Gebeld op 27 maart."}).status_code == 200
        assert api.post(f"/api/v1/decisions/{decision_id}/submit",
                        headers=mine).status_code == 200
        assert api.post(f"/api/v1/decisions/{decision_id}/approve",
                        headers=mine).status_code == 422
        assert api.post(f"/api/v1/decisions/{decision_id}/approve",
                        headers=theirs).status_code == 200
        sent = api.post(f"/api/v1/decisions/{decision_id}/notification", headers=staff,
                        json={"sent_on": "2026-03-30", "channel": "post"})
        assert sent.status_code == 200 and sent.json["status"] == "notified"
        assert requests.get_request(dsr_id).status == "closed"
        text = _pdf_text(sent.json["letter_id"])
        assert "niet te behandelen" in text and "senior jurist AVG-verzoeken" in text
        objection = api.post(f"/api/v1/decisions/{decision_id}/objections", headers=staff,
                             json={"received_on": "2026-03-30"})
        assert objection.status_code == 201 and objection.json["on_time"] is True


def test_an_access_request_is_not_left_unhandled_for_not_being_specified(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-10"), tick=False):
        dsr = make_request(received_at=at("2026-03-10", "09:00"), now=at("2026-03-10"),
                           rights=["15"])
    with time_machine.travel(at("2026-03-11"), tick=False), unit_of_work():
        requests.invite(requests.get_request(dsr.id), purpose="information",
                        what="Welke periode bedoelt u?", sent_on=date(2026, 3, 11),
                        term_until=date(2026, 3, 25), actor=SYSTEM, now=at("2026-03-11"))
    invitation_letter = db.session.scalars(sa.select(Letter).where(
        Letter.dsr_id == dsr.id, Letter.kind == "aanvulling")).one()
    text = _pdf_text(invitation_letter.id)
    assert "U mag uw verzoek ook houden zoals het is" in text
    assert "niet te behandelen" not in text
    with time_machine.travel(at("2026-03-26", "07:00"), tick=False), unit_of_work():
        requests.sweep(now=at("2026-03-26", "07:00"))
    back = requests.get_request(dsr.id)
    assert back.status == "received" and back.not_handled_decision_by is None
    assert "behandeld zoals het is gedaan" in back.events[-1].reason

    # and should a request stand in term_expired on such an invitation (expired before this
    # rule), the besluit niet in behandeling is still refused
    with unit_of_work():
        requests.get_request(dsr.id).status = "term_expired"
    drafter, _second = _jurists()
    with time_machine.travel(at("2026-03-30"), tick=False):
        with pytest.raises(services.DecisionRefused, match="12 lid 2"), unit_of_work():
            services.draft_not_handled(requests.get_request(dsr.id), actor=_as_actor(drafter),
                                       now=at("2026-03-30"))


def test_the_status_page_shows_a_12_5_besluit_only_once_sent(
        app: Flask, db_session: sa.orm.Session) -> None:
    """Queued for the post it is not the requester's yet; once sent, only the version sent."""
    from avg_service.portal import services as portal

    drafter, second = _jurists()
    with time_machine.travel(at("2026-03-09"), tick=False):
        dsr = make_request(received_at=at("2026-03-02", "09:00"), now=at("2026-03-02"),
                           rights=["15"], email="verzoeker@example.test")
        with unit_of_work():
            decision = services.draft_refusal_12_5(
                requests.get_request(dsr.id), ground="12-5-buitensporig", reason=FACTS,
                actor=_as_actor(drafter), now=at("2026-03-09"))
            services.submit_for_approval(decision, actor=_as_actor(drafter), now=at("2026-03-09"))
            services.approve(decision, actor=_as_actor(second), now=at("2026-03-09"))
            services.queue_for_post(decision, actor=SYSTEM, now=at("2026-03-09"))
            token = portal.issue_link(requests.get_request(dsr.id), via="mail",
                                      now=at("2026-03-09"))

    def shown(day: str) -> list[str]:
        db.session.expire_all()
        with unit_of_work():
            _state, link = portal.resolve_link(token, now=at(day))
            assert link is not None
            view = portal.status_view(link, actor=SYSTEM, now=at(day))
        return [d.label for d in view.letters if d.label.startswith("besluit")]

    assert shown("2026-03-09") == []  # waiting in the post queue
    with time_machine.travel(at("2026-03-10"), tick=False), unit_of_work():
        services.notify(services.get_decision(decision.id), sent_on=date(2026, 3, 10),
                        channel="post", actor=SYSTEM, now=at("2026-03-10"))
    assert shown("2026-03-10") == ["besluit_12_5"]  # the version of the 10th, not the void one
    versions = services.letter_versions(services.get_decision(decision.id))
    assert [v.void_at is not None for v in versions] == [True, False]
