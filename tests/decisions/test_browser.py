"""The whole way of one request in a real browser: Debian chromium driven by Playwright against
the app served for real (werkzeug, in a thread, on a database of its own).

The done-criterion of the besluit: a requester submits the Dutch public form for inzage; the
contact point finds the request in the work queue, records the identity check and takes it in
behandeling, and sets out a task for politie only; politie answers (data, one entry, a
restriction ground UAVG 41(1)(d) with its motivation); the jurist's real loop: jurist A drafts
the besluit (inzage partly granted on that ground, the standard motivation filled in), saves,
changes, saves again and offers it for approval; jurist B sends it back with a reason, which
jurist A sees on the page, fixes, saves and resubmits; jurist B approves. The contact point
records the bekendmaking (today, by post, the requester's choice) and the page shows the end of
the bezwaartermijn; only then is the letter made, dated today. Its text shows the dictum, the
corrected motivation (not the first draft), politie's motivation, the bezwaarclausule and the
approving jurist's signature under mandate, and its XMP carries the PDF/A-2 identification.
Every user has a browser context (so a session) of their own.

The live server runs on the real clock, so the expected dates come from the same clock.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from pypdf import PdfReader

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.roles import Role
from avg_service.decisions.catalogue import GROUNDS_BY_CODE
from avg_service.extensions import db

# The live server and chromium are shared with the other browser tests.
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    fill_requester,
    live_server,
    log_in,
    new_context,
)
from tests.factories import make_user

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"AVG-\d{4}-\d{6}")
GROUND_41D = "UAVG art. 41 lid 1 onder d"
MOTIVATION = "Lopend opsporingsonderzoek; verstrekking schaadt het onderzoek."
ENTRY = "Mutatie 2024-001: melding overlast Kerkstraat"
FIRST_DRAFT = "Het onderzoek loopt nog enige tijd."
SEND_BACK = "Zeg tot wanneer de beperking geldt en wanneer u opnieuw kunt vragen."
CORRECTED = ("De beperking geldt zolang het onderzoek loopt. Vraagt u over een half jaar opnieuw, "
             "dan kijken wij of de gegevens dan wel kunnen worden gegeven.")


@dataclass(frozen=True)
class Users:
    contact_point: str
    politie: str
    jurist_a: str
    jurist_b: str


def _users(live_server: LiveServer) -> Users:
    """The staff and the participant, committed in the live app's database."""
    with live_server.app.app_context():
        try:
            return Users(contact_point=make_user(Role.CONTACTPUNT).email,
                         politie=make_user(Role.DEELNEMER, organisation="politie").email,
                         jurist_a=make_user(Role.JURIST, display_name="Jurist Aalders").email,
                         jurist_b=make_user(Role.JURIST, display_name="Jurist Bakker").email)
        finally:
            db.session.remove()


# ---------------------------------------------------------------------------------- helpers
def _set_aside_the_others(live_server: LiveServer, dsr_id: int) -> None:
    """A task for every joint controller without one, set aside with a reason."""
    from avg_service.access.actor import Actor
    from avg_service.coordination import services as coordination
    from avg_service.coordination import settling
    from avg_service.db import unit_of_work
    from avg_service.requests import services as requests

    actor, now = Actor.system("cli"), clock.now_utc()
    with live_server.app.app_context():
        try:
            with unit_of_work():
                dsr = requests.get_request(dsr_id)
                have = {line.organisation.id for line in coordination.consolidated(dsr)
                        if line.task is not None}
                tasks = coordination.create_tasks(
                    dsr, organisation_ids=[o.id for o in coordination.default_organisations()
                                           if o.id not in have],
                    shared=("name", "rights"), actor=actor, now=now)
                for task in tasks:
                    settling.set_aside(task, reason="Geen gegevens in deze casus.",
                                       confirmed_by="De privacy officer", actor=actor, now=now)
        finally:
            db.session.remove()


def _log_in(context: BrowserContext, email: str) -> Page:
    page = context.new_page()
    log_in(page, email)
    return page


def _expect_notice(page: Page, text: str) -> None:
    expect(page.locator("div.notice[role=status]")).to_contain_text(text)


def _act(page: Page, title: str, *, fill: dict[str, str] | None = None) -> None:
    """An act on the request page: open its <details>, choose the options (by their label),
    press its button."""
    action = page.locator("section.actions details").filter(
        has=page.locator("summary", has_text=re.compile(f"^{re.escape(title)}$")))
    action.locator("summary").click()
    for selector, value in (fill or {}).items():
        action.locator(selector).select_option(label=value)
    click_and_load(page, action.get_by_role(
        "button", name=re.compile(f"^(Controleren: )?{re.escape(title)}$")))
    confirm = page.get_by_role("button", name=re.compile("^Bevestigen: "))
    if confirm.count():  # an act that sends a letter or cannot be undone: shown, then confirmed
        click_and_load(page, confirm)


def _fact(page: Page, term: str) -> Locator:
    """The <dd> after the <dt> with this text."""
    return page.locator(f"dl.facts dt:text-is('{term}') + dd")


def _duplicate_ids(page: Page) -> list[str]:
    """Ids used more than once: a label then names only the first field with that id."""
    found: list[str] = page.evaluate("""() => {
        const seen = {};
        document.querySelectorAll('[id]').forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
        return Object.keys(seen).filter(id => seen[id] > 1);
    }""")
    return found


def _pdf_text(data: bytes) -> tuple[str, PdfReader]:
    assert data.startswith(b"%PDF"), data[:40]
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    return " ".join(text.split()), reader  # line breaks fall anywhere


# ---------------------------------------------------------------------------------- the test
def test_one_request_from_the_public_form_to_the_end_of_the_objection_period(
        browser: Browser, live_server: LiveServer) -> None:
    users = _users(live_server)
    base = live_server.url
    contexts: list[BrowserContext] = []

    def context() -> BrowserContext:
        contexts.append(new_context(browser, live_server))
        return contexts[-1]

    try:
        # 1. The requester submits the Dutch public form for inzage.
        page = context().new_page()
        page.goto("/verzoek")
        fill_requester(page, given="Fatima", family="Zwartbroek")
        page.locator("#f-right-15").check()
        click_and_load(page, page.locator("form.request-form button[type=submit]"))
        expect(page).to_have_url(f"{base}/verzoek/ontvangen")
        reference = page.locator(".reference").inner_text().strip()
        assert REFERENCE.fullmatch(reference), reference

        # 2. The contact point finds it in the work queue, records the identity check and
        #    takes it in behandeling.
        contact = _log_in(context(), users.contact_point)
        contact.goto("/verzoeken")
        contact.locator("#q").fill(reference)
        click_and_load(contact, contact.get_by_role("button", name="Toon", exact=True))
        expect(contact).to_have_url(f"{base}/verzoeken")  # the search is posted, not in the URL
        link = contact.get_by_role("link", name=reference, exact=True)
        expect(link).to_have_count(1)
        click_and_load(contact, link)
        expect(contact).to_have_url(re.compile(re.escape(f"{base}/verzoeken/") + r"\d+$"))
        dsr_id = int(contact.url.rsplit("/", 1)[1])
        request_page = f"{base}/verzoeken/{dsr_id}"
        expect(contact.locator("h1")).to_have_text(f"Verzoek {reference}")
        assert _duplicate_ids(contact) == [], "each action's fields need ids of their own"

        _act(contact, "Identiteit vastgesteld", fill={"select[name=method]": "DigiD aan de balie"})
        expect(contact).to_have_url(request_page)
        _expect_notice(contact, "De identiteitscontrole is vastgelegd.")
        expect(_fact(contact, "Identiteit")).to_contain_text("DigiD aan de balie")

        _act(contact, "In behandeling nemen")
        expect(contact).to_have_url(request_page)
        _expect_notice(contact, "Het verzoek is in behandeling.")
        expect(contact.locator("main > p > strong").first).to_have_text("In behandeling")

        # 3. Tasks: politie only (the other participants unticked).
        click_and_load(contact, contact.get_by_role("link", name="Coördinatie met de deelnemers"))
        expect(contact).to_have_url(f"{request_page}/coordinatie")
        participants = contact.locator("fieldset").filter(
            has=contact.locator("legend", has_text=re.compile("^Deelnemers$")))
        boxes = participants.locator("input[name=organisation_ids]")
        for index in range(boxes.count()):
            boxes.nth(index).uncheck()
        participants.get_by_label("Politie", exact=True).check()
        click_and_load(contact, contact.get_by_role("button", name="Taken uitzetten",
                                                     exact=True))
        # the confirmation names who is told before anything is sent
        expect(contact.get_by_role("heading", level=1)).to_contain_text("Controleer de taken")
        click_and_load(contact, contact.get_by_role("button", name="Bevestigen", exact=True))
        expect(contact).to_have_url(f"{request_page}/coordinatie")
        _expect_notice(contact, "De taken zijn uitgezet")
        rows = contact.locator("section[aria-labelledby=h-participants] tbody tr")
        politie_row = rows.filter(has=contact.get_by_role("rowheader", name="Politie",
                                                          exact=True))
        task_link = politie_row.get_by_role("link", name="Open", exact=True)
        task_href = task_link.get_attribute("href")
        assert task_href and re.fullmatch(r"/taken/\d+", task_href), task_href
        expect(contact.locator("section[aria-labelledby=h-participants] tbody a")).to_have_count(1)

        # 4. Politie answers, with a restriction ground and its motivation.
        participant = _log_in(context(), users.politie)
        participant.goto(task_href)
        expect(participant.locator("h1")).to_have_text(f"Taak voor verzoek {reference}")
        participant.locator("#f-holds_data-yes").check()
        participant.locator("#f-categories").fill("Registraties in de basisvoorziening")
        participant.locator("#f-purposes").fill("Uitvoering van de politietaak")
        participant.locator("#f-sources").fill("Eigen waarneming")
        participant.locator("#f-data_entries").fill(ENTRY)
        participant.locator("summary", has_text=GROUND_41D).click()
        participant.locator("#f-ground-41d").check()
        participant.locator("#f-motivation_41d").fill(MOTIVATION)
        participant.locator("#f-weighing_41d_a").fill("Een lopend opsporingsonderzoek.")
        participant.locator("#f-withheld_categories_41d").fill("Gegevens uit het onderzoek")
        click_and_load(participant, participant.get_by_role(
            "button", name="Controleren en versturen", exact=True))
        click_and_load(participant, participant.get_by_role(
            "button", name="Definitief versturen", exact=True))
        expect(participant).to_have_url(f"{base}{task_href}")
        _expect_notice(participant, "Uw antwoord is definitief verstuurd naar het contactpunt.")

        # 4b. The other six joint controllers are set aside (the browser walk of that is in
        #     tests/coordination/test_walk_every_controller.py): a besluit waits for each.
        _set_aside_the_others(live_server, dsr_id)

        # 5. Jurist A drafts: inzage partly granted on UAVG 41(1)(d); the empty motivation
        #    takes the standard paragraph. Saves, changes, saves again; offers it for approval.
        jurist_a = _log_in(context(), users.jurist_a)
        jurist_a.goto(f"{request_page}/besluit")
        expect(jurist_a.locator("h1")).to_have_text(f"Besluit op verzoek {reference}")
        expect(jurist_a.locator("aside[aria-labelledby=h-restrictions]")).to_contain_text(
            MOTIVATION)
        jurist_a.locator("#f-outcome_15").select_option("gedeeltelijk_toewijzen")
        jurist_a.locator("#f-grounds_15-41d").check()
        save = jurist_a.get_by_role("button", name="Concept opslaan", exact=True)
        click_and_load(jurist_a, save)
        expect(jurist_a).to_have_url(f"{request_page}/besluit")
        _expect_notice(jurist_a, "Het concept is opgeslagen.")
        standard = GROUNDS_BY_CODE["41d"].motivation
        expect(jurist_a.locator("#f-motivation_15")).to_have_value(standard)
        jurist_a.locator("#f-motivation_15").fill(standard + "\n\n" + FIRST_DRAFT)
        click_and_load(jurist_a, save)  # the second save (it failed with a 500 before)
        _expect_notice(jurist_a, "Het concept is opgeslagen.")
        expect(jurist_a.locator("#f-motivation_15")).to_contain_text(FIRST_DRAFT)

        # 5b. The CONCEPT PDF: asked for, made by a job (here inline, after the commit), shown
        #     on its own page; asked for twice, the same draft is the same preview.
        previews = []
        for _ in range(2):
            click_and_load(jurist_a, jurist_a.get_by_role("button", name="Voorbeeld als PDF",
                                                           exact=True))
            expect(jurist_a).to_have_url(re.compile(
                re.escape(f"{request_page}/besluit/voorbeelden/") + r"\d+$"))
            expect(jurist_a.get_by_role("status")).to_contain_text("Het voorbeeld is klaar")
            previews.append(jurist_a.url)
            opened = jurist_a.get_by_role("link", name="Voorbeeld openen (PDF)")
            pdf = jurist_a.request.get(f"{base}{opened.get_attribute('href')}")
            assert pdf.ok and pdf.headers["cache-control"] == "no-store"
            text, _reader = _pdf_text(pdf.body())
            assert "CONCEPT" in text and FIRST_DRAFT in text, text[:300]
            click_and_load(jurist_a, jurist_a.get_by_role("link", name=re.compile(
                "^← Besluit op verzoek")))
        assert previews[0] == previews[1]
        # Nobody else opens it, not even the second jurist.
        jurist_b = _log_in(context(), users.jurist_b)
        for path in (previews[0], f"{previews[0]}.pdf"):
            assert jurist_b.request.get(path).status == 404

        click_and_load(jurist_a, jurist_a.get_by_role("button", name="Ter goedkeuring aanbieden",
                                                       exact=True))
        _expect_notice(jurist_a, "Het besluit is ter goedkeuring aangeboden")
        expect(jurist_a.get_by_role("button", name="Goedkeuren")).to_have_count(0)  # four eyes

        # 6. Jurist B sends it back with a reason; jurist A sees it, fixes, saves, resubmits.
        jurist_b.goto(f"{request_page}/besluit")
        expect(jurist_b.locator("main > p > strong").first).to_have_text("Ter goedkeuring")
        jurist_b.locator("summary", has_text="Terugsturen naar de opsteller").click()
        jurist_b.locator("#f-reason").fill(SEND_BACK)
        click_and_load(jurist_b, jurist_b.get_by_role("button", name="Terugsturen", exact=True))
        _expect_notice(jurist_b, "Het besluit is teruggestuurd naar de opsteller.")
        jurist_a.goto(f"{request_page}/besluit")
        expect(jurist_a.locator("#sent-back")).to_contain_text(SEND_BACK)
        jurist_a.locator("#f-motivation_15").fill(standard + "\n\n" + CORRECTED)
        click_and_load(jurist_a, save)
        _expect_notice(jurist_a, "Het concept is opgeslagen.")
        expect(jurist_a.locator("#sent-back")).to_contain_text(SEND_BACK)  # until resubmitted
        click_and_load(jurist_a, jurist_a.get_by_role("button", name="Ter goedkeuring aanbieden",
                                                       exact=True))
        expect(jurist_a.locator("#sent-back")).to_have_count(0)

        # 7. Jurist B approves: the content is fixed, the letter is made on the day of sending.
        jurist_b.goto(f"{request_page}/besluit")
        click_and_load(jurist_b, jurist_b.get_by_role("button", name="Goedkeuren", exact=True))
        expect(jurist_b).to_have_url(f"{request_page}/besluit")
        _expect_notice(jurist_b, "Het besluit is goedgekeurd")
        expect(jurist_b.locator("section[aria-labelledby=h-letter]")).to_contain_text(
            "wordt gemaakt als de verzending wordt vastgelegd")

        # 8. The contact point records the bekendmaking: today, by post (the requester chose
        #    post, so it is chosen beforehand).
        contact.goto(f"{request_page}/besluit")
        today = clock.today_local()
        notify = contact.locator("section[aria-labelledby=h-notify]")
        expect(notify.locator("#f-channel-post")).to_be_checked()
        notify.locator("#f-sent_on").fill(today.isoformat())
        click_and_load(contact, notify.get_by_role("button", name="Bekendmaking vastleggen",
                                                    exact=True))
        expect(contact).to_have_url(f"{request_page}/besluit")
        _expect_notice(contact, "De bekendmaking is vastgelegd; de bezwaartermijn loopt.")
        expect(contact.locator("main > p > strong").first).to_have_text("Bekendgemaakt")
        expect(_fact(contact, "Verzonden of uitgereikt op")).to_have_text(
            f"{law.format_date_nl(today)} — per post verzonden")
        end = law.objection_period_end(today)
        expect(_fact(contact, "Einde bezwaartermijn").locator("strong")).to_have_text(
            law.format_date_nl(end))
        expect(contact.locator("section[aria-labelledby=h-objections]")).to_contain_text(
            "Geen bezwaar ontvangen.")

        # 9. The letter, dated today, through the context's request API (it shares cookies).
        letter_section = contact.locator("section[aria-labelledby=h-letter]")
        expect(letter_section).to_contain_text("SHA-256")  # rendered, not "wordt aangemaakt"
        letter_href = letter_section.get_by_role(
            "link", name=f"Besluit gedateerd {law.format_date_nl(today)} (PDF/A)"
        ).get_attribute("href")
        assert letter_href and re.fullmatch(rf"/verzoeken/{dsr_id}/brieven/\d+\.pdf",
                                            letter_href), letter_href
        response = contact.context.request.get(letter_href)
        assert response.ok and response.headers["content-type"] == "application/pdf"
        text, reader = _pdf_text(response.body())
        assert reference in text and "Zwartbroek" in text, text[:500]
        assert law.format_date_nl(today) in text  # the dagtekening: the day of sending
        # The dictum.
        assert "Wij wijzen uw verzoek om inzage (artikel 15 AVG) gedeeltelijk toe." in text, text
        # The motivation: the standard paragraph, the corrected paragraph (not the first
        # draft), the ground, politie's own motivation.
        assert " ".join(standard.split()) in text, text
        assert CORRECTED in text and FIRST_DRAFT not in text, text
        assert "Wij baseren dit op UAVG art. 41 lid 1 onder d." in text, text
        assert MOTIVATION in text, text
        assert ENTRY in text, text  # the data annex
        # The bezwaarclausule, with the end of the term counted from the day of sending.
        assert "Bent u het niet eens met dit besluit?" in text, text
        assert "bezwaar maken bij" in text and "zes weken" in text, text
        assert law.format_date_nl(end) in text, text
        # The signature under mandate, by the approving jurist.
        assert "namens dezen" in text and "Jurist Bakker, jurist" in text, text
        # The PDF/A identification.
        xmp = reader.xmp_metadata
        assert xmp is not None
        raw = xmp.stream.get_data().decode()
        assert 'pdfaid:part="2"' in raw, raw[:1000]

        # The request is closed and its timeline says when the bezwaartermijn ends.
        contact.goto(request_page)
        expect(contact.locator("main > p > strong").first).to_have_text("Afgehandeld")
        expect(contact.locator("ol.timeline")).to_contain_text(
            f"de bezwaartermijn eindigt op {law.format_date_nl(end)}")
    finally:
        for opened in contexts:
            opened.close()
