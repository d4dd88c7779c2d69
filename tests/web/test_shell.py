"""The web shell: start pages, health, security headers, error pages, CSRF, request ids."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app


def test_start_page_is_dutch_and_links_to_english(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "Uw rechten bij het Zorg- en Veiligheidshuis" in html
    assert 'href="/en/"' in html and 'hreflang="en"' in html


def test_english_start_page_at_a_stable_url(client: FlaskClient) -> None:
    html = client.get("/en/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Your rights at the Zorg- en Veiligheidshuis" in html
    assert 'href="/"' in html


def test_pages_have_landmarks_and_a_skip_link(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert '<a class="skip-link" href="#content">' in html
    assert 'id="content"' in html


def test_every_asset_is_served_by_the_app(client: FlaskClient) -> None:
    """Every stylesheet, script and image the public pages and the log-in page name is served
    by the app itself (no CDN), and each one is there."""
    assets: set[str] = set()
    for path in ("/", "/en/", "/verzoek", "/inloggen"):
        html = client.get(path).get_data(as_text=True)
        urls = re.findall(r'(?:href|src)="([^"]+)"', html)
        assert urls and all(not url.startswith(("http:", "https:", "//")) for url in urls), urls
        linked = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + \
            re.findall(r'<(?:script|img)[^>]+src="([^"]+)"', html)
        assert linked
        assets |= {url for url in linked + urls if url.startswith("/static/") or url in linked}
    assert {"/static/css/app.css", "/huisstijl.css"} <= assets
    for url in sorted(assets):
        response = client.get(url)
        assert (url, response.status_code) == (url, 200) and response.data, url


def test_healthz_reports_database_and_queue(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "queue": "inline", "stale_jobs": 0,
                             "queue_age_s": {}}


def test_healthz_says_unavailable_when_the_database_is_gone(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json is not None
    assert response.json["status"] == "unavailable"
    assert response.json["database"] == "unavailable"


@pytest.mark.parametrize("path", ["/", "/en/", "/healthz", "/api/v1/health", "/nope"])
def test_security_headers_on_every_response(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # development serves plain http


def test_static_assets_may_be_cached(client: FlaskClient) -> None:
    assert "public" in client.get("/static/css/app.css").headers["Cache-Control"]


def test_production_sends_hsts(tmp_path: Path) -> None:
    from tests.test_config import PRODUCTION_OK

    app = make_app("postgresql://avg@127.0.0.1:1/none", tmp_path,
                   **{**PRODUCTION_OK, "DATABASE_URL": "postgresql://avg@127.0.0.1:1/none"})
    response = app.test_client().get("/en/", base_url="https://avg.example.nl")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize(
    ("path", "title"),
    [("/no-such-page", "Deze pagina bestaat niet"), ("/en/no-such-page", "This page does not exist")],
)
def test_not_found_page_in_the_visitors_language(client: FlaskClient, path: str, title: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert title in response.get_data(as_text=True)


@pytest.fixture
def app_with_extra_routes(databases, tmp_path: Path) -> Flask:  # type: ignore[no-untyped-def]
    """An app with two extra routes: a form target and a view that crashes."""
    from avg_service.access.guard import public

    app = make_app(databases.new_url(), tmp_path, AVG_RAISE_ERRORS=False)

    @app.get("/test-form")
    @public
    def test_form_page() -> str:
        from flask_wtf.csrf import generate_csrf

        return generate_csrf()  # what a form page puts in its hidden csrf_token field

    @app.post("/test-form")
    @public
    def test_form() -> str:
        return "accepted"

    @app.get("/test-crash")
    @public
    def test_crash() -> str:
        raise RuntimeError("secret detail: BSN 123456782")

    @app.get("/api/v1/test-crash")
    @public
    def api_crash() -> str:
        raise RuntimeError("secret detail: BSN 123456782")

    return app


def test_a_form_post_without_csrf_token_is_refused(app_with_extra_routes: Flask) -> None:
    client = app_with_extra_routes.test_client()
    response = client.post("/test-form", data={"name": "x"})
    assert response.status_code == 400
    assert "Er ging iets mis met uw verzoek" in response.get_data(as_text=True)


def test_a_form_post_with_csrf_token_is_accepted(app_with_extra_routes: Flask) -> None:
    client = app_with_extra_routes.test_client()
    token = client.get("/test-form").get_data(as_text=True)
    response = client.post("/test-form", data={"csrf_token": token})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "accepted"


def test_a_crash_shows_no_stack_trace_outside_development_debug(
    app_with_extra_routes: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app_with_extra_routes.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.get("/test-crash")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Er ging iets mis bij ons" in body
    assert "Traceback" not in body and "RuntimeError" not in body and "123456782" not in body
    api = client.get("/api/v1/test-crash")
    assert api.status_code == 500
    assert api.json is not None and "123456782" not in json.dumps(api.json)


def test_every_response_carries_a_request_id(client: FlaskClient) -> None:
    first = client.get("/healthz").headers["X-Request-Id"]
    second = client.get("/healthz").headers["X-Request-Id"]
    assert first and second and first != second
    given = client.get("/healthz", headers={"X-Request-Id": "abcdef0123456789"})
    assert given.headers["X-Request-Id"] == "abcdef0123456789"
    forged = client.get("/healthz", headers={"X-Request-Id": "<script>"})
    assert forged.headers["X-Request-Id"] != "<script>"


def test_the_access_log_is_one_json_line_without_the_query_string(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    from avg_service.observability import JsonFormatter

    formatter = JsonFormatter()
    with caplog.at_level(logging.INFO):
        client.get("/?bsn=123456782&naam=Jansen", headers={"X-Request-Id": "req-0123456789"})
    lines = [json.loads(formatter.format(record)) for record in caplog.records]
    access = [line for line in lines if line.get("event") == "http.request"]
    assert access, lines
    entry = access[-1]
    assert entry["request_id"] == "req-0123456789"
    assert entry["path"] == "/" and entry["status"] == 200
    assert "123456782" not in json.dumps(lines) and "Jansen" not in json.dumps(lines)


def test_db_session_fixture_is_usable(db_session: sa.orm.Session) -> None:
    assert db_session.execute(sa.text("SELECT 1")).scalar() == 1
