"""The public request form: Dutch at ``/verzoek``, English at ``/en/request``; no log-in.

Bad input comes back beside the fields in the visitor's language and nothing is stored; a hidden
token makes a double submit one request; a honeypot field and a rate limit per address (kept
as a keyed hash, for a day) keep spam out without outside services. After the submit the
browser session holds the request id, so only this visitor sees the confirmation and the receipt.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import InvalidToken
from flask import Blueprint, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError

from avg_service import clock
from avg_service.access.guard import current_actor, public
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import DomainError
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.portal import services as portal
from avg_service.protection import decrypt, encrypt, keyed_hash
from avg_service.requests import documents, services
from avg_service.requests.lifecycle import Channel, Representation, Right
from avg_service.requests.models import DataSubjectRequest, PublicSubmission
from avg_service.requests.schemas import PublicRequestSchema
from avg_service.sso import services as sso_services
from avg_service.sso import browser as sso
from avg_service.web.forms import file_response, parse_form
from avg_service.web.i18n import localise_errors

bp = Blueprint("public_requests", __name__)

#: At most this many form submissions per address per hour (valid or not).
RATE_LIMIT = 20
RATE_WINDOW = timedelta(hours=1)
SESSION_KEY = "submitted_request"
#: The confirmation and the receipt stay available in the browser session this long.
CONFIRMATION_LIFETIME = timedelta(hours=2)
#: The order on the form: the rights that apply, then portability (explained as not applying).
FORM_RIGHTS = (Right.ACCESS, Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION,
               Right.OBJECTION, Right.PORTABILITY)
HONEYPOT = "website"


def _lang_urls(lang: str) -> dict[str, str]:
    return {"form": url_for("public_requests.form_en" if lang == "en" else "public_requests.form"),
            "other": url_for("public_requests.form" if lang == "en" else "public_requests.form_en")}


def _render_form(lang: str, *, form: Any, errors: dict[str, list[str]], status: int = 200
                 ) -> ResponseReturnValue:
    token = form.get("submission_token") or secrets.token_urlsafe(24)
    return render_template("requests/public_form.html", form=form, errors=errors, token=token,
                           rights=FORM_RIGHTS, representations=list(Representation),
                           urls=_lang_urls(lang), honeypot=HONEYPOT), status


@bp.get("/verzoek", defaults={"lang": "nl"}, endpoint="form")
@bp.get("/en/request", defaults={"lang": "en"}, endpoint="form_en")
@public
def show_form(lang: str) -> ResponseReturnValue:
    g.lang = lang
    return _render_form(lang, form={}, errors={})


@bp.post("/verzoek", defaults={"lang": "nl"}, endpoint="submit")
@bp.post("/en/request", defaults={"lang": "en"}, endpoint="submit_en")
@public
def submit(lang: str) -> ResponseReturnValue:
    g.lang = lang
    now = clock.now_utc()
    if not _within_rate_limit(now):
        return render_template("requests/public_message.html", key="limit"), 429
    if request.form.get(HONEYPOT):
        return render_template("requests/public_message.html", key="honeypot"), 400
    data, errors = parse_form(PublicRequestSchema(), checkboxes=("electronic_consent",),
                              lists=("rights",), ignore=(HONEYPOT,))
    digid = sso.apply_digid(data, errors)  # the BSN from a DigiD log-in, not from the form
    uploads, upload_errors = _read_uploads(data, mandate=digid is not None and digid.is_mandate)
    errors = {**errors, **upload_errors}
    if data is None or errors:
        return _render_form(lang, form=request.form, errors=errors, status=400)
    token = data.pop("submission_token")
    status_token: str | None = None
    existing = _by_token(token)
    if existing is None:
        try:
            with unit_of_work():
                dsr = services.register(
                    services.Intake.from_data(data, uploads), channel=Channel.WEB,
                    received_at=now, actor=current_actor(), now=now, language=lang,
                    submission_token=token)
                status_token = portal.issue_link(dsr, via="confirmation", now=now)
                if digid is not None:
                    sso_services.record_digid_request(dsr, digid, actor=current_actor(), now=now)
        except IntegrityError:  # the same form sent twice at the same moment
            existing = _by_token(token)
            if existing is None:
                raise
        except DomainError as refused:
            return _render_form(lang, form=request.form,
                                errors=localise_errors(refused.errors or {"_": [refused.message]}),
                                status=422)
        else:
            existing = dsr.id
    previous = session.get(SESSION_KEY)
    if status_token is not None:
        # The status link is shown once, on the confirmation page; only its hash is stored.
        # The session cookie is signed, not secret: it carries the token encrypted.
        session[SESSION_KEY] = {"id": existing, "at": now.isoformat(),
                                "status_token": encrypt(status_token)}
    elif not (isinstance(previous, dict) and previous.get("id") == existing):
        # A double submit keeps the first confirmation, with its link, in this browser.
        session[SESSION_KEY] = {"id": existing, "at": now.isoformat()}
    return redirect(url_for("public_requests.received_en" if lang == "en"
                            else "public_requests.received"), code=303)


def _within_rate_limit(now: datetime) -> bool:
    """Count this attempt, in a unit of its own (it counts even when the input is refused)."""
    address = keyed_hash(request.remote_addr or "unknown", purpose="rate-limit")
    with unit_of_work():
        recent = db.session.scalar(
            sa.select(sa.func.count()).select_from(PublicSubmission)
            .where(PublicSubmission.address_hash == address,
                   PublicSubmission.at > now - RATE_WINDOW))
        if (recent or 0) >= RATE_LIMIT:
            return False
        db.session.add(PublicSubmission(address_hash=address, at=now))
    return True


def _by_token(token: str) -> int | None:
    found: int | None = db.session.scalar(
        sa.select(DataSubjectRequest.id).where(DataSubjectRequest.submission_token == token))
    return found


def _read_uploads(data: dict[str, Any] | None, *, mandate: bool = False
                  ) -> tuple[list[services.Upload], dict[str, list[str]]]:
    """Check every file by its content; errors are message keys for the field they belong to.

    A DigiD Machtigen log-in (``mandate``) proves the authorisation: no document is asked for."""
    uploads: list[services.Upload] = []
    errors: dict[str, list[str]] = {}
    files = [f for f in request.files.getlist("attachments") if f and f.filename]
    if len(files) > documents.MAX_FILES:
        errors["attachments"] = ["err.too_many_files"]
    for field_name, kind, items in (("attachments", "attachment", files[:documents.MAX_FILES]),
                                    ("authorisation", "authorisation",
                                     [f for f in request.files.getlist("authorisation")
                                      if f and f.filename][:1])):
        for item in items:
            content = item.read(documents.MAX_FILE_BYTES + 1)
            try:
                checked = documents.check_upload(item.filename or "", content)
            except documents.UploadRejected as rejected:
                errors.setdefault(field_name, []).append(rejected.code)
            else:
                uploads.append(services.Upload(kind, checked.filename, checked.data))
    acting_for_someone = data is not None and data.get("representation") not in (
        None, Representation.SELF)
    if acting_for_someone and not mandate and not any(u.kind == "authorisation" for u in uploads) \
            and "authorisation" not in errors:
        errors["authorisation"] = ["err.authorisation"]
    return uploads, localise_errors(errors)


def _submitted_request() -> DataSubjectRequest | None:
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict):
        return None
    try:
        at = datetime.fromisoformat(entry["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if clock.now_utc() - at > CONFIRMATION_LIFETIME:
        session.pop(SESSION_KEY, None)
        return None
    return db.session.get(DataSubjectRequest, entry.get("id"))


@bp.get("/verzoek/ontvangen", defaults={"lang": "nl"}, endpoint="received")
@bp.get("/en/request/received", defaults={"lang": "en"}, endpoint="received_en")
@public
def received(lang: str) -> ResponseReturnValue:
    g.lang = lang
    dsr = _submitted_request()
    if dsr is None:
        return redirect(url_for("public_requests.form_en" if lang == "en"
                                else "public_requests.form"))
    with unit_of_work():
        record(current_actor(), "dsr.confirmation_view", object_type="dsr", object_id=dsr.id,
               purpose=Purpose.HANDLING_REQUEST)
    entry = session.get(SESSION_KEY) or {}
    sealed = entry.get("status_token") if isinstance(entry, dict) else None
    try:
        status_token = decrypt(sealed) if isinstance(sealed, str) else None
    except InvalidToken:  # the encryption key changed since: the e-mail has a link too
        status_token = None
    status_link = (url_for("portal.open_en" if dsr.language == "en" else "portal.open",
                           token=status_token, _external=True) if status_token else None)
    return render_template("requests/public_received.html", dsr=dsr, urls=_lang_urls(lang),
                           status_link=status_link)


@bp.get("/verzoek/ontvangstbevestiging.pdf", endpoint="receipt_pdf")
@public
def receipt_pdf() -> ResponseReturnValue:
    dsr = _submitted_request()
    if dsr is None:
        return redirect(url_for("public_requests.form"))
    with unit_of_work():
        letter_id = db.session.scalar(
            sa.select(Letter.id).where(Letter.dsr_id == dsr.id,
                                       Letter.kind == "ontvangstbevestiging")
            .order_by(Letter.id).limit(1))
        if letter_id is None:
            raise DomainError("Er is geen ontvangstbevestiging.")
        _letter, pdf = services.open_letter(dsr.id, letter_id, actor=current_actor(),
                                            now=clock.now_utc())
    return file_response(pdf, "application/pdf", f"ontvangstbevestiging-{dsr.reference}.pdf")
