"""The outbox page for staff (``/post``): what went out, what is waiting, what was not delivered.

Reading it shows addresses, so every view is in the audit log. The contact point sends a failed
message again or records a bounce that came back to its mailbox; each is one unit of work. In
development the page also shows each body (markers as "(persoonlijke link)"), so developers
see what would be sent without a mail server.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from avg_service import clock
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit.services import record
from avg_service.config import current_settings
from avg_service.db import unit_of_work
from avg_service.mail import services
from avg_service.mail.models import STATUS_LABELS, MailStatus
from avg_service.mail.schemas import BounceSchema, OutboxQuerySchema
from avg_service.web.forms import parse_form

bp = Blueprint("mail", __name__, url_prefix="/post")


@bp.get("")
@requires(Permission.MAIL_READ)
def outbox() -> ResponseReturnValue:
    return _render_outbox()


@bp.post("/<int:message_id>/opnieuw")
@requires(Permission.MAIL_MANAGE)
def retry(message_id: int) -> ResponseReturnValue:
    try:
        with unit_of_work():
            services.retry_message(services.get_message(message_id, for_update=True),
                                   actor=current_actor(), now=clock.now_utc())
    except services.MailRefused as refused:
        return _render_outbox(errors={"_": [refused.message]}, status=409)
    flash("Het bericht staat weer in de wachtrij en wordt nu verstuurd.")
    return redirect(url_for("mail.outbox", **_filters()))


@bp.post("/<int:message_id>/onbestelbaar")
@requires(Permission.MAIL_MANAGE)
def bounce(message_id: int) -> ResponseReturnValue:
    data, errors = parse_form(BounceSchema())
    if data is not None:
        try:
            with unit_of_work():
                services.mark_bounced(services.get_message(message_id, for_update=True),
                                      reason=data["reason"], actor=current_actor(),
                                      now=clock.now_utc())
        except services.MailRefused as refused:
            errors = refused.errors or {"_": [refused.message]}
        else:
            flash("Het bericht is gemarkeerd als onbestelbaar.")
            return redirect(url_for("mail.outbox", **_filters()))
    field_errors = "reason" in errors
    return _render_outbox(errors=errors, form_for=message_id if field_errors else None,
                          status=400 if field_errors else 409)


def _filters() -> dict[str, Any]:
    """The list's filter, kept across an action (sent along as hidden fields)."""
    return {key: value for key in ("status", "page") if (value := request.form.get(key, ""))}


def _render_outbox(*, errors: dict[str, list[str]] | None = None, form_for: int | None = None,
                   status: int = 200) -> ResponseReturnValue:
    args = request.args if request.method == "GET" else _filters()
    query, query_errors = _query(args)
    settings = current_settings()
    with unit_of_work():  # rendered inside: the rows are read once, not reloaded after commit
        page = services.outbox_page(status=query["status"], page=query["page"])
        record(current_actor(), "mail.list", object_type="mail_outbox")
        html = render_template(
            "mail/outbox.html", page=page, status_filter=query["status"], errors=errors or {},
            query_errors=query_errors, form_for=form_for, form=request.form,
            statuses=[(s.value, STATUS_LABELS[s]) for s in MailStatus],
            show_body=not settings.is_production, display_body=services.display_body,
            reason_max=services.BOUNCE_REASON_MAX)
    return html, 400 if query_errors and status == 200 else status


def _query(args: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The filter; a bad value is shown beside its field and ignored."""
    raw = {k: v for k, v in args.items() if v != ""}
    try:
        return OutboxQuerySchema().load(raw), {}
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {}
        errors = {k: [str(m) for m in v] if isinstance(v, list) else [str(v)]
                  for k, v in messages.items()}
        return OutboxQuerySchema().load({k: v for k, v in raw.items() if k not in errors}), errors
