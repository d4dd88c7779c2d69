"""Every page of every role, walked from ``app.url_map`` with the demo ids, on a 320 px phone and
a 1280 px desktop: nothing scrolls sideways (WCAG 1.4.10 reflow: axe does not test it) and axe
finds no violation.

One browser; one context per role (its log-in), the roles walked at the same time with a few
pages each (Playwright's async API, in a thread of its own). What keeps it fast without losing
a check:

- axe-core is loaded into every document by the context (an init script, sent to the browser
  once) instead of being sent with every run;
- a page the guard refuses before any view runs (its declared permission is not granted to the
  role: ``access.policy.GRANTS``) is not visited: it was a 403 the walk skipped anyway;
- axe runs on each page (endpoint) once, at both widths, as the first role in ``ROLES`` that
  may open it; if that role gets no page (an object outside its compartment), the next role
  that got one runs it after the walk. Every visited page is checked for reflow at both widths.

``AVG_WALK_SCREENSHOTS=DIR`` also saves a screenshot of every page at both widths, to look at.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python import sync_playwright as axe_module  # type: ignore[import-untyped]
from flask import Flask
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from werkzeug.serving import make_server

from avg_service.access.guard import declared_permission
from avg_service.access.policy import GRANTS
from avg_service.access.roles import Permission, Role
from tests.browser_fixtures import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, require_chromium
from tests.demo_site import DEMO_USERS, PASSWORD, demo_ids, staff_rules, url_for_rule

WIDTHS = (320, 1280)
#: routes that answer with a file, not a page
FILES = (".pdf", ".csv")
FILE_ENDPOINTS = {"requests.document", "coordination.task_file", "portal.download",
                  "portal.download_en"}
SCREENSHOTS = os.environ.get("AVG_WALK_SCREENSHOTS")
#: the walkers, in the order that decides who runs axe on a page (None: not logged in)
ROLES: tuple[str | None, ...] = (None, *DEMO_USERS)
#: pages open at the same time, over all roles (two cores; SQLite serialises the writes)
CONCURRENT_PAGES = 4
PAGES_PER_ROLE = 2
AXE_SOURCE = Path(axe_module.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
AXE_RUN = "axe.run({resultTypes: ['violations']})"


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


def _may_open(app: Flask, role: str, endpoint: str) -> bool:
    """False when the guard refuses ``role`` before the view runs (a 403 with no page)."""
    permission = declared_permission(app, endpoint)
    if permission is None or permission in (Permission.PUBLIC, Permission.SIGNED_IN):
        return True
    return Role(role) in GRANTS.get(permission, frozenset())


def plan(app: Flask, ids: dict[str, Any]) -> dict[str | None, list[tuple[str, str]]]:
    """What each role visits: every page, but those its role is refused before the view."""
    pages = _pages(app, ids)
    todo: dict[str | None, list[tuple[str, str]]] = {}
    for role in ROLES:
        if role is None:
            mine = [p for p in pages if p[0].startswith(("web.", "public_requests.", "portal.",
                                                          "accounts.login"))]
            mine += [("portal.open", _status_link(app)), ("errors.404", "/bestaat-niet")]
        else:
            mine = [p for p in pages if p[0] != "accounts.login" and _may_open(app, role, p[0])]
        todo[role] = mine
    return todo


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


@dataclass
class Walk:
    problems: list[str] = field(default_factory=list)
    visited: int = 0
    #: endpoint -> the roles that got a page, and whether axe ran on it
    rendered: dict[str, set[str | None]] = field(default_factory=dict)
    axed: set[str] = field(default_factory=set)


async def _check(page: Page, where: str, walk: Walk, *, axe: bool) -> None:
    for width in WIDTHS:
        await page.set_viewport_size({"width": width, "height": 900})
        scroll, inner = await page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            widest = await page.evaluate(_WIDEST_JS, inner)
            walk.problems.append(f"{where} at {width}px: {scroll}px wide ({widest})")
        if SCREENSHOTS:
            name = where.replace("/", "_").replace(" ", "_").strip("_") or "start"
            await page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{width}.png"),
                                  full_page=True)
        if axe:
            for violation in (await page.evaluate(AXE_RUN))["violations"]:
                targets = [node.get("target") for node in violation.get("nodes", [])][:3]
                walk.problems.append(f"{where} at {width}px: axe {violation['id']} "
                                     f"({violation.get('impact')}) at {targets}")


async def _context(browser: Browser, base_url: str, role: str | None) -> BrowserContext:
    context = await browser.new_context(base_url=base_url,
                                        viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS * 3)
    await context.add_init_script(script=AXE_SOURCE)
    if role is not None:
        page = await context.new_page()
        await page.goto("/inloggen")
        await page.locator("#f-email").fill(DEMO_USERS[role])
        await page.locator("#f-password").fill(PASSWORD)
        async with page.expect_navigation():
            await page.get_by_role("button", name="Inloggen").click()
        await page.close()
    return context


async def _visit(page: Page, role: str | None, endpoint: str, path: str, walk: Walk, *,
                 axe: bool) -> bool:
    """Open ``path``; check it when it is a page for ``role``. True when it was."""
    response = await page.goto(path)
    assert response is not None, path
    if response.status in (403, 404) and not endpoint.startswith("errors."):
        return False
    if "text/html" not in (response.headers.get("content-type") or ""):
        return False
    if role is not None and page.url.endswith("/inloggen"):
        walk.problems.append(f"{path} as {role}: sent to the log-in page")
        return False
    walk.rendered.setdefault(endpoint, set()).add(role)
    if axe:
        walk.axed.add(endpoint)
    await _check(page, f"{role or 'public'} {path}", walk, axe=axe)
    walk.visited += 1
    return True


async def _walk(base_url: str, todo: dict[str | None, list[tuple[str, str]]]) -> Walk:
    walk = Walk()
    owners: dict[str, str | None] = {}
    for role in ROLES:  # the first role that may open a page runs axe on it
        for endpoint, _path in todo[role]:
            owners.setdefault(endpoint, role)
    limit = asyncio.Semaphore(CONCURRENT_PAGES)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS)
        try:
            contexts = dict(zip(ROLES, await asyncio.gather(
                *(_context(browser, base_url, role) for role in ROLES)), strict=True))

            async def worker(role: str | None, queue: asyncio.Queue[tuple[str, str]]) -> None:
                page = await contexts[role].new_page()
                while not queue.empty():
                    endpoint, path = queue.get_nowait()
                    async with limit:
                        await _visit(page, role, endpoint, path, walk,
                                     axe=owners[endpoint] == role)
                await page.close()

            workers = []
            for role in ROLES:
                queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
                for item in todo[role]:
                    queue.put_nowait(item)
                workers += [worker(role, queue) for _ in range(PAGES_PER_ROLE)]
            await asyncio.gather(*workers)
            # A page whose axe role got none: axe as the first role (in order) that got one.
            page_of = {endpoint: path for role in ROLES for endpoint, path in todo[role]}
            for endpoint, roles in sorted(walk.rendered.items()):
                if endpoint in walk.axed:
                    continue
                role = next(r for r in ROLES if r in roles)
                page = await contexts[role].new_page()
                walk.visited -= 1  # counted once already
                await _visit(page, role, endpoint, page_of[endpoint], walk, axe=True)
                await page.close()
        finally:
            await browser.close()
    return walk


def _run(coroutine: Any) -> Walk:
    """Run the walk's event loop in a thread of its own (apart from any sync Playwright)."""
    result: list[Walk] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as error:  # noqa: BLE001 (re-raised in the test's thread)
            failure.append(error)

    thread = threading.Thread(target=target, name="walk")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def test_every_page_of_every_role_reflows_at_320_px_and_passes_axe(
        site: tuple[Flask, str, dict[str, Any]]) -> None:
    require_chromium()
    app, base_url, ids = site
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    todo = plan(app, ids)
    walk = _run(_walk(base_url, todo))
    assert walk.visited >= 60
    assert set(walk.rendered) == walk.axed  # axe ran on every page some role got
    assert not walk.problems, "\n".join(sorted(walk.problems))


def test_the_walk_skips_only_what_the_guard_refuses_before_the_view(
        site: tuple[Flask, str, dict[str, Any]]) -> None:
    """What ``plan`` leaves out is a 403 for that role (checked with the test client)."""
    import re

    app, _base_url, ids = site
    todo = plan(app, ids)
    every = [p for p in _pages(app, ids) if p[0] != "accounts.login"]
    for role, email in DEMO_USERS.items():
        client = app.test_client()
        login = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', login)
        assert token
        assert client.post("/inloggen", data={"csrf_token": token.group(1), "email": email,
                                              "password": PASSWORD}).status_code == 302
        left_out = [p for p in every if p not in todo[role]]
        assert left_out or role == "fg", role
        for _endpoint, path in left_out:
            assert client.get(path).status_code == 403, f"{path} as {role}"
