"""Chromium walks both log-ins through the real providers: a jurist signs in through the
municipality's provider and reaches the work queue (desktop); a requester logs in with the test
DigiD broker on a 320 px phone, sends the form with the BSN from the claim and finds the request
under 'Mijn verzoeken' and on its status page. axe-core checks the form with DigiD."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from avg_service.access.roles import Role
from avg_service.extensions import db
from avg_service.protection import keyed_hash
from avg_service.requests.models import DataSubjectRequest
from avg_service.sso.models import DigidAuthentication
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    fill_requester,
    serving,
)
from tests.conftest import ThrowawayDatabases
from tests.factories import make_user
from tests.requests.test_browser import _serious_violations
from tests.sso.provider import app_settings

pytestmark = pytest.mark.browser

BSN = "999993653"
TIMEOUT_MS = 10_000
SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "sso"


@pytest.fixture(scope="module")
def live_server(databases: ThrowawayDatabases, tmp_path_factory: pytest.TempPathFactory,
                issuers: dict[str, str]) -> Iterator[LiveServer]:
    """The app with the test providers, served for real (their redirect URIs take any port)."""
    with serving(databases, tmp_path_factory.mktemp("sso-browser"),
                 **app_settings(issuers)) as server:
        yield server


def _page(browser: Browser, live_server: LiveServer, **options: object) -> Page:
    context = browser.new_context(base_url=live_server.url, **options)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context.new_page()


def _log_in_at_provider(page: Page, login: str) -> None:
    page.locator("#login").fill(login)
    click_and_load(page, page.get_by_role("button", name="Inloggen"))


def test_a_jurist_signs_in_through_the_provider_and_reaches_the_work_queue(
        browser: Browser, live_server: LiveServer) -> None:
    with live_server.app.app_context():
        make_user(Role.JURIST, email="walk.jurist@gemeente.test")
        db.session.remove()
    page = _page(browser, live_server, viewport={"width": 1280, "height": 900})
    try:
        page.goto("/inloggen")
        click_and_load(page, page.get_by_role("link", name="Inloggen via Gemeente Testdorp"))
        assert not page.url.startswith(live_server.url)  # at the provider now
        _log_in_at_provider(page, "walk.jurist@gemeente.test")
        assert page.url == f"{live_server.url}/werkplek"
        expect(page.get_by_text("U bent ingelogd als")).to_be_visible()
        click_and_load(page, page.get_by_role("link", name="Werkvoorraad", exact=True))
        expect(page.get_by_role("heading", name="Werkvoorraad")).to_be_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "jurist-work-queue.png"))
        # Log-out goes by the provider (RP-initiated) and back to our log-in page.
        click_and_load(page, page.get_by_role("button", name="Uitloggen"))
        assert not page.url.startswith(live_server.url)  # the provider asks to confirm
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_url(f"{live_server.url}/inloggen")
        page.goto("/verzoeken")
        assert "/inloggen" in page.url
    finally:
        page.context.close()


def test_a_requester_logs_in_with_digid_sends_the_form_and_sees_it_on_the_status_page(
        browser: Browser, live_server: LiveServer) -> None:
    page = _page(browser, live_server, viewport={"width": 320, "height": 720})
    try:
        page.goto("/verzoek")
        button = page.get_by_role("button", name="Inloggen met DigiD bij Gemeente Testdorp")
        click_and_load(page, button)
        _log_in_at_provider(page, BSN)
        assert page.url == f"{live_server.url}/verzoek"
        expect(page.get_by_text("U bent ingelogd met DigiD")).to_be_visible()
        bsn = page.locator("#f-bsn")
        expect(bsn).to_have_value(BSN)
        expect(bsn).to_have_attribute("readonly", "")
        assert _serious_violations(page) == []
        fill_requester(page, given="Daan", family="Digid")
        page.locator("#f-right-15").check()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "digid-form-320.png"), full_page=True)
        click_and_load(page, page.locator("form.request-form button[type=submit]"))
        reference = page.locator(".reference").first.inner_text().strip()
        assert reference
        page.goto("/mijn-verzoeken")
        row = page.get_by_role("listitem").filter(has_text=reference)
        expect(row).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the list is {width} px wide on a 320 px phone"
        page.screenshot(path=str(SHOTS / "digid-my-requests-320.png"), full_page=True)
        click_and_load(page, row.get_by_role("button", name=re.compile("Bekijk verzoek")))
        assert page.url == f"{live_server.url}/status"
        expect(page.locator(".reference")).to_have_text(reference)
        with live_server.app.app_context():
            dsr = db.session.scalars(sa.select(DataSubjectRequest).where(
                DataSubjectRequest.reference == reference)).one()
            assert dsr.bsn_hash == keyed_hash(BSN, purpose="bsn")
            assert db.session.scalars(sa.select(DigidAuthentication.loa).where(
                DigidAuthentication.dsr_id == dsr.id)).one() == "midden"
            db.session.remove()
    finally:
        page.context.close()
