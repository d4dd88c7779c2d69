"""WeasyPrint renders letters as PDF/A, on its fast path, fetching only our own static files."""

from __future__ import annotations

import io
import logging
import threading

import pytest
from flask import Flask
from pypdf import PdfReader

from avg_service.letters.rendering import (
    LetterResourceError,
    font_configuration,
    render_pdf,
    uses_fast_font_subsetter,
)
from avg_service.letters.smoke import render_proefbrief


def test_weasyprint_uses_the_fast_harfbuzz_font_subsetter() -> None:
    """Fails when libharfbuzz-subset0 is missing: WeasyPrint would be about 5x slower."""
    assert uses_fast_font_subsetter(), "install the system package libharfbuzz-subset0"


def test_the_proefbrief_renders_as_one_page_pdfa(app: Flask,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    with app.app_context(), caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_proefbrief()
    assert not [r for r in caplog.records if "fontTools" in r.getMessage()], \
        "WeasyPrint fell back to the slow fontTools subsetter"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], \
        [r.getMessage() for r in caplog.records]
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Proefbrief briefopmaak" in text
    assert "pagina 1 van 1" in text
    assert "ZVH-AVG-PROEF-0001" in text
    xmp = reader.xmp_metadata
    assert xmp is not None
    raw = xmp.stream.get_data().decode()
    assert 'pdfaid:part="2"' in raw and 'pdfaid:conformance="U"' in raw


@pytest.mark.parametrize(
    "reference",
    [
        '<img src="https://cdn.example.org/logo.png">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<img src="file:///etc/passwd">',
        '<img src="../pyproject.toml">',
        '<img src="img/does-not-exist.png">',
    ],
)
def test_a_letter_with_a_foreign_or_missing_resource_fails(reference: str) -> None:
    with pytest.raises(LetterResourceError):
        render_pdf(f"<html><body>{reference}<p>Besluit</p></body></html>")


def test_a_letter_may_use_our_static_files() -> None:
    pdf = render_pdf('<html><body><img src="img/gemeentelogo.svg"><p>Besluit</p></body></html>')
    assert pdf.startswith(b"%PDF-")


def test_each_thread_reuses_its_own_font_configuration() -> None:
    """Pango's objects are not thread-safe: a render thread never shares another's."""
    mine = font_configuration()
    theirs: list[object] = []
    other = threading.Thread(target=lambda: theirs.extend([font_configuration(),
                                                           font_configuration()]))
    other.start()
    other.join()
    assert font_configuration() is mine
    assert theirs[0] is theirs[1]
    assert theirs[0] is not mine
    # and a render after all this still produces a PDF with its text
    assert "Tweede" in PdfReader(io.BytesIO(render_pdf("<p>Tweede brief</p>"))).pages[0].extract_text()
