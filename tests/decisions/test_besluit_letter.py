"""What the besluit letter says (issue 14), rendered from the preview's in-memory objects (no
database): art. 19 only for a change carried out, naming structured recipients; the verloop
never says "0 dagen"."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask

from avg_service.decisions.catalogue import Outcome, suspension_sentence
from avg_service.letters.preview import _invite, _part, demo_data, render_preview_html
from avg_service.requests.letters import in_sentence
from avg_service.requests.lifecycle import Right
from tests.letters.test_preview import preview_app  # noqa: F401 (the fixture)


def _art19(html: str) -> str:
    found = re.search(r"<h2>Wie krijgt bericht\? \(artikel 19 AVG\)</h2>\s*<p>(.*?)</p>", html,
                      re.S)
    return found.group(1) if found else ""


def test_a_refused_erasure_gets_no_art_19_paragraph(preview_app: Flask) -> None:  # noqa: F811
    with preview_app.app_context():
        html = render_preview_html(demo_data("besluit"))  # inzage partly, verwijdering refused
    assert "Wij wijzen uw verzoek om verwijdering (artikel 17 AVG) af." in html
    assert "artikel 19" not in html and "Wij laten de wijziging" not in html


def test_a_rectification_carried_out_names_the_holders_and_the_third_party(
        preview_app: Flask) -> None:  # noqa: F811
    data = demo_data("besluit", simple=True)
    for task in data.tasks:  # a participant that wrote "Geen" in its recipients line
        assert task.answer is not None
        task.answer.recipients = "Geen"
    with preview_app.app_context():
        html = render_preview_html(data)
    sentence = _art19(html)
    assert sentence.startswith("Wij laten de rectificatie weten aan wie uw gegevens heeft")
    holders = [in_sentence(t.organisation.name) for t in data.tasks
               if t.answer and t.answer.holds_data]
    assert holders and all(name in sentence for name in holders)
    assert "Woonstichting Voorbeeldstad" in sentence  # the incidental third party (WGS 2.31)
    assert "Geen" not in sentence


def test_a_partly_granted_restriction_is_told_and_a_refused_one_is_not(
        preview_app: Flask) -> None:  # noqa: F811
    data = demo_data("besluit", simple=True)
    assert data.decision is not None
    data.dsr.rights = ",18,"
    data.decision.parts = [_part(Right.RESTRICTION, Outcome.REFUSED, ["18-1-geen"])]
    with preview_app.app_context():
        assert _art19(render_preview_html(data)) == ""
        data.decision.parts = [_part(Right.RESTRICTION, Outcome.PARTLY_GRANTED, ["41d"])]
        assert "de beperking van de verwerking" in _art19(render_preview_html(data))


def test_no_0_dagen_when_no_day_was_suspended(preview_app: Flask) -> None:  # noqa: F811
    data = demo_data("besluit")
    data.dsr.invitations.clear()
    _invite(data.dsr, sent_on=date(2026, 3, 4), answered_on=date(2026, 3, 5))
    with preview_app.app_context():
        html = render_preview_html(data)
    assert "0 dagen" not in html
    assert "De termijn voor ons besluit is daardoor niet opgeschoven" in html
    assert suspension_sentence(1).endswith("1 dag stil (artikel 4:15 Awb).")
    assert "4 dagen stil" in suspension_sentence(4)


def test_the_wording_a_bezwaarcommissie_reads(preview_app: Flask) -> None:  # noqa: F811
    """Issue 14's wording: another belanghebbende may object too; the designated electronic
    channel for bezwaar is named (Awb 2:13); organs are not capitalised mid-sentence; the annex
    names the supplying organisation as the source (15(1)(g)); a full grant cites 3:48(1)."""
    data = demo_data("besluit")
    with preview_app.app_context():
        html = " ".join(render_preview_html(data).split())
        simple = " ".join(render_preview_html(demo_data("besluit", simple=True)).split())
    assert "Ook een andere belanghebbende kan dat." in html
    assert "digitaal indienen: www.voorbeeldstad.nl/bezwaar (artikel 2:13 Awb)" in html
    assert "voorgelegd aan: politie, het college van burgemeester" in html.lower() \
        and ", Het college" not in html
    assert '<th scope="row">Bron</th><td>Politie</td>' in html
    assert "Basisvoorziening Handhaving (BVH)" not in html  # a system, not a source
    assert "(artikel 3:48 lid 1 Awb)" in simple and "nadere motivering" not in simple
