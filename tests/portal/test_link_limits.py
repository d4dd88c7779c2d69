"""Status links are revoked and limited (issue 15, finding 6): a new link revokes the older
ones, a closed request's link shows only its final letters for a stated period, and a download
link works only in the portal session that signed it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from avg_service.portal.models import StatusLink
from tests.factories import make_request
from tests.portal.test_portal import _csrf, _download_links, _link, _open


def _set(app: Flask, monkeypatch: pytest.MonkeyPatch, **changes: object) -> None:
    settings = app.extensions["avg_settings"]
    monkeypatch.setitem(app.extensions, "avg_settings", dataclasses.replace(settings, **changes))


def test_a_new_link_revokes_the_older_ones(client: FlaskClient, app: Flask,
                                          db_session: sa.orm.Session) -> None:
    dsr = make_request(email="r@example.test")
    now = datetime.now(UTC)
    first, second, newest = (_link(dsr.id, now) for _ in range(3))
    assert _open(app.test_client(), first).status_code == 410
    assert _open(app.test_client(), second).status_code == 410
    assert _open(client, newest).status_code == 303
    working = db_session.scalar(sa.select(sa.func.count()).select_from(StatusLink).where(
        StatusLink.dsr_id == dsr.id, StatusLink.revoked_at.is_(None)))
    assert working == 1


def test_old_links_may_be_kept_by_setting(app: Flask, monkeypatch: pytest.MonkeyPatch,
                                          db_session: sa.orm.Session) -> None:
    _set(app, monkeypatch, status_link_revoke_old=False)
    dsr = make_request(email="r@example.test")
    now = datetime.now(UTC)
    first, second = _link(dsr.id, now), _link(dsr.id, now)
    assert _open(app.test_client(), first).status_code == 303
    assert _open(app.test_client(), second).status_code == 303


def test_a_closed_request_shows_only_its_final_letters_then_the_link_ends(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    dsr = make_request(email="r@example.test")
    token = _link(dsr.id, datetime.now(UTC))
    _open(client, token)
    assert len(_download_links(client.get("/status").get_data(as_text=True))) == 1  # receipt
    client.post("/status/intrekken", data={"csrf_token": _csrf(client), "confirm": "yes"})
    page = client.get("/status").get_data(as_text=True)
    assert _download_links(page) == []  # the ontvangstbevestiging is no final letter
    assert "Deze pagina blijft beschikbaar tot" in page
    db_session.expire_all()
    closed_at = db_session.scalar(sa.text("SELECT closed_at FROM dsr WHERE id = :d"),
                                  {"d": dsr.id})
    assert closed_at is not None
    later = datetime.now(UTC) + timedelta(days=91)
    with time_machine.travel(later, tick=False):
        assert client.get("/status").status_code == 401
        assert _open(client.application.test_client(), token).status_code == 410


def test_a_download_link_works_only_in_the_session_that_opened_the_page(
        client: FlaskClient, app: Flask) -> None:
    dsr = make_request(email="r@example.test")
    token = _link(dsr.id, datetime.now(UTC))
    _open(client, token)
    (download,) = _download_links(client.get("/status").get_data(as_text=True))
    stranger = app.test_client()
    copied = stranger.get(download)
    assert copied.status_code == 410 and copied.mimetype != "application/pdf"
    # another session of the same link gets its own downloads, not this one's
    other = app.test_client()
    assert _open(other, token).status_code == 303
    assert other.get(download).status_code == 410
    assert client.get(download).status_code == 200
