"""Shared fixtures for the browser tests: the app served for real (werkzeug, in a thread, on a
migrated database of its own, one per test module) and Debian chromium driven by Playwright.

A test module imports the fixtures it uses::

    from tests.browser_fixtures import LiveServer, browser, live_server, page  # noqa: F401

Without chromium the tests are skipped, or fail under ``AVG_REQUIRE_SERVICES=1``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright
from werkzeug.serving import make_server

from avg_service import clock
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.organisations.services import seed_participants
from avg_service.requests.models import DataSubjectRequest
from tests.conftest import ThrowawayDatabases, migrated_app
from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 10_000


@dataclass
class LiveServer:
    app: Flask
    url: str

    def count_requests(self) -> int:
        with self.app.app_context():
            try:
                return db.session.scalar(
                    sa.select(sa.func.count()).select_from(DataSubjectRequest)) or 0
            finally:
                db.session.remove()

    def requests_with_reference(self, reference: str) -> list[DataSubjectRequest]:
        with self.app.app_context():
            try:
                found = db.session.scalars(sa.select(DataSubjectRequest).where(
                    DataSubjectRequest.reference == reference)).all()
                db.session.expunge_all()
                return list(found)
            finally:
                db.session.remove()


@contextmanager
def serving(databases: ThrowawayDatabases, tmp_path: Path, **settings: Any
            ) -> Iterator[LiveServer]:
    """A migrated app with the participants seeded (``settings`` as in ``migrated_app``),
    served for real on a free loopback port until the block ends."""
    app = migrated_app(databases, tmp_path, **settings)
    with app.app_context(), unit_of_work():
        seed_participants(now=clock.now_utc())
    with app.app_context():
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def live_server(databases: ThrowawayDatabases,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving(databases, tmp_path_factory.mktemp("browser")) as server:
        yield server


def require_chromium() -> None:
    """Skip without chromium, or fail under ``AVG_REQUIRE_SERVICES=1``."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not installed (apt-get install chromium)"
        if os.environ.get("AVG_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def new_context(browser: Browser, live_server: LiveServer) -> BrowserContext:
    """A fresh browser context: its own cookies, so its own session. The caller closes it."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A page in a fresh browser context (own cookies, so its own session) per test."""
    context = new_context(browser, live_server)
    try:
        yield context.new_page()
    finally:
        context.close()


# ---------------------------------------------------------------------------------- page helpers
def click_and_load(page: Page, target: Locator) -> None:
    """Click ``target`` and wait until the page it leads to (a POST-redirect-GET) has loaded."""
    with page.expect_navigation(wait_until="load"):
        target.click()


def log_in(page: Page, email: str) -> None:
    """Log in on ``page`` as ``email`` (the factories' password, no second factor)."""
    page.goto("/inloggen")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(PASSWORD)
    click_and_load(page, page.get_by_role("button", name="Inloggen"))
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def fill_requester(page: Page, *, given: str, family: str, date_of_birth: str = "1985-04-12"
                   ) -> None:
    """The public form's name, date of birth and address fields."""
    page.locator("#f-given_names").fill(given)
    page.locator("#f-family_name").fill(family)
    page.locator("#f-date_of_birth").fill(date_of_birth)
    page.locator("#f-street_address").fill("Kerkstraat 12")
    page.locator("#f-postcode").fill("1234 AB")
    page.locator("#f-city").fill("Voorbeeldstad")
