"""The annual report for the FG and the council (AVG art. 5(2); WGS art. 1.10): one PDF/A made
by the letter engine (its layout, its stored SHA-256, a rendered letter never changes) and the
CSV of its figures.

Made in one unit of work: the figures of the year are computed and stored with the report (the
PDF shows those, not a recount at render time), the audit chain is verified and its result
stored, and the letter is queued for rendering after the commit.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any, Final

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import ROLE_LABELS, Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record, verify_chain
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import Given, LetterKind, loader, register_kind, request_letter
from avg_service.organisations.models import Organisation
from avg_service.reports import figures, presentation
from avg_service.reports.models import AnnualReport
from avg_service.reports.rules import Period, Table
from avg_service.requests import letters as frame
from avg_service.retention.rules import TERMS, RecordKind
from avg_service.retention.services import carried_out_in

TEMPLATE_VERSION: Final = "2026.1"
KIND: Final = "jaarverslag"
FG_TEXT_MAX: Final = 20_000


class ReportRefused(ValueError):
    """The report cannot be made; the message says why, in Dutch."""


def create_annual_report(*, year: int, fg_text: str, actor: Actor, now: datetime,
                         today: date | None = None) -> AnnualReport:
    today = today or clock.today_local()
    if year > today.year:
        raise ReportRefused("Een jaarverslag gaat over een jaar dat begonnen is.")
    text = (fg_text or "").strip()
    if not text:
        raise ReportRefused("Schrijf de tekst van de functionaris gegevensbescherming.")
    if len(text) > FG_TEXT_MAX:
        raise ReportRefused(f"De tekst is te lang (ten hoogste {FG_TEXT_MAX} tekens).")
    period = Period.year(year)
    computed = figures.compute(period, today=min(period.until_on, today))
    chain = verify_chain()
    report = AnnualReport(year=year, fg_text=text, figures_csv=presentation.figures_csv(computed),
                          figures_json=json.dumps([_table_json(t) for t in computed.tables]),
                          chain_checked=chain.checked, chain_broken_id=chain.broken_id,
                          chain_reason=chain.reason, created_at=now, created_by_id=actor.user_id)
    db.session.add(report)
    db.session.flush()
    letter = request_letter(KIND, dsr_id=None, kenmerk=f"JV-{year}-{report.id:03d}",
                            actor_id=actor.user_id, now=now)
    report.letter_id = letter.id
    db.session.flush()
    record(actor, "annual_report.create", object_type="annual_report", object_id=report.id,
           purpose=Purpose.SUPERVISION, at=now)
    return report


def _table_json(table: Table) -> dict[str, Any]:
    return {"key": table.key, "title": table.title, "columns": list(table.columns),
            "rows": [list(r) for r in table.rows], "chart_column": table.chart_column,
            "note": table.note}


def tables_of(report: AnnualReport) -> list[Table]:
    return [Table(t["key"], t["title"], tuple(t["columns"]), tuple(tuple(r) for r in t["rows"]),
                  chart_column=t["chart_column"], note=t["note"])
            for t in json.loads(report.figures_json)]


def reports() -> list[AnnualReport]:
    return list(db.session.scalars(sa.select(AnnualReport).order_by(AnnualReport.id.desc())))


# ------------------------------------------------------------------------------ access review
def access_review_summary() -> list[tuple[str, str, int, int, int]]:
    """Per role and organisation: active accounts, of which without a second factor, and
    accounts switched off (the BIO's periodic review of authorisations, in counts)."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    statement = sa.select(User, Organisation.name).outerjoin(
        Organisation, User.organisation_id == Organisation.id)
    for user, organisation in db.session.execute(statement):
        key = (ROLE_LABELS.get(Role(user.role), user.role), organisation or "—")
        bucket = counts.setdefault(key, Counter())
        if user.is_active:
            bucket["active"] += 1
            if not user.has_second_factor:
                bucket["no_2fa"] += 1
        else:
            bucket["inactive"] += 1
    return [(role, organisation, c["active"], c["no_2fa"], c["inactive"])
            for (role, organisation), c in sorted(counts.items())]


# ------------------------------------------------------------------------------ the letter
@loader
def load_report(letter: Letter) -> AnnualReport:
    found = db.session.scalar(sa.select(AnnualReport).where(AnnualReport.letter_id == letter.id))
    if found is None:
        raise frame.LetterDataMissing(f"letter {letter.id}: no annual report")
    return found


@loader
def load_retention(year: int) -> list[tuple[int, date, dict[str, int]]]:
    """The destruction lists carried out in ``year``: id, day, items per kind."""
    return [(lst.id, lst.carried_out_at.astimezone(clock.AMSTERDAM).date(), counts)
            for lst, counts in carried_out_in(year) if lst.carried_out_at is not None]


@loader
def load_access_review() -> list[tuple[str, str, int, int, int]]:
    return access_review_summary()


def jaarverslag_context(letter: Letter) -> dict[str, Any]:
    report = load_report(letter)
    settings = frame.contact_point_settings()
    tables = tables_of(report)
    retention = [(list_id, frame.date_nl(on),
                  [(TERMS[RecordKind(kind)].label, number) for kind, number in counts.items()])
                 for list_id, on, counts in load_retention(report.year)]
    return {
        "subject": f"Jaarverslag AVG-rechten en datalekken {report.year}",
        "kenmerk": letter.kenmerk,
        "dagtekening": frame.date_nl(frame.letter_date(letter)),
        "addressee": ["De gemeenteraad", settings.municipality,
                      "Ter kennisname: de functionaris gegevensbescherming"],
        "sender": frame.sender_of(settings),
        "year": report.year,
        "fg_text": report.fg_text,
        "tables": tables,
        "charts": {t.key: presentation.chart_svg(t, width=440) for t in tables},
        "access_review": load_access_review(),
        "chain_ok": report.chain_ok,
        "chain_checked": report.chain_checked,
        "chain_broken_id": report.chain_broken_id,
        "chain_reason": report.chain_reason,
        "made_on": frame.date_nl(report.created_at.astimezone(clock.AMSTERDAM).date()),
        "retention": retention,
    }


register_kind(LetterKind(KIND, "Jaarverslag voor de FG en de gemeenteraad",
                         "letters/jaarverslag.html", TEMPLATE_VERSION, jaarverslag_context))


# ------------------------------------------------------------------------------ preview
def preview_objects() -> tuple[Letter, AnnualReport]:
    """A report on 2026 in memory, with a few figures (``flask avg letters preview
    jaarverslag``)."""
    made_at = datetime(2027, 1, 20, 9, tzinfo=UTC)
    letter = Letter(id=1, kind=KIND, kenmerk="JV-2026-001", dagtekening=made_at)
    tables = [
        Table("by_right", "Verzoeken per recht", ("Recht", "Aantal"),
              (("Inzage (art. 15)", 41), ("Rectificatie (art. 16)", 6),
               ("Verwijdering (art. 17)", 9))),
        Table("timeliness", "Tijdigheid van besluiten", ("Uitkomst", "Aantal"),
              (("Binnen de termijn", 38), ("Binnen de verlengde termijn", 7), ("Te laat", 2))),
    ]
    report = AnnualReport(
        id=1, year=2026, letter_id=1, created_at=made_at, chain_checked=48_211,
        chain_broken_id=None, chain_reason=None, figures_csv="",
        figures_json=json.dumps([_table_json(t) for t in tables]),
        fg_text="In 2026 zijn de termijnen bijna altijd gehaald. Twee besluiten kwamen te laat, "
                "omdat een deelnemer laat antwoordde. Ik adviseer de interne termijn voor "
                "deelnemers te bewaken.")
    return letter, report


def preview_given(report: AnnualReport) -> Given:
    """The in-memory report and figures, for a render instead of the database."""

    def report_of(letter: Letter) -> AnnualReport:
        return report

    def retention_of(year: int) -> list[tuple[int, date, dict[str, int]]]:
        return [(3, date(2026, 6, 1), {"request_file": 12, "data_copies": 30})]

    def review() -> list[tuple[str, str, int, int, int]]:
        return [("Medewerker contactpunt", "college van B&W", 4, 0, 1),
                ("Deelnemer (organisatie)", "Politie", 6, 1, 0)]

    return {load_report: report_of, load_retention: retention_of, load_access_review: review}
