"""The bezwaar phase in a real browser (Debian chromium via Playwright, the app served for real):
a besluit made known; the contact point registers a bezwaar without gronden (first without the
bezwaarschrift: the error is beside the field), asks for herstel verzuim, records the gronden
received, invites to the hearing; the verslag is added after the hearing; jurist A drafts the
beslissing op bezwaar, partly gegrond (inzage gegrond with the new besluit "toewijzen",
verwijdering ongegrond), saves twice and offers it; jurist A cannot approve, jurist B does; the
contact point records the sending and the letter says it all. Screenshots at 320 and 1280 px
when ``AVG_BEZWAAR_SCREENSHOTS=DIR`` is set.

The live server runs on the real clock, so the dates come from the same clock; the one step in
time (the hearing has taken place) is made by moving the hearing into the past.
"""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.extensions import db
from tests.bezwaar.helpers import PDF, RECHTBANK
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    live_server,
    log_in,
    new_context,
)
from tests.factories import make_user

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("AVG_BEZWAAR_SCREENSHOTS")


def _shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{name} at {width}px is {scroll}px wide"
    page.set_viewport_size({"width": 1280, "height": 900})


def _besluit(live_server: LiveServer) -> tuple[int, dict[str, str]]:
    """A besluit on inzage (partly, UAVG 41(1)(d)) and verwijdering (refused), made known two
    weeks ago; returns the request id and the users' e-mail addresses."""
    from tests.decisions.test_pages_and_api import _answer, _as_actor, _draft, _prepared
    from avg_service.decisions import services as decisions
    from avg_service.organisations.services import contact_point_settings

    today = clock.today_local()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731
    with live_server.app.app_context():
        try:
            users = {"contact": make_user(Role.CONTACTPUNT),
                     "a": make_user(Role.JURIST, display_name="Jurist Aalders"),
                     "b": make_user(Role.JURIST, display_name="Jurist Bakker"),
                     "hearer": make_user(Role.JURIST, display_name="Hoorder Onafhankelijk"),
                     "primary": make_user(Role.JURIST, display_name="Jurist Primair")}
            dsr, task_id = _prepared(day(30))
            _answer(task_id, day(29))
            decision_id = _draft(dsr.id, users["primary"], day(28))
            from tests.decisions.test_pages_and_api import at

            with unit_of_work():
                decisions.submit_for_approval(decisions.get_decision(decision_id),
                                              actor=_as_actor(users["primary"]), now=at(day(28)))
            with unit_of_work():
                decisions.approve(decisions.get_decision(decision_id),
                                  actor=_as_actor(users["b"]), now=at(day(27)))
            with unit_of_work():
                decisions.notify(decisions.get_decision(decision_id),
                                 sent_on=today - timedelta(days=14), channel="hand",
                                 actor=_as_actor(users["contact"]), now=at(day(14)))
                contact_point_settings().rechtbank = RECHTBANK
            return dsr.id, {k: u.email for k, u in users.items()}
        finally:
            db.session.remove()


def _details(page: Page, title: str) -> None:
    page.locator("summary", has_text=title).click()


def test_bezwaar_from_registration_to_the_beslissing_partly_gegrond(
        browser: Browser, live_server: LiveServer, tmp_path: Path) -> None:  # noqa: F811
    dsr_id, users = _besluit(live_server)
    today = clock.today_local()
    scan = tmp_path / "bezwaarschrift.pdf"
    scan.write_bytes(PDF)

    contact_context = new_context(browser, live_server)
    a_context, b_context = new_context(browser, live_server), new_context(browser, live_server)
    try:
        contact = contact_context.new_page()
        log_in(contact, users["contact"])
        contact.goto(f"/verzoeken/{dsr_id}/besluit")
        click_and_load(contact, contact.get_by_role("link", name="Bezwaar registreren"))
        _shoot(contact, "01-registreren")

        # Wrong first: no bezwaarschrift attached.
        click_and_load(contact, contact.get_by_role("button", name="Bezwaar registreren"))
        expect(contact.locator("#f-file-error")).to_contain_text("Voeg het bezwaarschrift toe")
        # Then right: a letter without gronden.
        contact.locator("#f-file").set_input_files(str(scan))
        click_and_load(contact, contact.get_by_role("button", name="Bezwaar registreren"))
        expect(contact.locator("h1")).to_contain_text("Bezwaar AVG-")
        expect(contact.locator("dl.facts")).to_contain_text("Ontbreken")
        due = law.objection_decision_due(law.objection_period_end(today - timedelta(days=14)))
        expect(contact.locator("main")).to_contain_text(law.format_date_nl(due))
        bezwaar_url = contact.url
        _shoot(contact, "02-bezwaar")

        # Herstel verzuim: the gronden are already ticked.
        _details(contact, "Herstel verzuim vragen")
        expect(contact.locator("#f-repair-gronden")).to_be_checked()
        click_and_load(contact, contact.get_by_role("button", name="Verzoek om herstel maken"))
        expect(contact.locator("main > p > strong").first).to_have_text(
            "Wacht op herstel verzuim (opgeschort)")
        expect(contact.locator("#h-bz-letters + ul")).to_contain_text("Herstel verzuim (Awb 6:6)")

        # The gronden arrive (first without them: refused beside the field).
        _details(contact, "Herstel ontvangen")
        click_and_load(contact, contact.get_by_role("button", name="Herstel vastleggen"))
        expect(contact.locator("#act-hersteld")).to_contain_text("Vat de ontvangen gronden samen")
        contact.locator("#f-repaired-grounds").fill(
            "Het onderzoek van de politie is afgesloten; ik wil nu alles inzien.")
        click_and_load(contact, contact.get_by_role("button", name="Herstel vastleggen"))
        expect(contact.locator("main > p > strong").first).to_have_text("In behandeling")

        # The hearing: in two weeks, documents open from the day after tomorrow.
        _details(contact, "Uitnodigen voor de hoorzitting")
        contact.locator("#f-hearing_on").fill((today + timedelta(days=14)).isoformat())
        contact.locator("#f-hearing_time").fill("14:00")
        contact.locator("#f-hearing-place").fill("Stadhuis, kamer 2.14")
        contact.locator("#f-hearer_id").select_option(label="Hoorder Onafhankelijk")
        contact.locator("#f-documents_from").fill((today + timedelta(days=2)).isoformat())
        contact.locator("#f-documents-place").fill("Stadhuis, balie Publiekszaken")
        click_and_load(contact, contact.get_by_role("button", name="Uitnodiging maken"))
        expect(contact.locator("#h-bz-letters + ul")).to_contain_text("Uitnodiging hoorzitting")

        # Time passes: the hearing took place yesterday.
        from avg_service.bezwaar.models import BezwaarHearing

        with live_server.app.app_context():
            try:
                with unit_of_work():
                    hearing = db.session.scalars(sa.select(BezwaarHearing)).all()[-1]
                    hearing.hearing_at = clock.now_utc() - timedelta(days=1)
            finally:
                db.session.remove()
        contact.goto(bezwaar_url)
        _details(contact, "Verslag toevoegen")
        contact.locator("input[type=file][name=file]").set_input_files(str(scan))
        contact.locator("textarea[name=summary]").fill("Betrokkene lichtte het bezwaar toe.")
        click_and_load(contact, contact.get_by_role("button", name="Verslag toevoegen"))
        expect(contact.locator("#h-hearing ~ div")).to_contain_text("Verslag:")

        # Jurist A drafts: inzage gegrond (new besluit: toewijzen), verwijdering ongegrond.
        jurist_a = a_context.new_page()
        log_in(jurist_a, users["a"])
        jurist_a.goto(bezwaar_url)
        jurist_a.locator("#f-outcome-15-gegrond").check()
        jurist_a.locator("#f-reconsideration_15").fill("Het onderzoek is afgesloten.")
        jurist_a.locator("#f-new_outcome_15").select_option("toewijzen")
        jurist_a.locator("#f-new_measures_15").fill("De politie stuurt alle gegevens mee.")
        jurist_a.locator("#f-outcome-17-ongegrond").check()
        click_and_load(jurist_a, jurist_a.get_by_role("button", name="Concept opslaan"))
        expect(jurist_a.locator("#act-ruling")).to_contain_text("Schrijf de heroverweging")
        jurist_a.locator("#f-reconsideration_17").fill(
            "De gegevens zijn nog nodig voor de lopende aanpak (artikel 17 lid 3 onder b AVG).")
        click_and_load(jurist_a, jurist_a.get_by_role("button", name="Concept opslaan"))
        expect(jurist_a.locator("#h-ruling ~ p strong").first).to_have_text("Concept")
        _shoot(jurist_a, "03-concept")
        click_and_load(jurist_a, jurist_a.get_by_role("button",
                                                      name="Ter goedkeuring aanbieden"))
        expect(jurist_a.locator("main")).to_contain_text("u heeft haar opgesteld")
        expect(jurist_a.get_by_role("button", name="Goedkeuren")).to_have_count(0)

        jurist_b = b_context.new_page()
        log_in(jurist_b, users["b"])
        jurist_b.goto(bezwaar_url)
        click_and_load(jurist_b, jurist_b.get_by_role("button", name="Goedkeuren"))
        # Jurist B took the besluit itself? No: the primary jurist did; B approved it. Awb
        # 10:3(3) refuses B, so the refusal is shown and the ruling waits.
        expect(jurist_b.locator("main")).to_contain_text("10:3 lid 3")

        third = make_third(live_server)
        b_context.close()
        b_context = new_context(browser, live_server)
        jurist_c = b_context.new_page()
        log_in(jurist_c, third)
        jurist_c.goto(bezwaar_url)
        click_and_load(jurist_c, jurist_c.get_by_role("button", name="Goedkeuren"))
        expect(jurist_c.locator("#h-ruling ~ p strong").first).to_have_text(
            "Genomen (nog niet verzonden)")

        contact.goto(bezwaar_url)
        _details(contact, "Verzending vastleggen")
        click_and_load(contact, contact.get_by_role("button", name="Verzending vastleggen"))
        expect(contact.locator("main > p > strong").first).to_have_text("Beslist")
        _shoot(contact, "04-beslist")
        href = contact.get_by_role("link", name="De verzonden beslissing (PDF)").get_attribute(
            "href")
        assert href is not None
        response = contact_context.request.get(href, max_redirects=3)
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(
            io.BytesIO(response.body())).pages).split())
        for expected in ("gedeeltelijk gegrond", "Het bezwaar over inzage is gegrond",
                         "Wij wijzen uw verzoek om inzage (artikel 15 AVG) toe.",
                         "De politie stuurt alle gegevens mee.", "Hoorder Onafhankelijk",
                         "Jurist Cornelissen", "Rechtbank Voorbeeldstad", "griffierecht"):
            assert expected in text, expected
        contact.goto(f"/verzoeken/{dsr_id}")
        expect(contact.locator("section[aria-labelledby=h-bezwaren]")).to_contain_text("Beslist")
        contact.goto("/bezwaren?afgehandeld=1")
        expect(contact.locator("table.queue")).to_contain_text("Beslist")
        _shoot(contact, "05-werkvoorraad")
    finally:
        contact_context.close()
        a_context.close()
        b_context.close()


def make_third(live_server: LiveServer) -> str:
    with live_server.app.app_context():
        try:
            return make_user(Role.JURIST, display_name="Jurist Cornelissen").email
        finally:
            db.session.remove()
