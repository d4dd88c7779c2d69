"""``flask avg letters preview KIND --out FILE``: every letter kind from demo data, no database.

The app here has a database URL, but any attempt to connect to it fails the test: the preview
builds its objects in memory and hands them to the context functions.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from pypdf import PdfReader

from avg_service.decisions import letters as besluit_letters
from avg_service.extensions import db
from avg_service.letters import services as letter_services
from avg_service.letters import preview as preview_module
from avg_service.letters.models import Letter
from avg_service.letters.preview import (
    PREVIEW_KINDS,
    demo_data,
    given,
    render_preview_html,
    render_preview_pdf,
)
from avg_service.requests import letters as request_letters
from tests.conftest import make_app


class DatabaseTouched(AssertionError):
    pass


@pytest.fixture(scope="module")
def preview_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp: Path = tmp_path_factory.mktemp("preview")
    app = make_app(f"sqlite:///{tmp / 'never-opened.sqlite3'}", tmp)

    def refuse(*args: Any) -> None:
        raise DatabaseTouched("the preview connected to the database")

    with app.app_context():
        sa.event.listen(db.engine, "connect", refuse)
    yield app
    with app.app_context():
        sa.event.remove(db.engine, "connect", refuse)


def database_file(app: Flask) -> Path:
    return Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


def preview(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["avg", "letters", "preview", *args])


@pytest.mark.parametrize("kind", PREVIEW_KINDS)
def test_every_kind_renders_to_a_pdf(preview_app: Flask, kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"{kind}.pdf"
    result = preview(preview_app, kind, "--out", str(out))
    assert result.exit_code == 0, (result.output, result.exception)
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"({pages} page" in result.output
    assert not database_file(preview_app).exists()  # SQLite creates it on the first connect


def test_the_besluit_html_has_the_dictum_and_the_mandate(preview_app: Flask,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "besluit.html"
    result = preview(preview_app, "besluit", "--out", str(out))
    assert result.exit_code == 0, (result.output, result.exception)
    html = " ".join(out.read_text(encoding="utf-8").split())
    assert "Wij wijzen uw verzoek om inzage (artikel 15 AVG) gedeeltelijk toe." in html
    assert "Wij wijzen uw verzoek om verwijdering (artikel 17 AVG) af." in html
    assert "namens dezen" in html
    assert "Er loopt een opsporingsonderzoek naar derden." in html  # the task's restriction
    assert "Registratie 08-01-2024: melding overlast" in html  # the data annex


def test_an_unknown_kind_is_refused_with_the_list_of_kinds(preview_app: Flask,
                                                           tmp_path: Path) -> None:
    result = preview(preview_app, "ontvangstbevestigin", "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "unknown letter kind 'ontvangstbevestigin'" in result.output
    for kind in PREVIEW_KINDS:
        assert kind in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_output_must_be_pdf_or_html(preview_app: Flask, tmp_path: Path) -> None:
    result = preview(preview_app, "besluit", "--out", str(tmp_path / "besluit.docx"))
    assert result.exit_code == 2 and ".pdf or .html" in result.output


def test_every_registered_kind_has_a_preview() -> None:
    # The registry has no public listing; a new kind without demo data must fail here.
    assert set(letter_services._KINDS) == set(PREVIEW_KINDS)


def test_the_loaders_are_restored_after_a_preview(preview_app: Flask) -> None:
    before = (request_letters.load_request, request_letters.contact_point_settings,
              besluit_letters.load_decision, besluit_letters.load_tasks)
    with preview_app.app_context():
        render_preview_html(demo_data("besluit"))
        with pytest.raises(request_letters.LetterDataMissing):
            data = demo_data("verlenging")
            data.dsr.extended_at = None  # a context function that refuses still restores
            render_preview_html(data)
    assert (request_letters.load_request, request_letters.contact_point_settings,
            besluit_letters.load_decision, besluit_letters.load_tasks) == before


def test_a_preview_hands_its_data_to_its_own_render_only(preview_app: Flask) -> None:
    """No module is patched: another thread rendering meanwhile reads through the real loader
    (here it refuses a letter without a request instead of getting the demo request)."""
    data = demo_data("ontvangstbevestiging")
    seen: list[str] = []

    def other_render() -> None:
        try:
            request_letters.load_request(Letter(id=9, kind="ontvangstbevestiging", dsr_id=None))
        except request_letters.LetterDataMissing:
            seen.append("real loader")

    def load_request(letter: Letter) -> Any:
        if not seen:
            thread = threading.Thread(target=other_render)
            thread.start()
            thread.join()
        seen.append("preview")
        return data.dsr

    with preview_app.app_context():
        html = letter_services.render_letter_html(
            data.letter, given={**given(data), request_letters.load_request: load_request})
    assert seen[:2] == ["real loader", "preview"]
    assert preview_module.REFERENCE in html


def test_the_annex_grows_with_the_entries(preview_app: Flask) -> None:
    with preview_app.app_context():
        html = render_preview_html(demo_data("besluit", annex_entries=40))
    assert html.count("Registratie ") == 40 + 20  # politie's entries and the college's half


def test_the_simple_besluit_grants_a_rectificatie_without_annex_or_restriction(
        preview_app: Flask) -> None:
    """The bench's decision (bench/letters.py a): the shortest common besluit."""
    with preview_app.app_context():
        data = demo_data("besluit", simple=True)
        html = render_preview_html(data)
        pdf, pages = render_preview_pdf(data)
    assert "Wij wijzen uw verzoek om rectificatie (artikel 16 AVG) toe." in html
    assert "De politie verbetert uw adres" in html
    assert "Bijlage: uw gegevens per organisatie" not in html  # no inzage, so no data annex
    assert "geven een deel van de gegevens niet" not in html  # no restriction
    assert "Bent u het niet eens met dit besluit?" in html and "namens dezen" in html
    # Three pages on our layout (what every besluit must say); a change that lengthens it shows.
    assert pages == len(PdfReader(io.BytesIO(pdf)).pages) <= 3


def test_a_besluit_to_a_representative_speaks_of_the_person_it_concerns(
        preview_app: Flask) -> None:
    # UAVG 5, Awb 2:1: the letter goes to the representative and names whose data it is about.
    with preview_app.app_context():
        data = demo_data("besluit")
        data.dsr.representation = "curator"
        data.dsr.represented_name = "Jan Jansen"
        html = render_preview_html(data)
    assert "gegevens over Jan Jansen" in html and "Bijlage: de gegevens van Jan Jansen" in html
    assert "gegevens over u." not in html and "Bijlage: uw gegevens" not in html
    with preview_app.app_context():
        own = render_preview_html(demo_data("besluit"))
    assert "Bijlage: uw gegevens per organisatie" in own
