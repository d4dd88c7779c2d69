"""The besluit preview PDF is rendered by a job, never in the web request (issue 15, finding 8:
four previews of a 69-page besluit held all four web workers for 18 s).

The page waits (it looks again by itself, without JavaScript too) and shows the PDF when the
job has made it; a user has at most two in the making; only the user who asked fetches it, for
that decision, until it expires; the same draft asked for again is the same preview.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from redis import Redis
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import AuditEntry
from avg_service.db import unit_of_work
from avg_service.decisions import previews, services
from avg_service.decisions.catalogue import Outcome
from avg_service.decisions.models import DecisionPreview, PreviewStatus
from avg_service.extensions import db
from avg_service.jobs import QueuedJob, dispatch, queues
from avg_service.requests import services as requests
from tests.factories import (
    api_token,
    bearer,
    csrf_token,
    log_in,
    make_request,
    make_user,
    set_aside_other_controllers,
)

NOW = datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
SYSTEM = Actor.system("cli")


@pytest.fixture(autouse=True)
def _request_scoped_clients(client: FlaskClient) -> None:
    """Each test client request in an app context of its own (several users side by side)."""


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rq_mode(app: Flask, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Redis:
    """The app hands jobs to rq on the real Redis (TEST_REDIS_URL); nothing runs them until a
    test starts a worker."""
    connection = Redis.from_url(redis_url)
    monkeypatch.setitem(app.extensions, "avg_settings",
                        replace(app.extensions["avg_settings"], redis_url=redis_url))
    monkeypatch.setitem(app.extensions, "avg_redis", connection)
    return connection


def a_draft(*, family_name: str = "Verbeek", motivation: str | None = None) -> int:
    """A request for access in progress, every controller heard, with a draft besluit."""
    dsr = make_request(received_at=NOW - timedelta(days=4), now=NOW - timedelta(days=4),
                       family_name=family_name)
    with unit_of_work():
        requests.start_handling(requests.get_request(dsr.id), actor=SYSTEM, now=NOW)
    set_aside_other_controllers(dsr.id, now=NOW)
    redraft(dsr.id, motivation)
    return dsr.id


def redraft(dsr_id: int, motivation: str | None) -> None:
    jurist = db.session.scalar(sa.select(User).where(User.role == Role.JURIST.value).limit(1))
    assert jurist is not None
    with unit_of_work():
        services.save_draft(requests.get_request(dsr_id),
                            [services.PartInput("15", Outcome.GRANTED, [], motivation)],
                            history_note=None,
                            actor=Actor(jurist.id, Role.JURIST, None, "session"), now=NOW)


def signed_in(app: Flask, user: User) -> FlaskClient:
    browser = app.test_client()
    log_in(browser, user)
    return browser


def ask(browser: FlaskClient, dsr_id: int) -> object:
    page = f"/verzoeken/{dsr_id}/besluit"
    return browser.post(f"{page}/voorbeelden",
                        data={"csrf_token": csrf_token(browser, page)})


def preview_row(preview_id: int) -> DecisionPreview:
    db.session.expire_all()
    row = db.session.get(DecisionPreview, preview_id)
    assert row is not None
    return row


def preview_id_of(location: str) -> int:
    match = re.fullmatch(r"/verzoeken/\d+/besluit/voorbeelden/(\d+)", location)
    assert match, location
    return int(match.group(1))


def audited(action: str, user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.user_id == user.id)) or 0


def on_queue(connection: Redis, name: str) -> list[str]:
    return Queue(name, connection=connection, serializer=JSONSerializer).job_ids


def work(connection: Redis) -> None:
    """A worker as in production (interactive first), in this process, until the queues are
    empty."""
    SimpleWorker(dispatch.listen_queues(), connection=connection,
                 serializer=JSONSerializer).work(burst=True)


def a_jurist_who_asked(app: Flask) -> tuple[int, FlaskClient, str]:
    """A draft, its jurist signed in, and where the preview they asked for waits."""
    make_user(Role.JURIST)
    dsr_id = a_draft()
    jurist = db.session.scalar(sa.select(User).where(User.role == Role.JURIST.value).limit(1))
    assert jurist is not None
    browser = signed_in(app, jurist)
    asked = ask(browser, dsr_id)
    assert asked.status_code == 303
    return dsr_id, browser, asked.location


# ------------------------------------------------------------------------------ in a job
def test_the_pdf_is_made_by_a_job_on_the_interactive_queue_and_the_page_waits_for_it(
        app: Flask, db_session: sa.orm.Session, rq_mode: Redis,
        frozen: time_machine.Traveller) -> None:
    jurist = make_user(Role.JURIST)
    dsr_id = a_draft()
    browser = signed_in(app, jurist)

    asked = ask(browser, dsr_id)
    assert asked.status_code == 303
    preview_id = preview_id_of(asked.location)
    row = preview_row(preview_id)
    # The request came back without a PDF: the render waits on rq, on the interactive queue.
    assert (row.status, row.pdf, row.user_id) == (PreviewStatus.PENDING, None, jurist.id)
    [job] = db_session.scalars(sa.select(QueuedJob).where(QueuedJob.name == "decisions.preview"))
    assert job.args == [preview_id] and job.status == "pending"
    assert on_queue(rq_mode, queues.INTERACTIVE) == [job.rq_job_id]
    assert job.rq_job_id not in on_queue(rq_mode, queues.BULK)
    assert audited("decision.preview_request", jurist) == 1

    waiting = browser.get(asked.location)
    html = waiting.get_data(as_text=True)
    assert waiting.status_code == 200 and waiting.headers["Cache-Control"] == "no-store"
    assert "Het voorbeeld wordt gemaakt." in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html  # no JS
    assert "js/preview.js" in html  # with JS it asks in the background
    assert f'href="{asked.location}">Nu opnieuw kijken</a>' in html
    too_early = browser.get(f"{asked.location}.pdf")
    assert too_early.status_code == 303 and too_early.location == asked.location
    assert audited("decision.preview", jurist) == 0  # nothing was shown yet

    work(rq_mode)
    assert preview_row(preview_id).status == PreviewStatus.READY

    ready = browser.get(asked.location).get_data(as_text=True)
    assert "Het voorbeeld is klaar" in ready and "refresh" not in ready
    assert f'href="{asked.location}.pdf">Voorbeeld openen (PDF)</a>' in ready
    pdf = browser.get(f"{asked.location}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "CONCEPT" in text and "Verbeek" in text
    assert "Wij wijzen uw verzoek om inzage (artikel 15 AVG) toe." in text
    assert audited("decision.preview", jurist) == 1  # opening it is a view of personal data

    # Asked for again, the same draft is the same preview: no second render.
    again = ask(browser, dsr_id)
    assert again.location == asked.location
    assert db_session.scalar(sa.select(sa.func.count()).select_from(QueuedJob).where(
        QueuedJob.name == "decisions.preview")) == 1
    # A changed draft is a new one.
    redraft(dsr_id, "Wij geven u een kopie van alle gegevens.")
    changed = ask(browser, dsr_id)
    assert preview_id_of(changed.location) != preview_id
    assert preview_row(preview_id_of(changed.location)).status == PreviewStatus.PENDING


# ------------------------------------------------------------------------------ the limit
def test_a_user_has_at_most_two_previews_in_the_making(
        app: Flask, db_session: sa.orm.Session, rq_mode: Redis,
        frozen: time_machine.Traveller) -> None:
    jurist, other = make_user(Role.JURIST), make_user(Role.JURIST)
    dsr_id = a_draft()
    browser = signed_in(app, jurist)
    for motivation in ("Eerste versie.", "Tweede versie."):
        redraft(dsr_id, motivation)
        assert ask(browser, dsr_id).status_code == 303

    redraft(dsr_id, "Derde versie.")
    refused = ask(browser, dsr_id)
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "U heeft al 2 voorbeelden die nog worden gemaakt." in page
    assert "Wacht tot die klaar zijn" in page and 'role="alert"' in page
    api = app.test_client()
    answer = api.post(f"/api/v1/requests/{dsr_id}/decision/preview",
                      headers=bearer(api_token(jurist)))
    assert answer.status_code == 429 and answer.json is not None
    assert answer.json["message"].startswith("U heeft al 2 voorbeelden")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(DecisionPreview)) == 2

    # The limit is per user: a colleague asks for the same draft and gets their own.
    assert ask(signed_in(app, other), dsr_id).status_code == 303
    # One that no worker ran after five minutes no longer holds the user up, and asking for
    # that draft again makes a new one instead of waiting on it.
    frozen.shift(previews.STUCK_AFTER + timedelta(seconds=1))
    assert ask(browser, dsr_id).status_code == 303
    redraft(dsr_id, "Tweede versie.")  # its preview is still pending, no worker took it
    newest = db_session.scalar(sa.select(sa.func.max(DecisionPreview.id)).where(
        DecisionPreview.user_id == jurist.id))
    again = ask(browser, dsr_id)
    assert again.status_code == 303 and preview_id_of(again.location) > newest


# ------------------------------------------------------------------------------ not for others
def test_nobody_but_the_user_who_asked_fetches_the_preview_and_it_expires(
        app: Flask, db_session: sa.orm.Session, frozen: time_machine.Traveller) -> None:
    jurist, colleague = make_user(Role.JURIST), make_user(Role.JURIST)
    reader = make_user(Role.FG)
    dsr_id, other_dsr_id = a_draft(), a_draft(family_name="Anders")
    browser = signed_in(app, jurist)
    asked = ask(browser, dsr_id)  # embedded: rendered inline after the commit
    status_path, pdf_path = asked.location, f"{asked.location}.pdf"
    preview_id = preview_id_of(status_path)
    assert preview_row(preview_id).status == PreviewStatus.READY
    assert browser.get(pdf_path).status_code == 200
    api_path = f"/api/v1/requests/{dsr_id}/decision/preview/{preview_id}"
    mine = app.test_client().get(api_path, headers=bearer(api_token(jurist)))
    assert mine.status_code == 200 and mine.json is not None
    assert mine.json["status"] == "ready" and mine.json["pdf"] == f"{api_path}.pdf"

    for user in (colleague, reader):  # each may read the request, and preview it themselves
        other = signed_in(app, user)
        assert other.get(status_path).status_code == 404
        assert other.get(pdf_path).status_code == 404
        token = bearer(api_token(user))
        assert app.test_client().get(api_path, headers=token).status_code == 404
        assert app.test_client().get(f"{api_path}.pdf", headers=token).status_code == 404
    # Under another request's address, the owner finds nothing either.
    assert browser.get(f"/verzoeken/{other_dsr_id}/besluit/voorbeelden/{preview_id}.pdf"
                       ).status_code == 404

    frozen.shift(previews.KEPT_FOR)
    gone = browser.get(pdf_path)
    assert gone.status_code == 404
    result = app.test_cli_runner().invoke(args=["avg", "sweep"])
    assert "1 verlopen besluitvoorbeeld(en) verwijderd" in result.output, result.output
    db_session.expire_all()
    assert db_session.get(DecisionPreview, preview_id) is None


def test_the_api_asks_polls_and_fetches(app: Flask, db_session: sa.orm.Session,
                                        rq_mode: Redis, frozen: time_machine.Traveller) -> None:
    jurist = make_user(Role.JURIST)
    dsr_id = a_draft()
    token = bearer(api_token(jurist))
    api = app.test_client()
    asked = api.post(f"/api/v1/requests/{dsr_id}/decision/preview", headers=token)
    assert asked.status_code == 202 and asked.json is not None
    assert (asked.json["status"], asked.json["pdf"]) == ("pending", None)
    path = f"/api/v1/requests/{dsr_id}/decision/preview/{asked.json['id']}"
    not_yet = api.get(f"{path}.pdf", headers=token)
    assert not_yet.status_code == 409 and "nog niet klaar" in not_yet.json["message"]

    work(rq_mode)
    state = api.get(path, headers=token).json
    assert state["status"] == "ready" and state["page_count"] >= 1
    pdf = api.get(state["pdf"], headers=token)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_preview_that_could_not_be_made_says_so_and_offers_to_ask_again(
        app: Flask, db_session: sa.orm.Session, rq_mode: Redis,
        frozen: time_machine.Traveller) -> None:
    dsr_id, browser, location = a_jurist_who_asked(app)
    preview_id = preview_id_of(location)
    with unit_of_work():  # a letter that refers to a resource the letter fetcher refuses
        preview_row(preview_id).html = ('<html><body><img src="https://example.test/logo.png">'
                                        "</body></html>")
    work(rq_mode)
    row = preview_row(preview_id)
    assert (row.status, row.pdf, row.html) == (PreviewStatus.FAILED, None, None)
    [job] = db_session.scalars(sa.select(QueuedJob).where(QueuedJob.name == "decisions.preview"))
    assert job.status == "done"  # the same HTML fails every time: not retried
    page = browser.get(location).get_data(as_text=True)
    assert "Het voorbeeld kon niet worden gemaakt." in page and "refresh" not in page
    assert f'action="/verzoeken/{dsr_id}/besluit/voorbeelden"' in page
    # Asking again makes a new one instead of returning the failed one.
    assert preview_id_of(ask(browser, dsr_id).location) != preview_id
