"""The bezwaar through its pages: registering with the error beside the field (no file, a
gemachtigde without a name), the bezwaar page and the work queue with their signals, the
request page that keeps the bezwaar in view, four eyes on the page, the concept preview, and
who may do what (a participant sees nothing; the FG reads only)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import sqlalchemy as sa
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.bezwaar import services
from avg_service.bezwaar.models import Bezwaar
from avg_service.extensions import db
from tests.bezwaar.helpers import PDF, notified_besluit
from tests.decisions.test_pages_and_api import (  # noqa: F401 (the autouse fixture)
    _browser,
    _post,
    _request_scoped_clients,
    at,
)
from tests.factories import csrf_token, make_user


def _register_form(**overrides: object) -> dict[str, object]:
    form: dict[str, object] = {"received_on": "2026-04-02", "channel": "letter", "grounds": "",
                               "made_by": "self", "defects": ["handtekening"],
                               "file": (io.BytesIO(PDF), "bezwaar.pdf")}
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def _post_files(browser: FlaskClient, path: str, data: dict[str, object], *, page: str) -> Any:
    return browser.post(path, content_type="multipart/form-data",
                        data={"csrf_token": csrf_token(browser, page), **data})


def test_register_on_the_page_then_the_bezwaar_shows_everywhere(
        app: Flask, db_session: sa.orm.Session) -> None:
    if True:  # the browsers' sessions run on the real clock; the dates are stored ones
        dsr_id, decision_id, drafter, _ = notified_besluit("2026-03-16")
        contact = _browser(app, make_user(Role.CONTACTPUNT))
        new_page = f"/verzoeken/{dsr_id}/bezwaren/nieuw"
        assert "Bezwaar registreren" in contact.get(f"/verzoeken/{dsr_id}/besluit").text
        assert contact.get(new_page).status_code == 200

        refused = _post_files(contact, f"/verzoeken/{dsr_id}/bezwaren", _register_form(file=None),
                        page=new_page)
        assert refused.status_code == 422 and "Voeg het bezwaarschrift toe" in refused.text
        refused = _post_files(contact, f"/verzoeken/{dsr_id}/bezwaren",
                        _register_form(made_by="gemachtigde"), page=new_page)
        assert refused.status_code == 422 and "Noem de gemachtigde" in refused.text
        assert db.session.scalar(sa.select(sa.func.count(Bezwaar.id))) == 0

        done = _post_files(contact, f"/verzoeken/{dsr_id}/bezwaren", _register_form(), page=new_page)
        assert done.status_code == 303
        bezwaar_page = done.headers["Location"]
        page = contact.get(bezwaar_page).text
        assert "Ontbreekt (Awb 6:5)" in page and "uw handtekening" in page
        assert "dinsdag 9 juni 2026" in page  # the 7:10 term (C31)
        assert "Ontvangstbevestiging bezwaar (Awb 6:14)" in page

        request_page = contact.get(f"/verzoeken/{dsr_id}").text
        assert "Bezwaar tegen het besluit" in request_page and "-B1" in request_page
        queue = contact.get("/bezwaren").text
        assert "-B1" in queue and "Ontvangen" in queue

        # Herstel verzuim through the page: an empty choice comes back beside the field.
        bezwaar_id = int(bezwaar_page.rsplit("/", 1)[1])
        refused = _post(contact, f"/bezwaren/{bezwaar_id}/acties/herstel",
                        {"term_until": "2026-04-16"}, page=bezwaar_page)
        assert refused.status_code == 422 and "Kies wat er ontbreekt" in refused.text
        done = _post(contact, f"/bezwaren/{bezwaar_id}/acties/herstel",
                     {"term_until": (date.today() + timedelta(days=14)).isoformat(),
                      "defects": ["gronden", "handtekening"]},
                     page=bezwaar_page)
        assert done.status_code == 303
        page = contact.get(bezwaar_page).text
        assert "Wacht op herstel verzuim" in page and "Herstel verzuim (Awb 6:6)" in page

        # The contact point cannot draft the beslissing; the participant sees nothing.
        assert _post(contact, f"/bezwaren/{bezwaar_id}/acties/goedkeuren", {},
                     page=bezwaar_page).status_code == 403
        participant = _browser(app, make_user(Role.DEELNEMER, organisation="politie"))
        assert participant.get(bezwaar_page).status_code == 403
        assert participant.get("/bezwaren").status_code == 403
        fg = _browser(app, make_user(Role.FG))
        assert fg.get(bezwaar_page).status_code == 200
        assert _post(fg, f"/bezwaren/{bezwaar_id}/acties/intrekken", {"reason": "x"},
                     page=bezwaar_page).status_code == 403


def test_the_drafter_sees_no_approve_button_and_the_preview_is_a_concept(
        app: Flask, db_session: sa.orm.Session) -> None:
    from tests.bezwaar.test_flow import PARTS
    from tests.bezwaar.helpers import register
    from tests.decisions.test_pages_and_api import _as_actor
    from avg_service.db import unit_of_work

    if True:
        dsr_id, decision_id, _, _ = notified_besluit("2026-03-16")
        bezwaar_id = register(decision_id, grounds="Onjuist besluit.")
        jurist = make_user(Role.JURIST)
        with unit_of_work():
            services.waive_hearing(services.get_bezwaar(bezwaar_id),
                                   waiver=services.rules.HearingWaiver.WAIVED,
                                   reason="De indiener wil niet worden gehoord (brief van 10 "
                                   "april).", actor=_as_actor(jurist), now=at("2026-04-20"))
            services.save_ruling(services.get_bezwaar(bezwaar_id), PARTS, history_note=None,
                                 actor=_as_actor(jurist), now=at("2026-04-20"))
        browser = _browser(app, jurist)
        page_path = f"/bezwaren/{bezwaar_id}"
        assert _post(browser, f"{page_path}/acties/aanbieden", {}, page=page_path
                     ).status_code == 303
        page = browser.get(page_path).text
        assert "Ter goedkeuring" in page and "u heeft haar opgesteld" in page
        assert ">Goedkeuren<" not in page
        refused = _post(browser, f"{page_path}/acties/goedkeuren", {}, page=page_path)
        assert refused.status_code == 422 and "tweede jurist" in refused.text
        preview = browser.get(f"{page_path}/beslissing/voorbeeld")
        # HTML marked CONCEPT: no PDF is rendered in the web process (issue 15, finding 8)
        assert preview.status_code == 200 and preview.mimetype == "text/html"
        assert "CONCEPT — dit is niet het verzonden besluit" in preview.text and "bezwaar" in preview.text
        assert preview.headers["Cache-Control"] == "no-store"
