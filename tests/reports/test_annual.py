"""The annual report: one PDF through the letter engine with the figures, the charts, the
access review, the chain's verification and the destruction carried out, stored with its hash;
its CSV; and bad input."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import sqlalchemy as sa
import time_machine
from pypdf import PdfReader

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.reports import annual
from avg_service.reports.models import AnnualReport
from avg_service.retention import services as retention
from tests.factories import csrf_token, log_in, make_user
from tests.reports.seed import seed

NOW = datetime(2027, 1, 15, 9, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                    .split())


@time_machine.travel(NOW, tick=False)
def test_the_report_pdf_holds_the_figures_and_is_stored_with_its_hash(client) -> None:
    seed()
    fg = make_user(Role.FG, display_name="A. de Boer")
    # A destruction list carried out in 2026, for the report's retention section.
    actor = Actor(fg.id, Role.FG, None, "session")
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=UTC), tick=False):
        with unit_of_work():
            proposed = retention.propose(today=datetime(2029, 3, 1).date(),
                                         now=datetime(2026, 11, 2, 9, tzinfo=UTC), actor=actor)
            retention.approve(proposed, actor=actor, now=datetime(2026, 11, 2, 9, tzinfo=UTC))
            retention.carry_out(proposed, actor=actor, now=datetime(2026, 11, 2, 10, tzinfo=UTC))
    log_in(client, fg)
    response = client.post("/fg/jaarverslag", data={
        "csrf_token": csrf_token(client, "/fg/jaarverslag"), "jaar": "2026",
        "tekst": "De termijnen zijn meestal gehaald; één besluit kwam 30 dagen te laat."})
    assert response.status_code == 303
    report = db.session.scalar(sa.select(AnnualReport))
    assert report.year == 2026 and report.chain_ok and report.chain_checked > 0
    pdf_response = client.get(f"/fg/jaarverslag/{report.id}.pdf")
    assert pdf_response.status_code == 200
    pdf = pdf_response.data
    letter = db.session.get(Letter, report.letter_id)
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest() and letter.dsr_id is None
    text = _text(pdf)
    assert "Jaarverslag AVG-rechten en datalekken 2026" in text
    assert "één besluit kwam 30 dagen te laat" in text  # the FG's text
    assert "Inzage (art. 15) 4" in text  # by right: four requests for access
    assert "Binnen de verlengde termijn 1" in text and "Te laat 1" in text
    assert "Bedrag verschuldigd (euro) 322" in text
    assert "Datalekken 2" in text
    assert f"alle {report.chain_checked} regels zijn ongeschonden" in text
    assert "Functionaris gegevensbescherming" in text  # the access review, per role
    assert f"{proposed.id} " in text and "Het dossier van het verzoek" in text  # destruction
    # The chart's values are in the PDF's text layer too (inline SVG).
    assert text.count("Inzage (art. 15)") >= 2
    csv_response = client.get(f"/fg/jaarverslag/{report.id}.csv")
    assert "Inzage (art. 15),4" in csv_response.get_data(as_text=True)


@time_machine.travel(NOW, tick=False)
def test_a_report_needs_the_fg_text_and_a_year_that_began(client) -> None:
    log_in(client, make_user(Role.FG))
    token = csrf_token(client, "/fg/jaarverslag")
    empty = client.post("/fg/jaarverslag", data={"csrf_token": token, "jaar": "2026",
                                                 "tekst": "  "})
    assert empty.status_code == 422
    assert "Schrijf uw tekst voor het verslag." in empty.get_data(as_text=True)
    future = client.post("/fg/jaarverslag", data={"csrf_token": token, "jaar": "2031",
                                                  "tekst": "Tekst"})
    assert future.status_code == 422
    assert "een jaar dat begonnen is" in future.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AnnualReport)) == 0


@time_machine.travel(NOW, tick=False)
def test_only_the_fg_makes_the_report(client) -> None:
    log_in(client, make_user(Role.CONTACTPUNT))
    assert client.get("/fg/jaarverslag").status_code == 403


def test_a_broken_chain_is_said_in_the_report(app) -> None:
    from avg_service.letters import preview

    data = preview.demo_data("jaarverslag")
    letter, report = annual.preview_objects()
    report.chain_broken_id, report.chain_reason = 17, "entry content does not match its hash"
    data.given = annual.preview_given(report)
    with app.app_context():
        html = " ".join(preview.render_preview_html(data).split())
    assert "de keten is onderbroken bij regel 17" in html
    assert "ongeschonden (" not in html
