"""Every joint controller answers, walked in Debian chromium against the app served for real.

The contact point sets out tasks to all seven joint controllers (the page says which cannot be
reached, the flash who was told); politie answers in its inbox with a withheld entry and a
weighed UAVG 41 restriction (saving a draft first with the motivation still missing, then
confirming); the GGD answers in its inbox that it holds no data; the Raad voor de
Kinderbescherming answered by letter, which the contact point records on its behalf; the other
four are set aside with reasons. The besluit goes through four eyes, and the PDF's text shows
per controller what happened, with the withheld entry nowhere in it. Each user has a browser
context of its own; one 320 px phone screenshot of the participant's page is looked at.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.requests import services as requests

# The live server and chromium are shared with the other browser tests.
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    live_server,
    log_in,
    new_context,
)
from tests.factories import make_request, make_user

pytestmark = pytest.mark.browser

SET_ASIDE = {
    "Dienst Justitiële Inrichtingen": "Betrokkene heeft niet in een justitiële inrichting "
                                      "verbleven; geen gegevens in deze casus.",
    "Openbaar Ministerie": "Geen strafzaak in deze casus; het OM verwerkt hier geen gegevens.",
    "De burgemeester": "Geen bestuurlijke maatregel in deze casus.",
    "Het college van burgemeester en wethouders": "Geen gegevens van het sociaal domein in deze "
                                                  "casus ingebracht.",
}
WITHHELD = "Melder: J. Buur, Kerkstraat 14"
DISCLOSED = "Mutatie 2026-031: melding overlast Kerkstraat"
LETTER = b"%PDF-1.4 brief van de Raad: geen gegevens"


def _setup(live_server: LiveServer) -> tuple[dict[str, str], int, str]:
    """Staff, two participant accounts (politie, GGD; the five others have none), and a request
    in behandeling for inzage."""
    with live_server.app.app_context():
        try:
            emails = {"contactpunt": make_user(Role.CONTACTPUNT).email,
                      "politie": make_user(Role.DEELNEMER, organisation="politie").email,
                      "ggd": make_user(Role.DEELNEMER, organisation="ggd").email,
                      "jurist_a": make_user(Role.JURIST).email,
                      "jurist_b": make_user(Role.JURIST).email}
            dsr = make_request(rights=["15"], family_name="Zwartbroek", bsn="111222333")
            with unit_of_work():
                requests.start_handling(requests.get_request(dsr.id),
                                        actor=Actor.system("cli"), now=clock.now_utc())
            return emails, dsr.id, dsr.reference
        finally:
            db.session.remove()


def _open(context: BrowserContext, email: str) -> Page:
    page = context.new_page()
    log_in(page, email)
    return page


def _notice(page: Page, text: str) -> None:
    expect(page.locator("div.notice[role=status]")).to_contain_text(text)


def _task_href(contact: Page, dsr_id: int, organisation: str) -> str:
    contact.goto(f"/verzoeken/{dsr_id}/coordinatie")
    row = contact.locator("section[aria-labelledby=h-participants] tbody tr").filter(
        has=contact.get_by_role("rowheader", name=organisation, exact=True))
    href = row.locator("a").first.get_attribute("href")
    assert href and re.fullmatch(r"/taken/\d+", href), href
    return href


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


def test_every_controller_is_heard_and_the_letter_says_what_each_did(
        browser: Browser, live_server: LiveServer, tmp_path: Path) -> None:
    emails, dsr_id, reference = _setup(live_server)
    contexts: list[BrowserContext] = []

    def context() -> BrowserContext:
        contexts.append(new_context(browser, live_server))
        return contexts[-1]

    try:
        # 1. The contact point sets out tasks to all seven; five cannot be reached.
        contact = _open(context(), emails["contactpunt"])
        contact.goto(f"/verzoeken/{dsr_id}/coordinatie")
        warning = contact.locator("section[aria-labelledby=h-create] .flag")
        expect(warning).to_contain_text("Raad voor de Kinderbescherming")
        expect(warning).not_to_contain_text("Politie")
        click_and_load(contact, contact.get_by_role("button", name="Taken uitzetten",
                                                     exact=True))
        # the confirmation names who is told before anything is sent
        expect(contact.get_by_role("heading", level=1)).to_contain_text("Controleer de taken")
        click_and_load(contact, contact.get_by_role("button", name="Bevestigen", exact=True))
        _notice(contact, "Bericht gestuurd aan: GGD, Politie.")
        _notice(contact, "niet bericht: ")

        # 2. Politie: a draft with the motivation still missing keeps everything, then the
        #    weighed restriction and the withheld entry, confirmed and final.
        politie_href = _task_href(contact, dsr_id, "Politie")
        politie = _open(context(), emails["politie"])
        politie.goto(politie_href)
        shared = politie.locator("section[aria-labelledby=h-request]")
        expect(shared).to_contain_text("******333")
        expect(shared).not_to_contain_text("111222333")
        click_and_load(politie, politie.get_by_role("button", name="Toon het hele BSN"))
        expect(politie.locator("section[aria-labelledby=h-request]")).to_contain_text(
            "111222333")
        politie.goto(politie_href)
        politie.locator("#f-holds_data-yes").check()
        politie.locator("#f-categories").fill("Registraties in de basisvoorziening")
        politie.locator("#f-purposes").fill("Uitvoering van de politietaak")
        politie.locator("#f-sources").fill("Meldingen")
        politie.locator("#f-data_entries").fill(DISCLOSED)
        politie.locator("summary", has_text="UAVG art. 41 lid 1 onder i").click()
        politie.locator("#f-ground-41i").check()
        politie.locator("#f-withheld_entries_41i").fill(WITHHELD)
        click_and_load(politie, politie.get_by_role("button", name="Concept opslaan",
                                                     exact=True))
        _notice(politie, "Uw concept is opgeslagen.")
        expect(politie.locator("#f-withheld_entries_41i")).to_have_value(WITHHELD)
        politie.set_viewport_size({"width": 320, "height": 900})
        politie.screenshot(path=str(tmp_path / "politie-320.png"), full_page=True)
        politie.set_viewport_size({"width": 1280, "height": 900})
        click_and_load(politie, politie.get_by_role("button", name="Controleren en versturen",
                                                     exact=True))
        expect(politie.locator("#f-motivation_41i-error")).to_be_visible()
        expect(politie.locator("#f-weighing_41i-error")).to_be_visible()
        politie.locator("#f-motivation_41i").fill("De melder moet worden beschermd.")
        politie.locator("#f-weighing_41i_g").fill("Bij bekend worden loopt de melder gevaar.")
        politie.locator("#f-weighing_41i_c").fill("Alleen de naam en het adres van de melder.")
        politie.locator("#f-withheld_categories_41i").fill("Gegevens over de melder")
        click_and_load(politie, politie.get_by_role("button", name="Controleren en versturen",
                                                     exact=True))
        expect(politie.locator("h1")).to_contain_text("Controleer uw antwoord")
        expect(politie.locator("main")).to_contain_text(WITHHELD)
        click_and_load(politie, politie.get_by_role("button", name="Definitief versturen",
                                                     exact=True))
        _notice(politie, "definitief verstuurd")

        # 3. The GGD answers in its inbox: no data.
        ggd = _open(context(), emails["ggd"])
        ggd.goto("/taken")
        click_and_load(ggd, ggd.get_by_role("link", name=reference, exact=True))
        ggd.locator("#f-holds_data-no").check()
        click_and_load(ggd, ggd.get_by_role("button", name="Controleren en versturen",
                                             exact=True))
        click_and_load(ggd, ggd.get_by_role("button", name="Definitief versturen", exact=True))
        _notice(ggd, "definitief verstuurd")

        # 4. The Raad answered by letter: recorded on its behalf, with the letter.
        contact.goto(_task_href(contact, dsr_id, "Raad voor de Kinderbescherming"))
        expect(contact.locator("main")).to_contain_text("is niet bereikbaar")
        contact.locator("summary", has_text="Antwoord vastleggen namens").click()
        contact.locator("#f-source-letter").check()
        contact.locator("#f-received_on").fill(clock.today_local().isoformat())
        contact.locator("#f-answered_by").fill("T. Raad, jurist")
        contact.locator("#f-document").set_input_files(files=[{
            "name": "brief-raad.pdf", "mimeType": "application/pdf", "buffer": LETTER}])
        contact.locator("#f-ob-holds-no").check()
        click_and_load(contact, contact.get_by_role("button", name="Antwoord vastleggen",
                                                     exact=True))
        _notice(contact, "vastgelegd namens de organisatie")

        # 5. The other four are set aside, each with its reason.
        for organisation, reason in SET_ASIDE.items():
            contact.goto(_task_href(contact, dsr_id, organisation))
            contact.locator("summary", has_text="Taak terzijde leggen").click()
            contact.locator("#f-reason").fill(reason)
            contact.locator("#f-confirmed_by").fill("De privacy officer")
            click_and_load(contact, contact.get_by_role("button", name="Terzijde leggen",
                                                         exact=True))
            _notice(contact, "De taak is terzijde gelegd.")
        contact.goto(f"/verzoeken/{dsr_id}/coordinatie")
        expect(contact.locator("section[aria-labelledby=h-blocking]")).to_contain_text(
            "Niets:")
        expect(contact.locator("main")).to_contain_text("Vastgelegd door het contactpunt")

        # 6. Four eyes: jurist A drafts (gedeeltelijk toewijzen is proposed), B approves.
        jurist_a = _open(context(), emails["jurist_a"])
        jurist_a.goto(f"/verzoeken/{dsr_id}/besluit")
        expect(jurist_a.locator("#f-outcome_15")).to_have_value("gedeeltelijk_toewijzen")
        jurist_a.locator("#f-grounds_15-41i").check()
        click_and_load(jurist_a, jurist_a.get_by_role("button", name="Concept opslaan",
                                                       exact=True))
        click_and_load(jurist_a, jurist_a.get_by_role("button", name="Ter goedkeuring aanbieden",
                                                       exact=True))
        jurist_b = _open(context(), emails["jurist_b"])
        jurist_b.goto(f"/verzoeken/{dsr_id}/besluit")
        click_and_load(jurist_b, jurist_b.get_by_role("button", name="Goedkeuren", exact=True))
        _notice(jurist_b, "Het besluit is goedgekeurd")
        # The letter is made, dated, when the contact point records the sending.
        contact.goto(f"/verzoeken/{dsr_id}/besluit")
        notify = contact.locator("section[aria-labelledby=h-notify]")
        notify.locator("#f-sent_on").fill(clock.today_local().isoformat())
        notify.locator("#f-channel-post").check()
        click_and_load(contact, notify.get_by_role("button", name="Bekendmaking vastleggen",
                                                    exact=True))
        letter = contact.locator("section[aria-labelledby=h-letter]")
        href = letter.get_by_role("link", name=re.compile("^Besluit")).first.get_attribute("href")
        assert href
        response = contact.context.request.get(href)
        assert response.ok
        text = _pdf_text(response.body())

        # 7. The PDF says per controller what happened; the withheld entry is not in it.
        assert "Politie heeft gegevens over u" in text, text
        assert "GGD heeft geen gegevens over u" in text, text
        assert "vastgelegd door het contactpunt" in text, text
        for organisation, reason in SET_ASIDE.items():
            assert f"{organisation}: {reason}" in text, (organisation, text)
        assert DISCLOSED in text and WITHHELD not in text and "J. Buur" not in text, text
        assert "De melder moet worden beschermd." in text, text
    finally:
        for opened in contexts:
            opened.close()
