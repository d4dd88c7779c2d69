"""Shared set-up for the bezwaar tests: a besluit made known, a bezwaar against it, and the text
of a rendered letter."""

from __future__ import annotations

import io
import re
from pathlib import Path
from datetime import date, datetime

from pypdf import PdfReader

from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.bezwaar import services
from avg_service.bezwaar.rules import Defect
from avg_service.db import unit_of_work
from avg_service.decisions import services as decisions
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered
from avg_service.organisations.services import contact_point_settings
from tests.decisions.test_pages_and_api import _answer, _as_actor, _draft, _prepared, at
from tests.factories import make_user

#: A PDF as the smallest file the upload check accepts.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
#: The texts of the letters last read, for a person to read them whole.
DUMP = Path("/tmp/bezwaar_letters")
RECHTBANK = "Rechtbank Voorbeeldstad\nTeam bestuursrecht\nPostbus 90\n1000 AB Voorbeeldstad"


def notified_besluit(sent: str = "2026-03-16") -> tuple[int, int, User, User]:
    """A besluit on access and erasure, drafted and approved by two jurists, handed over on
    ``sent``; returns (dsr id, decision id, drafter, approver)."""
    dsr, task_id = _prepared("2026-03-02")
    _answer(task_id, "2026-03-05")
    drafter, approver = make_user(Role.JURIST), make_user(Role.JURIST)
    decision_id = _draft(dsr.id, drafter, "2026-03-06")
    with unit_of_work():
        decisions.submit_for_approval(decisions.get_decision(decision_id),
                                      actor=_as_actor(drafter), now=at("2026-03-06"))
    with unit_of_work():
        decisions.approve(decisions.get_decision(decision_id), actor=_as_actor(approver),
                          now=at("2026-03-09"))
    contact = _as_actor(make_user(Role.CONTACTPUNT))
    with unit_of_work():
        decisions.notify(decisions.get_decision(decision_id), sent_on=date.fromisoformat(sent),
                         channel="hand", actor=contact, now=at(sent))
        contact_point_settings().rechtbank = RECHTBANK
    return dsr.id, decision_id, drafter, approver


def register(decision_id: int, *, day: str = "2026-04-02", grounds: str | None = None,
             defects: list[Defect] | None = None,
             representative: services.Representative | None = None,
             authorisation: bool = False) -> int:
    contact = _as_actor(make_user(Role.CONTACTPUNT))
    with unit_of_work():
        bezwaar = services.register_bezwaar(
            decisions.get_decision(decision_id), received_on=date.fromisoformat(day),
            posted_on=None, channel="letter", grounds=grounds, defects=defects or [],
            bezwaarschrift=services.Upload("bezwaar.pdf", PDF), representative=representative,
            authorisation=services.Upload("machtiging.pdf", PDF) if authorisation else None,
            controllers_informed=True, actor=contact, now=at(day))
    return bezwaar.id


def letter_text(kind: str, bezwaar_id: int, index: int = -1) -> str:
    """The text of the ``index``-th letter of ``kind`` of the bezwaar, as a reader sees it."""
    db.session.expire_all()
    bezwaar = services.get_bezwaar(bezwaar_id)
    letters = list(db.session.scalars(db.select(Letter).where(
        Letter.kenmerk == bezwaar.kenmerk, Letter.kind == kind).order_by(Letter.id)))
    pdf = ensure_rendered(letters[index])
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # a word broken after its hyphen at the end of a line ("niet-\nontvankelijk") reads whole
    text = re.sub(r"(\w)-\s+(\w)", r"\1-\2", " ".join(text.split()))
    DUMP.mkdir(exist_ok=True)
    (DUMP / f"{kind}.txt").write_text(text, encoding="utf-8")
    return text


def pdf_of(kind: str, bezwaar_id: int, index: int = -1) -> bytes:
    db.session.expire_all()
    bezwaar = services.get_bezwaar(bezwaar_id)
    letters = list(db.session.scalars(db.select(Letter).where(
        Letter.kenmerk == bezwaar.kenmerk, Letter.kind == kind).order_by(Letter.id)))
    return ensure_rendered(letters[index])


def now_at(day: str, time: str = "10:00") -> datetime:
    return at(day, time)


def pdf_text(letter: Letter) -> str:
    """The text of one letter, rendered now if its job has not run."""
    pdf = ensure_rendered(letter)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"(\w)-\s+(\w)", r"\1-\2", " ".join(text.split()))
    DUMP.mkdir(exist_ok=True)
    (DUMP / f"{letter.kind}.txt").write_text(text, encoding="utf-8")
    return text
