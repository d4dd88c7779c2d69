"""Chromium walks the requester from the status link on the confirmation page to sending the
missing document (the clock resumes) and downloading the besluit, made known on the status page
(Awb 2:19(b)). The staff's part runs through the same services their pages call; their pages
have walks of their own (tests/decisions/test_browser.py). axe-core checks the status page."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.coordination import services as coordination
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.decisions import services as decisions
from avg_service.decisions.catalogue import Outcome
from avg_service.extensions import db
from avg_service.requests import services as requests
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    fill_requester,
    live_server,
    new_context,
)
from tests.factories import make_user, organisation_id, set_aside_other_controllers
from tests.requests.test_browser import _serious_violations

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SYSTEM = Actor.system("cli")


def _as_actor(user: object) -> Actor:
    return Actor(user.id, Role(user.role), user.organisation_id, "session")  # type: ignore[attr-defined]


def test_the_requester_follows_the_link_sends_a_document_and_downloads_the_besluit(
        browser: Browser, live_server: LiveServer, tmp_path: Path) -> None:
    context = new_context(browser, live_server)
    try:
        page = context.new_page()
        # 1. The public form, with an e-mail address and the express choice for electronic
        #    delivery (Awb 2:8).
        page.goto("/verzoek")
        fill_requester(page, given="Noor", family="Statuslink", date_of_birth="1990-02-03")
        page.locator("#f-email").fill("noor@example.test")
        page.locator("#f-right-15").check()
        page.locator("#f-delivery-electronic").check()
        page.locator("#f-electronic_consent").check()
        click_and_load(page, page.locator("form.request-form button[type=submit]"))
        reference = page.locator(".reference").inner_text().strip()

        # 2. The confirmation shows the secret link; following it lands on /status.
        link = page.locator("a.status-link")
        href = link.get_attribute("href") or ""
        assert re.fullmatch(rf"{re.escape(live_server.url)}/status/[A-Za-z0-9_-]{{43}}", href)
        click_and_load(page, link)
        expect(page).to_have_url(f"{live_server.url}/status")
        expect(page.locator(".reference")).to_have_text(reference)
        expect(page.locator("p.state")).to_have_text(
            "Wij hebben uw verzoek ontvangen en gaan het behandelen.")
        (dsr,) = live_server.requests_with_reference(reference)

        # 3. The contact point asks for a copy of the identity document (Awb 4:5).
        with live_server.app.app_context():
            try:
                now = clock.now_utc()
                with unit_of_work():
                    requests.invite(requests.get_request(dsr.id), purpose="identity",
                                    what="Stuur een kopie van uw identiteitsbewijs.",
                                    term_until=law.receipt_date(now) + timedelta(days=14),
                                    sent_on=law.receipt_date(now), actor=SYSTEM, now=now)
            finally:
                db.session.remove()

        # 4. The requester sees what is asked and sends it: the clock resumes at once.
        page.reload()
        expect(page.locator("#asked-title")).to_have_text("Wat wij van u vragen")
        expect(page.locator("dd.due")).to_have_text(
            "De termijn staat stil tot wij uw informatie hebben.")
        assert _serious_violations(page) == []
        upload = tmp_path / "identiteitsbewijs.pdf"
        upload.write_bytes(PDF)
        page.locator("#f-files").set_input_files(str(upload))
        page.locator("#f-note").fill("Een kopie van mijn paspoort.")
        click_and_load(page, page.get_by_role("button", name="Versturen", exact=True))
        expect(page.locator("div.confirmation[role=status]")).to_contain_text(
            "De termijn voor ons besluit loopt weer.")
        expect(page.locator("#asked-title")).to_have_count(0)
        expect(page.locator("#sent-title + ul")).to_contain_text("identiteitsbewijs.pdf")

        # 5. Coordination, a draft, four eyes, and the electronic bekendmaking.
        with live_server.app.app_context():
            try:
                now = clock.now_utc()
                politie = make_user(Role.DEELNEMER, organisation="politie")
                drafter, second = make_user(Role.JURIST), make_user(Role.JURIST)
                with unit_of_work():
                    request = requests.get_request(dsr.id)
                    requests.start_handling(request, actor=SYSTEM, now=now)
                    (task,) = coordination.create_tasks(
                        request, organisation_ids=[organisation_id("politie")],
                        shared=DEFAULT_SHARED, actor=SYSTEM, now=now)
                set_aside_other_controllers(dsr.id, now=now)  # a besluit waits for each
                with unit_of_work():
                    request = requests.get_request(dsr.id)
                    task = coordination.get_task(task.id)
                    coordination.save_answer(
                        task, {"holds_data": True, "categories": "Mutaties",
                               "purposes": "Openbare orde", "sources": "BVH",
                               "data_entries": "Melding 12-01-2026: overlast"},
                        [], actor=_as_actor(politie), now=now, submit=True)
                    decision = decisions.save_draft(
                        request, [decisions.PartInput("15", Outcome.GRANTED, [])],
                        history_note=None, actor=_as_actor(drafter), now=now)
                    decisions.submit_for_approval(decision, actor=_as_actor(drafter), now=now)
                    decisions.approve(decision, actor=_as_actor(second), now=now)
                with unit_of_work():
                    decisions.notify(decisions.get_decision(decision.id),
                                     sent_on=law.receipt_date(now), channel="electronic",
                                     actor=SYSTEM, now=now)
            finally:
                db.session.remove()

        # 6. The besluit is on the status page; the requester downloads it.
        page.reload()
        expect(page.locator("p.state")).to_have_text(
            "Wij hebben een besluit genomen op uw verzoek.")
        expect(page.get_by_text("Het besluit staat voor u klaar.")).to_be_visible()
        besluit = page.locator("ul.downloads li", has_text="Besluit op uw verzoek")
        with page.expect_download() as info:
            besluit.get_by_role("link").click()
        download = info.value
        assert download.failure() is None, download.failure()
        assert download.suggested_filename == f"besluit-{reference}.pdf"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        text = " ".join(" ".join(p.extract_text().split())
                        for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
        assert "Wij wijzen uw verzoek om inzage (artikel 15 AVG) toe." in text, text[:600]
        assert "Bent u het niet eens met dit besluit?" in text
        assert _serious_violations(page) == []
    finally:
        context.close()


def test_the_pages_around_the_link_are_accessible_in_both_languages(
        browser: Browser, live_server: LiveServer) -> None:
    context = new_context(browser, live_server)
    try:
        page = context.new_page()
        for path, heading in (("/status/nieuwe-link", "Nieuwe link naar uw statuspagina"),
                              ("/en/status/new-link", "New link to your status page"),
                              ("/en/status", "Open the link from your e-mail"),
                              ("/status/" + "x" * 43, "Deze link kennen wij niet")):
            page.goto(path)
            expect(page.locator("h1")).to_have_text(heading)
            assert _serious_violations(page) == [], path
        page.goto("/status/nieuwe-link")
        click_and_load(page, page.get_by_role("button", name="Stuur mij een nieuwe link"))
        expect(page.locator("#f-reference")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#error-summary")).to_contain_text("Vul het kenmerk van uw verzoek in.")
        assert _serious_violations(page) == []
    finally:
        context.close()
