"""The FG's and the contact point's figures (read-only), with a chart beside each table, their
CSV, and the audit-log anomalies for the FG. Every view is in the audit log (``toezicht``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from avg_service import clock
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import ROLE_LABELS, Permission, Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered
from avg_service.reports import anomalies as anomaly_queries
from avg_service.reports import annual, figures, presentation
from avg_service.reports.models import AnnualReport
from avg_service.reports.rules import ANOMALY_LABELS, Period
from avg_service.web.forms import file_response, parse_form

bp = Blueprint("reports", __name__, url_prefix="/fg")

_DATE_ERROR: dict[str, Any] = {"invalid": "Vul een geldige datum in."}
_EARLIEST, _LATEST = date(2000, 1, 1), date(2099, 12, 31)


class PeriodSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    from_on = fields.Date(load_default=None, data_key="van", error_messages=_DATE_ERROR)
    until_on = fields.Date(load_default=None, data_key="tot", error_messages=_DATE_ERROR)
    organisation_id = fields.Integer(load_default=None, data_key="organisatie",
                                     error_messages={"invalid": "Kies een organisatie."})

    @validates_schema
    def _order(self, data: dict[str, Any], **_: Any) -> None:
        for key, name in (("from_on", "van"), ("until_on", "tot")):
            if data.get(key) and not _EARLIEST <= data[key] <= _LATEST:
                raise ValidationError(f"Kies een datum tussen {_EARLIEST:%Y} en {_LATEST:%Y}.",
                                      name)
        if data.get("from_on") and data.get("until_on") and data["until_on"] < data["from_on"]:
            raise ValidationError("De einddatum ligt voor de begindatum.", "tot")
        organisation_id = data.get("organisation_id")
        if organisation_id is not None and db.session.get(Organisation, organisation_id) is None:
            raise ValidationError("Kies een organisatie.", "organisatie")


def _parse(default_days: int | None = None) -> tuple[Period, int | None, dict[str, list[str]]]:
    """The period from the query string; by default this year up to today (or the last
    ``default_days`` days). A wrong value is reported beside its field and the default used."""
    raw = {k: v for k, v in request.args.items() if v.strip()}
    errors: dict[str, list[str]] = {}
    try:
        data = PeriodSchema().load(raw)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {}
        errors = {k: list(v) if isinstance(v, list) else [str(v)] for k, v in messages.items()}
        data = {"from_on": None, "until_on": None, "organisation_id": None}
    today = clock.today_local()
    until_on = data["until_on"] or today
    if data["from_on"] is not None:
        from_on = data["from_on"]
    elif default_days is not None:
        from_on = date.fromordinal(until_on.toordinal() - default_days + 1)
    else:
        from_on = date(until_on.year, 1, 1)
    if until_on < from_on:
        from_on = until_on
    return Period(from_on, until_on), data["organisation_id"], errors


def _organisations() -> list[tuple[int, str]]:
    return [(i, n) for i, n in db.session.execute(
        sa.select(Organisation.id, Organisation.name).order_by(Organisation.name))]


@bp.get("/cijfers")
@requires(Permission.REPORTS_READ)
def figures_page() -> ResponseReturnValue:
    period, organisation_id, errors = _parse()
    with unit_of_work():
        record(current_actor(), "reports.figures", object_type="figures",
               object_id=organisation_id, purpose=Purpose.SUPERVISION)
    computed = figures.compute(period, organisation_id=organisation_id,
                               today=min(period.until_on, clock.today_local()))
    return render_template("reports/figures.html", figures=computed,
                           charts=presentation.charts(computed), period=period,
                           organisations=_organisations(), organisation_id=organisation_id,
                           errors=errors, args={k: v for k, v in request.args.items() if v}), \
        400 if errors else 200


@bp.get("/cijfers.csv")
@requires(Permission.REPORTS_READ)
def figures_csv() -> ResponseReturnValue:
    period, organisation_id, errors = _parse()
    if errors:
        return {"message": "Ongeldige periode.", "errors": errors}, 400
    with unit_of_work():
        record(current_actor(), "reports.figures_export", object_type="figures",
               object_id=organisation_id, purpose=Purpose.SUPERVISION)
    computed = figures.compute(period, organisation_id=organisation_id,
                               today=min(period.until_on, clock.today_local()))
    filename = f"cijfers-{period.from_on.isoformat()}-{period.until_on.isoformat()}.csv"
    return Response(presentation.figures_csv(computed), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})


@bp.get("/afwijkingen")
@requires(Permission.AUDIT_READ)
def anomalies_page() -> ResponseReturnValue:
    period, _organisation, errors = _parse(default_days=30)
    with unit_of_work():
        record(current_actor(), "audit.anomalies", object_type="audit_log",
               purpose=Purpose.SUPERVISION)
    found = anomaly_queries.anomalies(period)
    behind = {index: anomaly_queries.entries_by_id(list(a.entry_ids))
              for index, a in enumerate(found)}
    user_ids = {a.user_id for a in found if a.user_id is not None}
    users = {i: (n, ROLE_LABELS.get(Role(r), r)) for i, n, r in db.session.execute(
        sa.select(User.id, User.display_name, User.role).where(User.id.in_(user_ids)))}
    return render_template("reports/anomalies.html", anomalies=found, behind=behind,
                           thresholds=anomaly_queries.thresholds(),
                           users=users, role_labels={r.value: l for r, l in ROLE_LABELS.items()},
                           labels=ANOMALY_LABELS, period=period, errors=errors,
                           args={k: v for k, v in request.args.items() if v}), \
        400 if errors else 200


# ------------------------------------------------------------------------------ annual report
annual_bp = Blueprint("annual_report", __name__, url_prefix="/fg/jaarverslag")


class AnnualReportSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    year = fields.Integer(required=True, data_key="jaar",
                          error_messages={"required": "Kies een jaar.", "null": "Kies een jaar.",
                                          "invalid": "Kies een jaar."},
                          validate=validate.Range(min=2025, max=2999, error="Kies een jaar."))
    fg_text = fields.String(required=True, data_key="tekst",
                            error_messages={"required": "Schrijf uw tekst voor het verslag.",
                                            "null": "Schrijf uw tekst voor het verslag."})


def _render_annual(errors: dict[str, list[str]] | None = None, status: int = 200
                   ) -> ResponseReturnValue:
    this_year = clock.today_local().year
    return render_template("reports/annual.html", reports=annual.reports(),
                           years=list(range(this_year, 2024, -1)), errors=errors or {},
                           form=request.form if errors else None,
                           default_year=this_year - 1 if clock.today_local().month < 7
                           else this_year), status


@annual_bp.get("")
@requires(Permission.REPORTS_WRITE)
def index() -> ResponseReturnValue:
    with unit_of_work():
        record(current_actor(), "annual_report.list", object_type="annual_report",
               purpose=Purpose.SUPERVISION)
    return _render_annual()


@annual_bp.post("")
@requires(Permission.REPORTS_WRITE)
def create() -> ResponseReturnValue:
    data, errors = parse_form(AnnualReportSchema())
    if data is None:
        return _render_annual(errors, 422)
    try:
        with unit_of_work():
            report = annual.create_annual_report(year=data["year"], fg_text=data["fg_text"],
                                                 actor=current_actor(), now=clock.now_utc())
            year = report.year
    except annual.ReportRefused as refused:
        db.session.rollback()
        field = "tekst" if "tekst" in str(refused) else "jaar"
        return _render_annual({field: [str(refused)]}, 422)
    flash(f"Het jaarverslag over {year} is gemaakt en opgeslagen.")
    return redirect(url_for("annual_report.index"), code=303)


def _report(report_id: int) -> AnnualReport:
    found = db.session.get(AnnualReport, report_id)
    if found is None:
        abort(404)
    return found


@annual_bp.get("/<int:report_id>.pdf")
@requires(Permission.REPORTS_WRITE)
def pdf(report_id: int) -> ResponseReturnValue:
    report = _report(report_id)
    with unit_of_work():
        record(current_actor(), "annual_report.download", object_type="annual_report",
               object_id=report_id, purpose=Purpose.SUPERVISION)
    letter = db.session.get(Letter, report.letter_id)
    assert letter is not None
    return file_response(ensure_rendered(letter), "application/pdf",
                         f"jaarverslag-{report.year}.pdf")


@annual_bp.get("/<int:report_id>.csv")
@requires(Permission.REPORTS_WRITE)
def csv(report_id: int) -> ResponseReturnValue:
    report = _report(report_id)
    with unit_of_work():
        record(current_actor(), "annual_report.export", object_type="annual_report",
               object_id=report_id, purpose=Purpose.SUPERVISION)
    return file_response(report.figures_csv.encode("utf-8"), "text/csv",
                         f"jaarverslag-{report.year}.csv", inline=False)
