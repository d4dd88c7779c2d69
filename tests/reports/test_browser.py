"""The FG's walk in a real browser (issue 21): the figures with their charts, a wrong period and
then a right one, on a 320 px phone and a desktop; the annual report, sent without text first,
then made and downloaded (its PDF holds the figures); a destruction list composed, approved and
carried out (the old request's file is gone). axe-core finds no serious problem on the figures,
the report and the destruction pages."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.requests import documents
from avg_service.requests.models import DataSubjectRequest
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    live_server,
    log_in,
    new_context,
)
from tests.factories import make_user, organisation_id
from tests.reports.seed import seed
from tests.requests.test_browser import _serious_violations
from tests.retention.helpers import _request

pytestmark = pytest.mark.browser


def _set_up(live_server: LiveServer) -> tuple[str, int, str]:
    with live_server.app.app_context():
        try:
            seed()
            fg = make_user(Role.FG, display_name="A. de Boer")
            organisation_id("politie")
            with unit_of_work():  # closed in 2024: its whole file is past the 24 months
                old, key, _file = _request("Oudenaarde", date(2023, 11, 1), date(2024, 1, 10))
                old_id = old.id
            return fg.email, old_id, key
        finally:
            db.session.remove()


def _press(page: Page, name: str) -> None:
    click_and_load(page, page.get_by_role("button", name=name, exact=True))


def test_the_fg_walks_figures_report_and_destruction(browser: Browser, live_server: LiveServer,
                                                     tmp_path: Path) -> None:
    email, old_id, old_key = _set_up(live_server)
    shots = Path(tmp_path) / "shots"
    shots.mkdir()

    # On a phone: the figures, a wrong period first.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 740})
    phone.set_default_timeout(10_000)
    small = phone.new_page()
    log_in(small, email)
    small.goto("/fg/cijfers")
    small.locator("#p-van").fill("2026-12-31")
    small.locator("#p-tot").fill("2026-01-01")
    _press(small, "Toon")
    expect(small.locator("#p-tot-error")).to_have_text("De einddatum ligt voor de begindatum.")
    small.locator("#p-van").fill("2026-01-01")
    small.locator("#p-tot").fill("2026-12-31")
    _press(small, "Toon")
    expect(small.get_by_text("Periode: 2026")).to_be_visible()
    by_right = small.locator("section[aria-labelledby=fig-by_right]")
    expect(by_right.locator("tr", has_text="Inzage (art. 15)")).to_contain_text("4")
    expect(by_right.locator("svg title").first).to_contain_text("Verzoeken per recht")
    width = small.evaluate("document.documentElement.scrollWidth")
    wide = small.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 330)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
    small.screenshot(path=shots / "1-figures-320.png", full_page=True)
    assert width <= 320, f"the figures page scrolls sideways on a phone ({width} px): {wide}"
    phone.close()

    # On a desktop: the same page, then the annual report, then the destruction.
    context = new_context(browser, live_server)
    page = context.new_page()
    log_in(page, email)
    page.goto("/fg/cijfers?van=2026-01-01&tot=2026-12-31")
    expect(page.locator("svg.chart")).to_have_count(8)
    page.screenshot(path=shots / "2-figures-desktop.png", full_page=True)
    assert _serious_violations(page) == []

    click_and_load(page, page.get_by_role("link", name="Jaarverslag"))
    page.locator("#jaar").select_option("2026")
    _press(page, "Jaarverslag maken")
    expect(page.locator("#tekst-error")).to_have_text("Schrijf uw tekst voor het verslag.")
    assert _serious_violations(page) == []
    page.locator("#tekst").fill("De termijnen zijn meestal gehaald. Eén besluit kwam te laat.")
    _press(page, "Jaarverslag maken")
    expect(page.locator("div.notice[role=status]")).to_contain_text("over 2026 is gemaakt")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").first.click(modifiers=["Alt"])
    pdf = Path(download_info.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Eén besluit kwam te laat." in text and "Inzage (art. 15) 4" in text
    page.screenshot(path=shots / "3-annual.png", full_page=True)

    page.goto("/fg/vernietiging")
    assert _serious_violations(page) == []
    _press(page, "Nu een lijst samenstellen")
    expect(page.locator("h1")).to_have_text(f"Vernietigingslijst {1}")
    expect(page.get_by_role("cell", name="Oudenaarde")).to_have_count(0)
    _press(page, "Lijst goedkeuren")
    expect(page.locator("div.notice[role=status]")).to_contain_text("goedgekeurd")
    page.screenshot(path=shots / "4-destruction-approved.png", full_page=True)
    _press(page, "Vernietiging uitvoeren")
    expect(page.locator("div.notice[role=status]")).to_contain_text("uitgevoerd")
    context.close()

    with live_server.app.app_context():
        try:
            old = db.session.get(DataSubjectRequest, old_id)
            assert old.family_name == "[vernietigd]"
            assert not (documents.upload_root() / old_key).exists()
        finally:
            db.session.remove()
