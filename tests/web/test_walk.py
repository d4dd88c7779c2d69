"""Every page of every role, walked from ``app.url_map`` with the demo ids, on a 320 px phone and
a 1280 px desktop: nothing scrolls sideways (WCAG 1.4.10 reflow: axe does not test it) and axe
finds no violation.

One browser and one context per role for the whole walk. ``AVG_WALK_SCREENSHOTS=DIR`` also
saves a screenshot of every page at both widths, to look at.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from flask import Flask
from playwright.sync_api import Browser, Page
from werkzeug.serving import make_server

from tests.browser_fixtures import TIMEOUT_MS, browser  # noqa: F401
from tests.demo_site import DEMO_USERS, PASSWORD, demo_ids, staff_rules, url_for_rule

WIDTHS = (320, 1280)
#: routes that answer with a file, not a page
FILES = (".pdf", ".csv")
FILE_ENDPOINTS = {"requests.document", "coordination.task_file", "portal.download",
                  "portal.download_en"}
SCREENSHOTS = os.environ.get("AVG_WALK_SCREENSHOTS")


@pytest.fixture(scope="module")
def site(demo_site_app: Flask) -> Iterator[tuple[Flask, str, dict[str, Any]]]:
    app = demo_site_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="walk-server", daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}", demo_ids(app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _pages(app: Flask, ids: dict[str, Any]) -> list[tuple[str, str]]:
    pages = []
    for rule in staff_rules(app, "GET"):
        if rule.rule.endswith(FILES) or rule.endpoint in FILE_ENDPOINTS:
            continue
        path = url_for_rule(rule, ids)
        if path is not None:
            pages.append((rule.endpoint, path))
    return pages


def _status_link(app: Flask) -> str:
    """A fresh status link of a demo request (the demo prints one; its secret is not stored)."""
    import sqlalchemy as sa

    from avg_service import clock
    from avg_service.db import unit_of_work
    from avg_service.extensions import db
    from avg_service.portal import services as portal
    from avg_service.requests.models import DataSubjectRequest

    with app.app_context():
        with unit_of_work():
            dsr = db.session.scalars(sa.select(DataSubjectRequest).where(
                DataSubjectRequest.status == "awaiting_information")).first()
            assert dsr is not None
            url = portal.status_url(dsr, portal.issue_link(dsr, via="test", now=clock.now_utc()))
        db.session.remove()
    return "/status/" + url.rsplit("/status/", 1)[1]


#: the deepest element that sticks out on the right, to name in the failure
_WIDEST_JS = """(inner) => {
  let found = null;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > inner + 1 && el.children.length === 0) { found = el; break; }
  }
  if (!found) return 'no single element';
  const cls = found.className && typeof found.className === 'string' ? '.' + found.className : '';
  return found.tagName.toLowerCase() + (found.id ? '#' + found.id : '') + cls +
         ' ' + Math.round(found.getBoundingClientRect().right) + 'px';
}"""


def _check(page: Page, where: str, problems: list[str], *, axe: bool) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll, inner = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            widest = page.evaluate(_WIDEST_JS, inner)
            problems.append(f"{where} at {width}px: {scroll}px wide ({widest})")
        if SCREENSHOTS:
            name = where.replace("/", "_").replace(" ", "_").strip("_") or "start"
            page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width}.png"), full_page=True)
        if axe:
            for violation in Axe().run(page).response["violations"]:
                targets = [node.get("target") for node in violation.get("nodes", [])][:3]
                problems.append(f"{where} at {width}px: axe {violation['id']} "
                                f"({violation.get('impact')}) at {targets}")


def test_every_page_of_every_role_reflows_at_320_px_and_passes_axe(
        browser: Browser, site: tuple[Flask, str, dict[str, Any]]) -> None:  # noqa: F811
    app, base_url, ids = site
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    pages = _pages(app, ids)
    problems: list[str] = []
    axed: set[str] = set()
    visited = 0
    for role in (None, *DEMO_USERS):
        context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        try:
            if role is not None:
                page.goto("/inloggen")
                page.locator("#f-email").fill(DEMO_USERS[role])
                page.locator("#f-password").fill(PASSWORD)
                with page.expect_navigation():
                    page.get_by_role("button", name="Inloggen").click()
                todo = [p for p in pages if p[0] != "accounts.login"]
            else:
                todo = [p for p in pages if p[0].startswith(("web.", "public_requests.",
                                                              "portal.", "accounts.login"))]
                todo.append(("portal.open", _status_link(app)))
                todo.append(("errors.404", "/bestaat-niet"))
            for endpoint, path in todo:
                response = page.goto(path)
                assert response is not None, path
                if response.status in (403, 404) and not endpoint.startswith("errors."):
                    continue
                if "text/html" not in (response.headers.get("content-type") or ""):
                    continue
                if role is not None and page.url.endswith("/inloggen"):
                    problems.append(f"{path} as {role}: sent to the log-in page")
                    continue
                key = f"{role or 'public'} {path}"
                first_time = endpoint not in axed
                axed.add(endpoint)
                _check(page, key, problems, axe=first_time)
                visited += 1
        finally:
            context.close()
    assert visited >= 60
    assert not problems, "\n".join(problems)
