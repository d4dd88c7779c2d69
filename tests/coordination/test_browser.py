"""Coordination in a real browser: Debian chromium driven by Playwright against the app served
for real (werkzeug, in a thread, on a database of its own).

The done-criterion of the coordination: a participant (politie) logs in, finds its task through
the "Taken" menu, sees the request data the contact point shares and the questions, saves a draft
answer with a restriction ground and its motivation, uploads a PDF, and submits the answer; the
task is then final (no form). The contact point, in a browser of its own, sees politie's answer in
the request's coordination overview (status, ground, motivation, file) and downloads the very
same file. Another participant (GGD) sees only its own task and gets a 404 page on politie's task
and politie's file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect
from pypdf import PdfReader, PdfWriter

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.coordination import services
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.requests import services as requests

# The live server, chromium and a fresh page per test are shared with the other browser tests.
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    live_server,
    log_in,
    new_context,
    page,
)
from tests.factories import make_request, make_user, organisation_id

pytestmark = pytest.mark.browser

SYSTEM = Actor.system("cli")
GROUND_41D = "UAVG art. 41 lid 1 onder d"
MOTIVATION = "Lopend opsporingsonderzoek; verstrekking schaadt het onderzoek."
FILENAME = "uittreksel-bronsysteem.pdf"


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()


@dataclass(frozen=True)
class Scenario:
    dsr_id: int
    reference: str
    name: str
    task_ids: dict[str, int]  # organisation code -> task id
    emails: dict[str, str]  # "politie", "ggd", "contactpunt" -> e-mail address


def _set_up(live_server: LiveServer, *codes: str, family_name: str) -> Scenario:
    """Users, a request in progress and one task per participant code, through the services,
    committed in the live app's database."""
    with live_server.app.app_context():
        try:
            emails = {code: make_user(Role.DEELNEMER, organisation=code).email
                      for code in ("politie", "ggd")}
            emails["contactpunt"] = make_user(Role.CONTACTPUNT).email
            dsr = make_request(given_names="Fatima", family_name=family_name)
            with unit_of_work():
                requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM,
                                        now=clock.now_utc())
            ids = {code: organisation_id(code) for code in codes}
            with unit_of_work():
                tasks = services.create_tasks(
                    requests.get_request(dsr.id), organisation_ids=list(ids.values()),
                    shared=DEFAULT_SHARED, actor=SYSTEM, now=clock.now_utc())
                by_organisation = {t.organisation_id: t.id for t in tasks}
            return Scenario(dsr_id=dsr.id, reference=dsr.reference, name=dsr.full_name,
                            task_ids={code: by_organisation[ids[code]] for code in codes},
                            emails=emails)
        finally:
            db.session.remove()


def _open_inbox(page: Page) -> None:
    click_and_load(page, page.get_by_role("navigation").get_by_role("link", name="Taken",
                                                                    exact=True))
    expect(page.locator("h1")).to_have_text("Taken")


def _press(page: Page, name: str) -> None:
    click_and_load(page, page.get_by_role("button", name=name, exact=True))


def _notice(page: Page) -> str:
    return page.locator("div.notice[role=status]").inner_text()


# ---------------------------------------------------------------------------------- tests
def test_a_participant_submits_an_answer_with_a_file_and_the_contact_point_sees_it(
        browser: Browser, live_server: LiveServer, tmp_path: Path) -> None:
    s = _set_up(live_server, "politie", family_name="El Amrani")
    task_id = s.task_ids["politie"]

    participant = new_context(browser, live_server)
    try:
        page = participant.new_page()
        # 1. Log in, the inbox through the menu, the task.
        log_in(page, s.emails["politie"])
        _open_inbox(page)
        link = page.get_by_role("link", name=s.reference, exact=True)
        expect(link).to_have_attribute("href", f"/taken/{task_id}")
        click_and_load(page, link)
        expect(page).to_have_url(f"{live_server.url}/taken/{task_id}")
        expect(page.locator("h1")).to_have_text(f"Taak voor verzoek {s.reference}")

        shared = page.locator("section[aria-labelledby=h-request] dl.facts")
        expect(shared.locator("dt")).to_have_text(
            ["Naam", "Geboortedatum", "BSN", "Ingeroepen rechten"])
        expect(shared.locator("dd")).to_have_text(
            [s.name, re.compile(r"\b17 mei 1980$"), "—", "Inzage (art. 15)"])
        expect(page.locator("main")).not_to_contain_text("Dorpsstraat")  # address not shared
        expect(page.locator("section[aria-labelledby=h-questions]")).to_contain_text(
            "Heeft u gegevens over betrokkene in de ZVH-verwerking?")

        # 2. The answer as a draft, with a restriction ground and its motivation.
        page.locator("#f-holds_data-yes").check()
        page.locator("#f-categories").fill("Registraties in de basisvoorziening handhaving")
        page.locator("#f-purposes").fill("Uitvoering van de politietaak")
        page.locator("#f-sources").fill("Eigen waarneming en aangiften")
        page.locator("#f-recipients").fill("Openbaar Ministerie")
        page.locator("#f-retention").fill("Vijf jaar")
        page.locator("#f-data_entries").fill("Mutatie 2024-001\nMutatie 2024-017")
        page.locator("summary", has_text=GROUND_41D).click()
        page.locator("#f-ground-41d").check()
        page.locator("#f-motivation_41d").fill(MOTIVATION)
        _press(page, "Concept opslaan")
        assert "Uw concept is opgeslagen." in _notice(page)

        # The file, through the answer form's one upload control; the draft stays.
        upload: FilePayload = {"name": FILENAME, "mimeType": "application/pdf", "buffer": PDF}
        page.locator("#f-answer-file").set_input_files(files=[upload])
        _press(page, "Concept opslaan")
        assert "Uw concept is opgeslagen." in _notice(page)
        expect(page.locator("section[aria-labelledby=h-files]").get_by_role(
            "link", name=FILENAME)).to_be_visible()
        expect(page.locator("#f-holds_data-yes")).to_be_checked()
        expect(page.locator("#f-categories")).to_have_value(
            "Registraties in de basisvoorziening handhaving")
        expect(page.locator("#f-ground-41d")).to_be_checked()
        expect(page.locator("#f-motivation_41d")).to_have_value(MOTIVATION)

        # Submitted after confirming: final, the forms are gone, the answer is read-only.
        page.locator("#f-weighing_41d_a").fill("Een lopend opsporingsonderzoek.")
        page.locator("#f-withheld_categories_41d").fill("Gegevens uit het onderzoek")
        _press(page, "Controleren en versturen")
        expect(page).to_have_url(f"{live_server.url}/taken/{task_id}/bevestigen")
        _press(page, "Definitief versturen")
        expect(page).to_have_url(f"{live_server.url}/taken/{task_id}")
        assert "Uw antwoord is definitief verstuurd naar het contactpunt." in _notice(page)
        expect(page.locator("main")).to_contain_text("Beantwoord")
        expect(page.locator("main")).to_contain_text("Het antwoord is definitief verstuurd op")
        expect(page.locator(f"form[action='/taken/{task_id}/antwoord']")).to_have_count(0)
        expect(page.locator("#f-answer-file")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile("^Verwijder"))).to_have_count(0)
        answer = page.locator("section[aria-labelledby=h-answer]")
        expect(answer).to_contain_text(GROUND_41D)
        expect(answer).to_contain_text(MOTIVATION)
    finally:
        participant.close()

    # 3. The contact point, in a browser of its own, sees politie's answer and its file.
    contact_point = new_context(browser, live_server)
    try:
        page = contact_point.new_page()
        log_in(page, s.emails["contactpunt"])
        page.goto(f"/verzoeken/{s.dsr_id}/coordinatie")
        expect(page.locator("h1")).to_have_text(f"Coördinatie van verzoek {s.reference}")

        row = page.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name="Politie", exact=True))
        expect(row.locator("td")).to_have_text(
            ["Beantwoord", re.compile(r"\S"), "ja", GROUND_41D, "1", "—"])

        line = page.locator(f"section[aria-labelledby=h-line-{task_id}]")
        expect(line.locator("h3")).to_have_text("Politie — Beantwoord")
        expect(line).to_contain_text("Definitief beantwoord op")
        expect(line).to_contain_text("Registraties in de basisvoorziening handhaving")
        expect(line.locator("li", has_text=GROUND_41D)).to_contain_text(MOTIVATION)

        file_link = line.get_by_role("link", name=FILENAME, exact=True)
        with page.expect_download() as info:
            file_link.click()
        download = info.value
        assert download.failure() is None, download.failure()
        assert download.suggested_filename == FILENAME
        target = tmp_path / FILENAME
        download.save_as(target)
        assert target.read_bytes() == PDF
        assert len(PdfReader(target).pages) == 1
    finally:
        contact_point.close()


def test_another_participant_sees_only_its_own_task_and_gets_404_on_politie_task(
        page: Page, live_server: LiveServer) -> None:
    s = _set_up(live_server, "politie", "ggd", family_name="Verbeek")
    politie_task, ggd_task = s.task_ids["politie"], s.task_ids["ggd"]
    with live_server.app.app_context():
        try:
            with unit_of_work():
                politie_file = services.add_file(services.get_task(politie_task), FILENAME, PDF,
                                                 actor=SYSTEM, now=clock.now_utc()).id
        finally:
            db.session.remove()

    log_in(page, s.emails["ggd"])
    _open_inbox(page)
    links = page.locator("table tbody a")
    expect(links).to_have_count(1)  # its own task on the same request; politie's is not listed
    expect(links).to_have_attribute("href", f"/taken/{ggd_task}")
    expect(page.locator(f"a[href='/taken/{politie_task}']")).to_have_count(0)

    response = page.goto(f"/taken/{politie_task}")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Deze pagina bestaat niet")
    expect(page.locator("main")).not_to_contain_text(s.name)

    for path in (f"/taken/{politie_task}/bestanden/{politie_file}",
                 f"/taken/{ggd_task}/bestanden/{politie_file}"):
        refused = page.context.request.get(path)
        assert refused.status == 404, (path, refused.status)
        assert b"%PDF" not in refused.body()

    # Its own task still opens, showing the request data shared with GGD.
    response = page.goto(f"/taken/{ggd_task}")
    assert response is not None and response.status == 200
    expect(page.locator("section[aria-labelledby=h-request]")).to_contain_text(s.name)
