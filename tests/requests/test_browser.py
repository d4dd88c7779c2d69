"""The public request form in a real browser: Debian chromium driven by Playwright against the app
served for real (werkzeug, in a thread, on a database of its own).

A visitor fills in the form in Dutch and in English, sees the confirmation with the reference and
downloads the receipt PDF; an empty form comes back with the errors beside the fields in the
page's language and stores nothing; axe-core finds no serious or critical accessibility problem
on the public pages (the start pages, the forms, the form with errors and the confirmation).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

# The live server, chromium and a fresh page per test are shared with the other browser tests.
from tests.browser_fixtures import (  # noqa: F401
    LiveServer,
    browser,
    click_and_load,
    fill_requester,
    live_server,
    page,
)

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"AVG-\d{4}-\d{6}")


# ---------------------------------------------------------------------------------- helpers
def _fill_valid(page: Page, *, given: str, family: str) -> None:
    fill_requester(page, given=given, family=family)
    page.locator("#f-email").fill("visitor@example.test")
    page.locator("#f-right-15").check()
    page.locator("#f-right-16").check()
    page.locator("#f-rectification_wrong").fill("Mijn adres is oud.")
    page.locator("#f-rectification_correct").fill("Kerkstraat 12")
    assert page.locator("#f-delivery-post").is_checked()  # the default


def _submit(page: Page) -> None:
    click_and_load(page, page.locator("form.request-form button[type=submit]"))


def _reference_on_confirmation(page: Page, url: str) -> str:
    expect(page).to_have_url(url)
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    return reference


def _download_receipt(page: Page, tmp_path: Path, reference: str) -> bytes:
    link = page.locator("a[href='/verzoek/ontvangstbevestiging.pdf']")
    assert link.get_attribute("download") is not None
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == f"ontvangstbevestiging-{reference}.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target.read_bytes()


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    assert data.startswith(b"%PDF"), data[:40]
    path = tmp_path / "receipt-check.pdf"
    path.write_bytes(data)
    return " ".join(p.extract_text() or "" for p in PdfReader(path).pages)


def _serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [node.get("target") for node in violation.get("nodes", [])][:5]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                         f"at {targets}")
    return found


# ---------------------------------------------------------------------------------- tests
def test_a_dutch_visitor_submits_and_downloads_the_receipt(
        page: Page, live_server: LiveServer, tmp_path: Path) -> None:
    page.goto("/verzoek")
    expect(page.locator("h1")).to_have_text("Verzoek over uw persoonsgegevens")
    assert page.locator("html").get_attribute("lang") == "nl"
    _fill_valid(page, given="Fatima", family="El Amrani")
    _submit(page)

    reference = _reference_on_confirmation(page, f"{live_server.url}/verzoek/ontvangen")
    expect(page.locator("h1")).to_have_text("Wij hebben uw verzoek ontvangen")

    text = _pdf_text(_download_receipt(page, tmp_path, reference), tmp_path)
    assert reference in text and "El Amrani" in text, text[:500]

    stored = live_server.requests_with_reference(reference)
    assert len(stored) == 1
    assert (stored[0].family_name, stored[0].language, stored[0].channel) == \
        ("El Amrani", "nl", "web")


def test_an_english_visitor_follows_the_link_and_gets_english_confirmation(
        page: Page, browser: Browser, live_server: LiveServer, tmp_path: Path) -> None:
    page.goto("/verzoek")
    with page.expect_navigation():
        page.get_by_role("link", name="This form in English", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/en/request")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("h1")).to_have_text("Request about your personal data")

    _fill_valid(page, given="John", family="Whitfield")
    _submit(page)

    reference = _reference_on_confirmation(page, f"{live_server.url}/en/request/received")
    expect(page.locator("h1")).to_have_text("We have received your request")
    assert page.locator("html").get_attribute("lang") == "en"

    # The receipt through the browser context's own request API, which shares its cookies.
    href = page.locator("a[download]").get_attribute("href")
    assert href == "/verzoek/ontvangstbevestiging.pdf"
    response = page.context.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = _pdf_text(response.body(), tmp_path)
    assert reference in text and "Whitfield" in text, text[:500]

    stored = live_server.requests_with_reference(reference)
    assert len(stored) == 1 and stored[0].language == "en"

    # Another browser (no session cookie) gets neither the confirmation nor the receipt.
    stranger = browser.new_context(base_url=live_server.url)
    try:
        for path in (href, "/en/request/received"):
            refused = stranger.request.get(path, max_redirects=0)
            assert refused.status == 302, (path, refused.status)
    finally:
        stranger.close()


@pytest.mark.parametrize(("path", "required", "summary"), [
    ("/en/request", "Please fill in this field.", "Please check the following fields"),
    ("/verzoek", "Vul dit veld in.", "Controleer de volgende velden"),
])
def test_an_empty_form_shows_errors_beside_the_fields_and_stores_nothing(
        page: Page, live_server: LiveServer, path: str, required: str,
        summary: str) -> None:
    before = live_server.count_requests()
    page.goto(path)
    _submit(page)

    expect(page).to_have_url(f"{live_server.url}{path}")
    expect(page.locator(".error-summary h2")).to_have_text(summary)
    for name in ("given_names", "family_name", "date_of_birth"):
        error = page.locator(f"#f-{name}-error")
        expect(error).to_have_class(re.compile(r"\bfield-error\b"))
        expect(error).to_have_text(required)
        field = page.locator(f"#f-{name}")
        assert field.get_attribute("aria-invalid") == "true"
        assert f"f-{name}-error" in (field.get_attribute("aria-describedby") or "")
    expect(page.locator("#f-rights-error")).to_be_visible()
    assert live_server.count_requests() == before


def test_the_public_pages_have_no_serious_accessibility_problems(
        page: Page, live_server: LiveServer) -> None:
    problems: dict[str, list[str]] = {}

    def scan(label: str) -> None:
        page.wait_for_load_state("load")
        found = _serious_violations(page)
        if found:
            problems[label] = found

    for path in ("/", "/en/", "/verzoek", "/en/request"):
        page.goto(path)
        scan(path)

    page.goto("/verzoek")
    _submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    scan("/verzoek with errors")

    for form, received in (("/verzoek", "/verzoek/ontvangen"),
                           ("/en/request", "/en/request/received")):
        page.goto(form)
        _fill_valid(page, given="Ada", family="Axe")
        _submit(page)
        expect(page).to_have_url(f"{live_server.url}{received}")
        scan(received)

    assert not problems, "\n".join(f"{where}:\n  " + "\n  ".join(found)
                                   for where, found in problems.items())
