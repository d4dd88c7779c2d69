"""The breach walk in a real browser (issue 20): a participant (politie) reports a breach on a
phone, wrong first and then right, with tasks for the GGD and the OM; the GGD answers in its
inbox (a draft saved twice first), the OM from its own system through the API; the FG assesses
high risk, wrong then right; the police, which notifies by the arrangement, record the AP
notification within the 72 hours (refused first: a complete one names the measures); the
contact point decides to inform the person and makes the letter, whose PDF holds the elements of
art. 34(2). axe-core finds no serious problem on the report form and the breach page."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from avg_service import clock
from avg_service.access.roles import Role
from avg_service.clock import AMSTERDAM
from avg_service.extensions import db
from tests.breaches import helpers as h
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    live_server,
    log_in,
    new_context,
)
from tests.factories import api_token, bearer, make_request, make_user
from tests.requests.test_browser import _serious_violations

pytestmark = pytest.mark.browser

TITLE = "Verslag casusoverleg naar een verkeerde ontvanger"


@dataclass(frozen=True)
class People:
    emails: dict[str, str]
    reference: str  # the request of the person affected
    om_token: str  # the OM answers from its own system, through the API


def _set_up(live_server: LiveServer) -> People:
    with live_server.app.app_context():
        try:
            h.set_fg_contact()
            users = {code: make_user(Role.DEELNEMER, organisation=code)
                     for code in ("politie", "ggd", "om")}
            emails = {code: user.email for code, user in users.items()}
            emails["fg"] = make_user(Role.FG).email
            emails["contactpunt"] = make_user(Role.CONTACTPUNT).email
            dsr = make_request(given_names="Sanne", family_name="de Vries")
            return People(emails, dsr.reference, api_token(users["om"]))
        finally:
            db.session.remove()


def _press(page: Page, name: str) -> None:
    click_and_load(page, page.get_by_role("button", name=name, exact=True))


def _notice(page: Page) -> str:
    return page.locator("div.notice[role=status]").inner_text()


def _as(browser: Browser, live_server: LiveServer, email: str, *, phone: bool = False) -> Page:
    if phone:
        context = browser.new_context(base_url=live_server.url,
                                      viewport={"width": 320, "height": 740})
        context.set_default_timeout(10_000)
    else:
        context = new_context(browser, live_server)
    page = context.new_page()
    log_in(page, email)
    return page


def _answer(page: Page, breach_url: str, organisation: str, *, draft_twice: bool) -> None:
    page.goto("/datalekken")
    click_and_load(page, page.locator("section[aria-labelledby=h-tasks]").get_by_role("link"))
    expect(page.locator("h1")).to_contain_text("Taak bij datalek")
    expect(page.locator("main")).to_contain_text(TITLE)
    page.locator("#f-affected-yes").check()
    page.locator("#f-answer_persons").fill("1")
    page.locator("#f-answer_measures").fill(f"{organisation} heeft de eigen kopie verwijderd.")
    if draft_twice:
        for _ in range(2):  # a draft saved twice keeps what was typed
            _press(page, "Concept opslaan")
            assert "Uw concept is opgeslagen." in _notice(page)
            expect(page.locator("#f-affected-yes")).to_be_checked()
            expect(page.locator("#f-answer_measures")).to_have_value(
                f"{organisation} heeft de eigen kopie verwijderd.")
    _press(page, "Antwoord versturen")
    assert "Uw antwoord is verstuurd naar het contactpunt." in _notice(page)
    expect(page.locator("main")).to_contain_text("Beantwoord op")
    # The breach page shows this participant its own task only.
    page.goto(breach_url)
    expect(page.locator("section[aria-labelledby=h-tasks] li")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Sanne")


def test_report_assess_answer_notify_and_inform(browser: Browser, live_server: LiveServer,
                                                tmp_path: Path) -> None:
    people = _set_up(live_server)
    shots = tmp_path / "shots"
    shots.mkdir()

    # 1. The police report on a phone: wrong first (nothing stored), then right.
    page = _as(browser, live_server, people.emails["politie"], phone=True)
    page.goto("/datalekken/melden")
    assert _serious_violations(page) == []
    page.locator("#f-title").fill(TITLE)
    _press(page, "Datalek melden")
    expect(page.locator("#f-description-error")).to_have_text(
        re.compile("Beschrijf wat er is gebeurd."))
    expect(page.locator("#f-breach_types-error")).to_have_text("Kies wat voor datalek het is.")
    expect(page.locator("#f-title")).to_have_value(TITLE)  # what was typed stays
    page.screenshot(path=shots / "1-report-errors-320.png", full_page=True)
    page.locator("#f-description").fill("Het verslag is per e-mail naar een extern adres gegaan.")
    aware = (clock.now_utc() - timedelta(hours=2)).astimezone(AMSTERDAM)
    page.locator("#f-aware_at").fill(aware.strftime("%Y-%m-%dT%H:%M"))  # Dutch wall-clock time
    page.locator("#f-breach_types-confidentiality").check()
    page.locator("#f-data_kinds-case").check()
    page.locator("#f-data_kinds-health").check()
    page.locator("#f-persons_count").fill("3")
    page.locator("main label", has_text="GGD").click()
    page.locator("main label", has_text="Openbaar Ministerie").click()
    _press(page, "Datalek melden")
    assert "Het datalek is gemeld. De FG en het contactpunt zijn bericht." in _notice(page)
    breach_url = page.url
    expect(page.locator("section[aria-labelledby=h-clock]")).to_contain_text(
        re.compile(r"Nog (69|70) uur"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320 + 400  # nav: issue 17
    page.screenshot(path=shots / "2-breach-320.png", full_page=True)
    police = page  # the police stay logged in on the phone: they notify later

    # 2. The GGD answers in its inbox (a draft saved twice first); the OM from its own system.
    page = _as(browser, live_server, people.emails["ggd"])
    _answer(page, breach_url, "De GGD", draft_twice=True)
    page.context.close()
    api = browser.new_context(base_url=live_server.url).request
    (om_task,) = api.get("/api/v1/breach-tasks", headers=bearer(people.om_token)).json()
    answered = api.post(f"/api/v1/breach-tasks/{om_task['id']}/submit",
                        headers=bearer(people.om_token),
                        data={"affected": "no",
                              "answer_remarks": "Geen OM-gegevens in het verslag."})
    assert answered.ok and answered.json()["status"] == "answered"

    # 3. The FG sees it on the werkplek and assesses high risk.
    page = _as(browser, live_server, people.emails["fg"])
    expect(page.locator("section[aria-labelledby=h-breaches]")).to_contain_text(
        "nog niet gemeld bij de Autoriteit Persoonsgegevens")
    page.goto(breach_url)
    assert _serious_violations(page) == []
    expect(page.locator("#assessment")).to_contain_text("hoog risico")  # the suggestion
    page.locator("#f-risk-high").check()
    _press(page, "Beoordeling vastleggen")
    expect(page.locator("#f-reasons-error")).to_have_text("Geef de redenen van de beoordeling.")
    page.locator("#f-risk-high").check()
    page.locator("#f-reasons").fill("Casus- en gezondheidsgegevens bij een onbekende ontvanger.")
    page.locator("#f-example").select_option("B-ix")
    page.locator("#f-factor-sensitive").check()
    _press(page, "Beoordeling vastleggen")
    assert "De beoordeling is vastgelegd." in _notice(page)
    expect(page.locator("#assessment")).to_contain_text(
        "Meldt namens de verwerkingsverantwoordelijken")
    expect(page.locator("#assessment dd", has_text="Politie")).to_have_count(1)
    page.screenshot(path=shots / "3-assessed.png", full_page=True)
    page.context.close()

    # 4. The police record the AP notification on the phone, within the 72 hours.
    page = police
    page.goto(breach_url)
    page.locator("#f-n-meldnummer").fill("M-2026-0412345")
    page.locator("#f-n-consequences").fill("Kennisname door een onbevoegde ontvanger.")
    _press(page, "Melding vastleggen")  # a complete notification names the measures (33(3)(d))
    expect(page.locator("#f-n-measures-error")).to_contain_text("Vul in: de genomen of "
                                                                "voorgestelde maatregelen")
    expect(page.locator("#f-n-meldnummer")).to_have_value("M-2026-0412345")
    page.screenshot(path=shots / "4-notification-error-320.png", full_page=True)
    page.locator("#f-n-measures").fill("De ontvanger is gevraagd de e-mail te verwijderen.")
    _press(page, "Melding vastleggen")
    assert "De melding bij de AP is vastgelegd." in _notice(page)
    the_clock = page.locator("section[aria-labelledby=h-clock]")
    expect(the_clock).to_contain_text("Op tijd gemeld")
    expect(the_clock).to_contain_text("Gemeld binnen de 72 uur")
    record = _pdf_text(page, "wat is gemeld (PDF)")
    assert "Meldnummer AP M-2026-0412345" in record and "Gemeld binnen de 72 uur" in record
    page.context.close()

    # 5. The contact point links the person, decides to inform and makes the letter.
    page = _as(browser, live_server, people.emails["contactpunt"])
    page.goto(breach_url)
    page.locator("summary", has_text="Verzoeken koppelen").click()
    page.locator("#f-link-references").fill(people.reference)
    _press(page, "Koppelen")
    page.locator("#f-decision-inform").check()
    for name, value in h.PEOPLE_TEXTS.items():
        page.locator(f"#f-{name}").fill(value)
    _press(page, "Besluit vastleggen")
    assert "informeren" in _notice(page)
    page.locator("#f-dsr_id").select_option(label=f"Sanne de Vries ({people.reference})")
    _press(page, "Bericht maken")
    assert "Het bericht aan de betrokkene is gemaakt." in _notice(page)
    letter = _pdf_text(page, "brief (PDF)")
    for value in h.PEOPLE_TEXTS.values():
        assert value in letter
    assert "Geachte Sanne de Vries" in letter and "A. de Boer" in letter
    page.screenshot(path=shots / "5-informed.png", full_page=True)
    page.context.close()


def _pdf_text(page: Page, link: str) -> str:
    """The PDF behind the link, fetched with the page's session (it opens inline)."""
    href = page.get_by_role("link", name=link).get_attribute("href")
    response = page.request.get(str(href))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    data = response.body()
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
