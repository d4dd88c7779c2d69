"""The requester's status pages, Dutch at ``/status``, English at ``/en/status``; no account.

Opening the secret link (``/status/<token>``) checks it, binds this browser session to the link
and redirects to ``/status``, so the token leaves the address bar and the browser history at
once (and ``Referrer-Policy: no-referrer`` keeps it from other sites). Every page after that
reads the link from the session and checks it again; an expired or revoked link ends the
session's access. A visitor who keeps presenting wrong links is refused for a while.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from avg_service import clock
from avg_service.access.guard import current_actor, public
from avg_service.db import unit_of_work
from avg_service.errors import DomainError
from avg_service.portal import services
from avg_service.portal.models import StatusLink
from avg_service.requests import documents
from avg_service.requests.services import Upload
from avg_service.web.forms import file_response
from avg_service.web.i18n import localise_errors

bp = Blueprint("portal", __name__)

SESSION_KEY = services.BROWSER_SESSION_KEY
#: The browser session keeps the link open this long after the last page it showed.
SESSION_IDLE = timedelta(hours=1)


def _endpoint(name: str, lang: str) -> str:
    return f"portal.{name}_en" if lang == "en" else f"portal.{name}"


def _message(lang: str, key: str, status: int, **extra: Any) -> ResponseReturnValue:
    return render_template("portal/message.html", key=key, lang=lang,
                           new_link_url=url_for(_endpoint("new_link", lang)), **extra), status


def _address() -> str:
    return services.address_key(request.remote_addr)


def _blocked(now: datetime) -> bool:
    return services.is_blocked(_address(), now=now)


def _session_link(now: datetime) -> StatusLink | None:
    """The status link this browser opened, while it works and the session is not idle."""
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict):
        return None
    try:
        seen = datetime.fromisoformat(entry["at"])
        link_id = int(entry["link"])
    except (KeyError, TypeError, ValueError):
        return None
    if now - seen > SESSION_IDLE:
        session.pop(SESSION_KEY, None)
        return None
    link = services.valid_link(link_id, now=now)
    if link is None:
        session.pop(SESSION_KEY, None)
        return None
    session[SESSION_KEY] = {"link": link.id, "at": now.isoformat(), "b": entry.get("b")}
    return link


def _session_binding() -> str | None:
    """The random value this browser's portal session got when it opened its link."""
    entry = session.get(SESSION_KEY)
    value = entry.get("b") if isinstance(entry, dict) else None
    return value if isinstance(value, str) and value else None


@bp.get("/status/<token>", defaults={"lang": "nl"}, endpoint="open")
@bp.get("/en/status/<token>", defaults={"lang": "en"}, endpoint="open_en")
@public
def open_link(lang: str, token: str) -> ResponseReturnValue:
    g.lang = lang
    now = clock.now_utc()
    with unit_of_work():
        if _blocked(now):
            return _message(lang, "portal.blocked", 429)
        state, link = services.resolve_link(token[:200], now=now)
        if state is not services.LinkState.VALID:
            services.count_failure(_address(), now=now)
    if state is services.LinkState.EXPIRED:
        return _message(lang, "portal.expired", 410)
    if link is None:
        return _message(lang, "portal.unknown", 404)
    session[SESSION_KEY] = {"link": link.id, "at": now.isoformat(),
                            "b": secrets.token_urlsafe(16)}
    return redirect(url_for(_endpoint("status", lang)), code=303)


def _render_status(lang: str, link: StatusLink, *, errors: dict[str, list[str]] | None = None,
                   form: Any = None, notice: str | None = None, status: int = 200
                   ) -> ResponseReturnValue:
    now = clock.now_utc()
    with unit_of_work():
        view = services.status_view(link, actor=current_actor(), now=now)
        secret = current_app.config["SECRET_KEY"]
        binding = _session_binding() or ""
        signed = {(item.kind, item.id): services.sign_download(secret, link, item,
                                                               binding=binding)
                  for item in view.letters + view.data_files}
    return render_template(
        "portal/status.html", view=view, dsr=view.dsr, lang=lang, errors=errors or {},
        form=form or {}, notice=notice, signed=signed,
        download_endpoint=_endpoint("download", lang),
        alternate_url=url_for(_endpoint("status", "nl" if lang == "en" else "en")),
        upload_url=url_for(_endpoint("upload", lang)),
        withdraw_url=url_for(_endpoint("withdraw", lang))), status


@bp.get("/status", defaults={"lang": "nl"}, endpoint="status")
@bp.get("/en/status", defaults={"lang": "en"}, endpoint="status_en")
@public
def show_status(lang: str) -> ResponseReturnValue:
    g.lang = lang
    link = _session_link(clock.now_utc())
    if link is None:
        return _message(lang, "portal.no_session", 401)
    notice = request.args.get("done")
    return _render_status(lang, link, notice=notice if notice in NOTICES else None)


NOTICES = frozenset({"sent", "sent_late", "withdrawn"})


@bp.post("/status/aanvullen", defaults={"lang": "nl"}, endpoint="upload")
@bp.post("/en/status/send", defaults={"lang": "en"}, endpoint="upload_en")
@public
def upload(lang: str) -> ResponseReturnValue:
    g.lang = lang
    now = clock.now_utc()
    link = _session_link(now)
    if link is None:
        return _message(lang, "portal.no_session", 401)
    uploads, errors = _read_files()
    note = (request.form.get("note") or "").strip()[:2000]
    if errors:
        return _render_status(lang, link, errors=localise_errors(errors),
                              form={"note": note}, status=400)
    try:
        with unit_of_work():
            resumed = services.send_information(link, uploads, note, actor=current_actor(),
                                                now=now)
    except DomainError as refused:
        return _render_status(lang, link, form={"note": note}, status=422,
                              errors=localise_errors(refused.errors
                                                     or {"files": [refused.message]}))
    return redirect(url_for(_endpoint("status", lang), done="sent" if resumed else "sent_late"),
                    code=303)


def _read_files() -> tuple[list[Upload], dict[str, list[str]]]:
    files = [f for f in request.files.getlist("files") if f and f.filename]
    errors: dict[str, list[str]] = {}
    if len(files) > documents.MAX_FILES:
        errors["files"] = ["err.too_many_files"]
    uploads = []
    for item in files[:documents.MAX_FILES]:
        try:
            checked = documents.check_upload(item.filename or "",
                                             item.read(documents.MAX_FILE_BYTES + 1))
        except documents.UploadRejected as rejected:
            errors.setdefault("files", []).append(rejected.code)
        else:
            uploads.append(Upload("aanvulling", checked.filename, checked.data))
    return uploads, errors


@bp.post("/status/intrekken", defaults={"lang": "nl"}, endpoint="withdraw")
@bp.post("/en/status/withdraw", defaults={"lang": "en"}, endpoint="withdraw_en")
@public
def withdraw(lang: str) -> ResponseReturnValue:
    g.lang = lang
    now = clock.now_utc()
    link = _session_link(now)
    if link is None:
        return _message(lang, "portal.no_session", 401)
    if request.form.get("confirm") != "yes":
        return _render_status(lang, link, status=400, errors=localise_errors(
            {"confirm": ["portal.err.confirm_withdrawal"]}))
    try:
        with unit_of_work():
            services.withdraw(link, actor=current_actor(), now=now)
    except DomainError as refused:
        return _render_status(lang, link, status=422,
                              errors=localise_errors({"confirm": [refused.message]}))
    return redirect(url_for(_endpoint("status", lang), done="withdrawn"), code=303)


@bp.get("/status/download/<signed>", defaults={"lang": "nl"}, endpoint="download")
@bp.get("/en/status/download/<signed>", defaults={"lang": "en"}, endpoint="download_en")
@public
def download(lang: str, signed: str) -> ResponseReturnValue:
    g.lang = lang
    now = clock.now_utc()
    with unit_of_work():
        if _blocked(now):
            return _message(lang, "portal.blocked", 429)
        if _session_link(now) is None:
            session.pop(SESSION_KEY, None)
        opened = services.open_download(current_app.config["SECRET_KEY"], signed[:500],
                                        binding=_session_binding(), actor=current_actor(),
                                        now=now)
        if opened.state is services.DownloadState.INVALID:
            services.count_failure(_address(), now=now)
    if opened.state is services.DownloadState.EXPIRED:
        back = _session_link(now) is not None
        return _message(lang, "portal.download_expired", 410,
                        status_url=url_for(_endpoint("status", lang)) if back else None)
    if opened.state is services.DownloadState.INVALID:
        return _message(lang, "portal.unknown", 404)
    return file_response(opened.content, opened.content_type, opened.filename, inline=False)


@bp.route("/status/nieuwe-link", methods=["GET", "POST"], defaults={"lang": "nl"},
          endpoint="new_link")
@bp.route("/en/status/new-link", methods=["GET", "POST"], defaults={"lang": "en"},
          endpoint="new_link_en")
@public
def new_link(lang: str) -> ResponseReturnValue:
    g.lang = lang
    alternate = url_for(_endpoint("new_link", "nl" if lang == "en" else "en"))
    if request.method == "GET":
        return render_template("portal/new_link.html", errors={}, form={}, sent=False,
                               alternate_url=alternate)
    now = clock.now_utc()
    reference = (request.form.get("reference") or "").strip()[:40]
    email = (request.form.get("email") or "").strip()[:254]
    errors: dict[str, list[str]] = {}
    if not reference:
        errors["reference"] = ["portal.err.reference"]
    if "@" not in email:
        errors["email"] = ["err.email"]
    if errors:
        return render_template("portal/new_link.html", errors=localise_errors(errors),
                               form=request.form, sent=False, alternate_url=alternate), 400
    with unit_of_work():
        if _blocked(now):
            return _message(lang, "portal.blocked", 429)
        # Every request counts, found or not: guessing references costs the same as tokens.
        services.count_failure(_address(), now=now)
        services.request_new_link(reference, email, actor=current_actor(), now=now)
    return render_template("portal/new_link.html", errors={}, form={}, sent=True,
                           alternate_url=alternate)
