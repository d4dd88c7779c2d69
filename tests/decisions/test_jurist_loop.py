"""The jurist's real loop (issue 14): a draft saved any number of times, on the page and through
the API, before submission and after a send-back; the send-back reason stands on the page until
the next submission and the drafter hears of it by e-mail (without the reason)."""

from __future__ import annotations

import re

import sqlalchemy as sa
import time_machine
from flask import Flask

from avg_service.access.roles import Role
from avg_service.decisions.models import DecisionPart
from avg_service.extensions import db
from avg_service.mail.models import OutboxMessage
from tests.decisions.test_pages_and_api import (  # noqa: F401 (the autouse fixture)
    _request_scoped_clients,
    _answer,
    _browser,
    _decision,
    _post,
    _prepared,
    at,
)
from tests.factories import api_token, bearer, make_user

SECOND = "Tweede versie: de aanpak in uw situatie loopt nog tot september 2026."
THIRD = "Derde versie: de aanpak loopt tot september 2026; de termijn eindigt in 2031."
_FORM = {"outcome_15": "gedeeltelijk_toewijzen", "grounds_15": "41d", "motivation_15": "",
         "outcome_17": "afwijzen", "grounds_17": "17-3-b", "measures_17": "",
         "history_note": ""}


def _parts(decision_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(DecisionPart).where(
        DecisionPart.decision_id == decision_id)) or 0


def test_the_page_saves_a_draft_twice_and_again_after_a_send_back(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, task_id = _prepared("2026-03-02")
        _answer(task_id, "2026-03-05")
        drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
        path = f"/verzoeken/{dsr.id}/besluit"
        mine = _browser(app, drafter)
        assert _post(mine, path, _FORM, page=path).status_code == 303
        # the standard 17(3)(b) paragraph with its prompt cannot be submitted as it stands
        refused = _post(mine, f"{path}/aanbieden", {}, page=path)
        assert refused.status_code == 422
        assert re.search(r'id="f-motivation_17-error">[^<]*feiten van deze zaak',
                         refused.get_data(as_text=True))
        changed = {**_FORM, "motivation_17": "Eerste versie van de motivering."}
        assert _post(mine, path, changed, page=path).status_code == 303
        changed["motivation_17"] = SECOND
        assert _post(mine, path, changed, page=path).status_code == 303
        decision = _decision(_draft_id(dsr.id))
        assert _parts(decision.id) == 2
        assert {p.right: p.motivation for p in decision.parts}["17"] == SECOND

        assert _post(mine, f"{path}/aanbieden", {}, page=path).status_code == 303
        theirs = _browser(app, second)
        sent_back = _post(theirs, f"{path}/terugsturen",
                          {"reason": "Motiveer de weigering met de feiten van deze zaak."},
                          page=path)
        assert sent_back.status_code == 303
        (mail,) = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.purpose == "decision_sent_back"))
        assert mail.to_address == drafter.email and path in mail.body_text

        page = mine.get(path).get_data(as_text=True)
        assert 'id="sent-back"' in page and "Motiveer de weigering met de feiten" in page
        changed["motivation_17"] = THIRD
        assert _post(mine, path, changed, page=path).status_code == 303
        assert _post(mine, path, changed, page=path).status_code == 303
        assert "Motiveer de weigering" in mine.get(path).get_data(as_text=True)
        assert _post(mine, f"{path}/aanbieden", {}, page=path).status_code == 303
        assert "Motiveer de weigering" not in mine.get(path).get_data(as_text=True)
        decision = _decision(decision.id)
        assert decision.status == "awaiting_approval" and _parts(decision.id) == 2
        assert {p.right: p.motivation for p in decision.parts}["17"] == THIRD


def _draft_id(dsr_id: int) -> int:
    from avg_service.decisions import services
    from avg_service.requests import services as requests
    decision = services.decision_of(requests.get_request(dsr_id))
    assert decision is not None
    return decision.id


def test_the_api_saves_a_draft_twice_and_again_after_a_send_back(
        app: Flask, db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, task_id = _prepared("2026-03-02")
        _answer(task_id, "2026-03-05")
        drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
        api, headers = app.test_client(), bearer(api_token(drafter))
        url = f"/api/v1/requests/{dsr.id}/decision"
        body = {"parts": [{"right": "15", "outcome": "toewijzen"},
                          {"right": "17", "outcome": "afwijzen", "grounds": ["17-3-b"],
                           "motivation": SECOND}]}
        first = api.put(url, headers=headers, json=body)
        assert first.status_code == 200
        body["parts"][1]["motivation"] = THIRD
        again = api.put(url, headers=headers, json=body)
        assert again.status_code == 200 and again.json["parts"][1]["motivation"] == THIRD
        decision_id = again.json["id"]
        assert api.post(f"/api/v1/decisions/{decision_id}/submit",
                        headers=headers).status_code == 200
        back = api.post(f"/api/v1/decisions/{decision_id}/send-back",
                        headers=bearer(api_token(second)), json={"reason": "Meer feiten."})
        assert back.status_code == 200 and back.json["sent_back_reason"] == "Meer feiten."
        body["parts"][0] = {"right": "15", "outcome": "gedeeltelijk_toewijzen",
                            "grounds": ["41d"]}
        fixed = api.put(url, headers=headers, json=body)
        assert fixed.status_code == 200 and fixed.json["parts"][0]["grounds"] == ["41d"]
        assert api.put(url, headers=headers, json=body).status_code == 200
        assert _parts(decision_id) == 2
        submitted = api.post(f"/api/v1/decisions/{decision_id}/submit", headers=headers)
        assert submitted.status_code == 200 and submitted.json["sent_back_reason"] is None
