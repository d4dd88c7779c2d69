"""Render letter HTML to PDF/A with WeasyPrint, fetching nothing but our own static files.

WeasyPrint fetches any URL it meets (http, file, ...) unless told otherwise: a letter template
that references an outside resource would leak the letter's existence and could read local files.
``StaticOnlyFetcher`` serves only files under the app's ``static/`` folder and makes every other
URL, and every missing file, a fatal error, so a letter never goes out without its letterhead
(as GOV.UK Notify does: a letter fails when an image does not load).

PDF/A-2u: PDF/A is the archival format Dutch archives accept for permanent records (Archiefwet,
NEN-ISO 19005); part 2 allows modern compression and transparency, and level "u" guarantees a
Unicode text layer, so the text of a besluit can be extracted, searched and read aloud.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/a-2u"
STATIC_ROOT = Path(__file__).resolve().parents[2] / "static"
log = logging.getLogger(__name__)
_fonts = threading.local()


class LetterResourceError(FatalURLFetchingError):  # type: ignore[misc]  # weasyprint is untyped
    """A letter referenced a resource that is not one of our static files, or failed to load."""


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serve ``file:`` URLs inside ``static_root``; refuse everything else."""

    def __init__(self, static_root: Path = STATIC_ROOT) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.static_root = static_root.resolve()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise LetterResourceError(f"letter resource refused (not a static file): {url[:120]}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.static_root):
            raise LetterResourceError(f"letter resource refused (outside static/): {url[:120]}")
        try:
            body = path.read_bytes()
        except OSError as error:
            raise LetterResourceError(f"letter resource failed to load: {path.name}") from error
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def font_configuration() -> FontConfiguration:
    """This thread's FontConfiguration, made once and reused by every render.

    A new one per render asks fontconfig for the system fonts again (about 4 ms, half of a
    one-page document). Our letters declare no ``@font-face``, so nothing accumulates in it; it
    wraps Pango objects that are not thread-safe, hence one per thread. A forked work horse
    inherits the parent's, warmed by ``warm_up``.
    """
    config: FontConfiguration | None = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def render_pdf(html: str, *, static_root: Path = STATIC_ROOT, variant: str = PDF_VARIANT) -> bytes:
    """Render ``html`` to PDF bytes. Relative URLs resolve against ``static_root``."""
    return render_pdf_with_pages(html, static_root=static_root, variant=variant)[0]


def render_pdf_with_pages(html: str, *, static_root: Path = STATIC_ROOT,
                          variant: str = PDF_VARIANT) -> tuple[bytes, int]:
    """Render ``html``; return the PDF bytes and the number of pages."""
    document = HTML(
        string=html,
        base_url=static_root.as_uri() + "/",
        url_fetcher=StaticOnlyFetcher(static_root),
    ).render(font_config=font_configuration())
    pdf: bytes = document.write_pdf(pdf_variant=variant)
    return pdf, len(document.pages)


def uses_fast_font_subsetter() -> bool:
    """True when WeasyPrint can subset fonts with HarfBuzz (libharfbuzz-subset0).

    Without it WeasyPrint falls back to fontTools, about 5x slower, and says so only in a log
    warning; ``make test`` and the health check make the slow path visible.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def warm_up() -> None:
    """Import and exercise WeasyPrint once, so forked workers start with it loaded."""
    render_pdf("<p>warm-up</p>")
    if not uses_fast_font_subsetter():
        log.warning(
            "WeasyPrint falls back to the slow font subsetter: install libharfbuzz-subset0",
            extra={"event": "letters.slow_subsetter"},
        )
