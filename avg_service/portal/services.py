"""The requester's portal: secret status links, what the requester may see and do, downloads.

A status link carries 256 random bits; only their SHA-256 is stored, so neither the database nor
its backups hold a working link. Looking a token up by its hash leaks nothing through timing: the
attacker does not choose the hash, and the found row is compared once more in constant time.
Wrong, expired and forged tokens count against the visitor's address (kept as a keyed hash) and
the portal stops answering that address for a while (``FAILED_LIMIT`` per ``FAILED_WINDOW``).

Downloads (letters, the data copy) go through links signed with the app's secret that live
``DOWNLOAD_LIFETIME`` and name the status link they came from: a link revoked or expired stops
its downloads too. Every download is an audit-log entry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

import sqlalchemy as sa
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from avg_service.notifications import services as notifications
from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.config import current_settings
from avg_service.coordination.models import TaskFile
from avg_service.coordination.services import read_file
from avg_service.decisions.letters import answered_tasks, load_tasks
from avg_service.decisions.models import Decision, DecisionStatus
from avg_service.errors import DomainError
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import ensure_rendered
from avg_service.mail.models import OutboxMessage
from avg_service.mail.services import register_placeholder
from avg_service.portal.models import PortalAttempt, StatusLink
from avg_service.protection import keyed_hash
from avg_service.requests import services as requests
from avg_service.requests.models import DataSubjectRequest, DsrDocument
from avg_service.links import external_url

TOKEN_BYTES: Final = 32
#: The browser session's key for the status link it opened (portal.views; sso opens one too).
BROWSER_SESSION_KEY: Final = "portal"
#: A status link works this long; the requester can ask for a new one with reference and e-mail.
LINK_LIFETIME: Final = timedelta(days=180)
DOWNLOAD_LIFETIME: Final = timedelta(minutes=15)
FAILED_LIMIT: Final = 10
FAILED_WINDOW: Final = timedelta(minutes=15)
#: Letter kinds addressed to the requester. The besluit shows once it is bekendgemaakt.
#: Never a letter to someone else on the request: a third party's invitation to give a zienswijze
#: (Awb 4:8, "zienswijze_derde") names that person and is not the requester's.
REQUESTER_LETTERS: Final = frozenset({"ontvangstbevestiging", "aanvulling", "verlenging",
                                      "besluit", "besluit_niet_in_behandeling",
                                      "besluit_12_5", "besluit_overleden", "doorzending",
                                      "zienswijze_aanvrager"})
#: The kinds that are a besluit: shown only once made known, and only the version sent.
BESLUIT_KINDS: Final = frozenset({"besluit", "besluit_niet_in_behandeling", "besluit_12_5",
                                  "besluit_overleden"})
#: What a closed request's link still shows (with the data copy the besluit grants).
FINAL_LETTERS: Final = frozenset({"besluit", "besluit_niet_in_behandeling", "besluit_12_5",
                                  "besluit_overleden", "doorzending"})
#: Documents the requester never sees on the status page: staff scans, and zienswijzen (a third
#: party's names that person, Awb 4:8; the besluit reports them without the name).
STAFF_ONLY_DOCUMENTS: Final = frozenset({"scan", "zienswijze"})
_DOWNLOAD_SALT: Final = "portal-download-v2"
#: Compared against when no row matches, so a miss does the same work as a hit.
_NO_MATCH: Final = "0" * 64


class PortalRefused(DomainError):
    """A requester's action that cannot be done; the message is a text key (Dutch and English)
    shown beside the field."""


def _refuse(key: str, field_name: str) -> PortalRefused:
    return PortalRefused(key, errors={field_name: [key]})


class LinkState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


# ------------------------------------------------------------------------------ status links
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(dsr: DataSubjectRequest, *, via: str, now: datetime,
               revoke_older: bool = True) -> str:
    """A new status link for ``dsr``; returns the token, which is stored nowhere.

    By default (``AVG_STATUS_LINK_REVOKE_OLD``) the new link revokes every older one of the
    request, so at most one link works: a forwarded or leaked old e-mail opens nothing.
    """
    if revoke_older and current_settings().status_link_revoke_old:
        db.session.execute(sa.update(StatusLink).where(
            StatusLink.dsr_id == dsr.id, StatusLink.revoked_at.is_(None)).values(revoked_at=now))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    db.session.add(StatusLink(dsr_id=dsr.id, token_hash=token_hash(token), issued_via=via,
                              created_at=now, expires_at=now + LINK_LIFETIME))
    db.session.flush()
    return token


def resolve_link(token: str, *, now: datetime) -> tuple[LinkState, StatusLink | None]:
    """Which link ``token`` is, and whether it still works."""
    presented = token_hash(token)
    link = db.session.scalar(sa.select(StatusLink).where(StatusLink.token_hash == presented))
    matches = hmac.compare_digest(link.token_hash if link else _NO_MATCH, presented)
    if link is None or not matches:
        return LinkState.UNKNOWN, None
    if not link_works(link, now):
        return LinkState.EXPIRED, link
    link.last_used_at = now
    return LinkState.VALID, link


def valid_link(link_id: int, *, now: datetime) -> StatusLink | None:
    link = db.session.get(StatusLink, link_id)
    return link if link is not None and link_works(link, now) else None


def closed_link_until(dsr: DataSubjectRequest) -> datetime | None:
    """Until when a link of a closed request still shows its final letters; None while open."""
    if dsr.closed_at is None:
        return None
    return dsr.closed_at + timedelta(days=current_settings().status_link_after_closing_days)


def link_works(link: StatusLink, now: datetime) -> bool:
    """Not revoked, not expired, and the request not closed longer than the stated period."""
    until = closed_link_until(link.dsr)
    return link.is_valid(now) and (until is None or now < until)


# ------------------------------------------------------------------------------ rate limit
def address_key(address: str | None) -> str:
    return keyed_hash(address or "unknown", purpose="portal-rate-limit")


def is_blocked(address: str, *, now: datetime) -> bool:
    """Too many wrong, expired or forged tokens from this address lately."""
    failures = db.session.scalar(
        sa.select(sa.func.count()).select_from(PortalAttempt)
        .where(PortalAttempt.address_hash == address, PortalAttempt.at > now - FAILED_WINDOW))
    return (failures or 0) >= FAILED_LIMIT


def count_failure(address: str, *, now: datetime) -> None:
    db.session.add(PortalAttempt(address_hash=address, at=now))


def prune_attempts(*, now: datetime) -> int:
    result = db.session.execute(sa.delete(PortalAttempt).where(
        PortalAttempt.at < now - timedelta(days=1)))
    return int(getattr(result, "rowcount", 0) or 0)


# ------------------------------------------------------------------------------ what the page shows
@dataclass(frozen=True, slots=True)
class Download:
    kind: str  # "letter" | "file"
    id: int
    label: str
    on: Any  # the date shown beside it


@dataclass(frozen=True, slots=True)
class StatusView:
    dsr: DataSubjectRequest
    decision: Decision | None
    letters: list[Download]
    data_files: list[Download]
    sent_documents: list[DsrDocument]
    can_upload: bool
    can_withdraw: bool
    #: For a closed request: the page shows only the final letters, until this moment.
    closed_until: datetime | None = None

    @property
    def closed_until_on(self) -> Any:
        return law.receipt_date(self.closed_until) if self.closed_until else None


def decision_available(decision: Decision | None) -> bool:
    """The besluit is the requester's once it is bekendgemaakt (by post or on this page)."""
    return decision is not None and decision.status_enum is DecisionStatus.NOTIFIED


def status_view(link: StatusLink, *, actor: Actor, now: datetime) -> StatusView:
    """What the status page shows; viewing it is an audit-log entry."""
    dsr = link.dsr
    decision = db.session.scalar(sa.select(Decision).where(Decision.dsr_id == dsr.id))
    letters = [Download("letter", letter.id, letter.kind, law.receipt_date(letter.dagtekening))
               for letter in _requester_letters(dsr, decision)]
    closed_until = closed_link_until(dsr)
    files = [Download("file", f.id, f.filename, law.receipt_date(f.uploaded_at))
             for f in _data_files(dsr, decision)]
    record(actor, "portal.status_view", object_type="dsr", object_id=dsr.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return StatusView(
        dsr=dsr, decision=decision, letters=letters, data_files=files,
        sent_documents=[d for d in dsr.documents if d.kind not in STAFF_ONLY_DOCUMENTS]
        if dsr.is_open else [],
        can_upload=dsr.is_open and dsr.open_invitation is not None,
        can_withdraw=dsr.is_open, closed_until=closed_until)


def _requester_letters(dsr: DataSubjectRequest, decision: Decision | None) -> list[Letter]:
    """The letters the requester may download; once the request is closed only the final
    ones (the besluit, or the letter that ended the request)."""
    kinds = REQUESTER_LETTERS if dsr.is_open else FINAL_LETTERS
    letters = db.session.scalars(
        sa.select(Letter).where(Letter.dsr_id == dsr.id, Letter.kind.in_(kinds))
        .order_by(Letter.dagtekening, Letter.id)).all()
    # A besluit of any kind (op het verzoek, 12(5), 4:5) is the requester's once bekendgemaakt,
    # and only the version that was sent: not one waiting in the post queue, nor a void one.
    return [letter for letter in letters
            if letter.kind not in BESLUIT_KINDS or (decision_available(decision)
                                                    and decision is not None
                                                    and decision.letter_id == letter.id)]


def _data_files(dsr: DataSubjectRequest, decision: Decision | None) -> list[TaskFile]:
    """The data copy (AVG 15(3)): the files the besluit's annex lists, once it is bekendgemaakt."""
    if not decision_available(decision):
        return []
    return [f for task in answered_tasks(load_tasks(dsr)) for f in task.data_files]


# ------------------------------------------------------------------------------ acting
def send_information(link: StatusLink, uploads: list[requests.Upload], note: str, *,
                     actor: Actor, now: datetime) -> bool:
    """The requester sends what the Awb 4:5 invitation asked for. Within the term the clock
    resumes at once (Awb 4:15(1)(a): the suspension ends the day the information arrives);
    after it the documents are kept for the contact point to weigh. True when it resumed."""
    dsr = requests.get_request(link.dsr_id, for_update=True)
    invitation = dsr.open_invitation
    if invitation is None:
        raise _refuse("portal.err.nothing_asked", "files")
    if not uploads and not note.strip():
        raise _refuse("portal.err.empty", "files")
    for upload in uploads:
        requests.add_document(dsr, upload, actor=actor, now=now)
    today = law.receipt_date(now)
    if today <= invitation.term_until:
        requests.record_answer(dsr, answered_on=today, actor=actor, now=now,
                               note="Aangevuld via de statuspagina."
                               + (f" Toelichting: {note.strip()}" if note.strip() else ""))
        notifications.information_received(dsr, invitation_id=invitation.id, late=False, now=now)
        return True
    dsr.note("late_information", actor_id=None, at=now,
             reason="Aanvulling via de statuspagina ontvangen na het einde van de termijn "
             f"({law.format_date_nl(invitation.term_until)}); beoordeel of u die meeweegt."
             + (f" Toelichting: {note.strip()}" if note.strip() else ""))
    notifications.information_received(dsr, invitation_id=invitation.id, late=True, now=now)
    return False


def withdraw(link: StatusLink, *, actor: Actor, now: datetime) -> None:
    dsr = requests.get_request(link.dsr_id, for_update=True)
    if not dsr.is_open:
        raise _refuse("portal.err.closed", "confirm")
    requests.withdraw(dsr, reason="Ingetrokken door de verzoeker via de statuspagina.",
                      actor=actor, now=now)
    requests.mail_requester(dsr, "withdrawn")


# ------------------------------------------------------------------------------ downloads
def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_DOWNLOAD_SALT)


def sign_download(secret_key: str, link: StatusLink, item: Download, *, binding: str) -> str:
    """A download link for this browser's portal session only: ``binding`` is the random
    value the session got when it opened the status link (a copied link opens nothing)."""
    return _serializer(secret_key).dumps({"s": link.id, "k": item.kind, "i": item.id,
                                          "b": binding})


class DownloadState(StrEnum):
    OK = "ok"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class Opened:
    state: DownloadState
    filename: str = ""
    content_type: str = ""
    content: bytes = b""


def open_download(secret_key: str, signed: str, *, binding: str | None, actor: Actor,
                  now: datetime) -> Opened:
    """The file behind a signed download link, audited; or why not. ``binding``: the portal
    session's value; without the session that signed it, the link is expired."""
    try:
        payload = _serializer(secret_key).loads(signed,
                                                max_age=int(DOWNLOAD_LIFETIME.total_seconds()))
    except SignatureExpired:
        return Opened(DownloadState.EXPIRED)
    except BadSignature:
        return Opened(DownloadState.INVALID)
    signed_for = payload.get("b")
    if not isinstance(signed_for, str) or binding is None \
            or not hmac.compare_digest(signed_for, binding):
        return Opened(DownloadState.EXPIRED)
    link = valid_link(int(payload["s"]), now=now)
    if link is None:
        return Opened(DownloadState.EXPIRED)
    decision = db.session.scalar(sa.select(Decision).where(Decision.dsr_id == link.dsr_id))
    if payload["k"] == "letter":
        letter = next((x for x in _requester_letters(link.dsr, decision)
                       if x.id == payload["i"]), None)
        if letter is None:
            return Opened(DownloadState.INVALID)
        content = ensure_rendered(letter)
        record(actor, "portal.letter_download", object_type="letter", object_id=letter.id,
               purpose=Purpose.HANDLING_REQUEST, at=now)
        return Opened(DownloadState.OK, f"{letter.kind}-{letter.kenmerk}.pdf",
                      "application/pdf", content)
    item = next((f for f in _data_files(link.dsr, decision) if f.id == payload["i"]), None)
    if payload["k"] != "file" or item is None:
        return Opened(DownloadState.INVALID)
    record(actor, "portal.file_download", object_type="task_file", object_id=item.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return Opened(DownloadState.OK, item.filename, item.content_type, read_file(item))


# ------------------------------------------------------------------------------ a new link
def request_new_link(reference: str, email: str, *, actor: Actor, now: datetime) -> bool:
    """Mail a new status link when reference and e-mail address belong together. The page says
    the same either way, so it reveals nothing; True only for the tests and the log."""
    dsr = db.session.scalar(sa.select(DataSubjectRequest).where(
        DataSubjectRequest.reference == reference.strip().upper()))
    given = email.strip().lower()
    if dsr is None or not dsr.email or not hmac.compare_digest(dsr.email.lower(), given):
        return False
    if not dsr.is_open and dsr.closed_at is not None and now - dsr.closed_at > LINK_LIFETIME:
        return False
    requests.mail_requester(dsr, "new_link")
    record(actor, "portal.link_requested", object_type="dsr", object_id=dsr.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return True


def status_url(dsr: DataSubjectRequest, token: str) -> str:
    """The link to the status page, in the request's language, for an e-mail or the CLI."""
    return external_url("portal.open_en" if dsr.language == "en" else "portal.open", token=token)


def mint_link_for_mail(message: OutboxMessage) -> str:
    """``[[status-link]]`` in a requester's e-mail: a fresh link, made as the mail goes out,
    so the working token exists only in the message (and not in the outbox row)."""
    dsr = db.session.get(DataSubjectRequest, message.dsr_id)
    if dsr is None:
        raise LookupError("a status link needs the message's request")
    # Never to anyone but the requester, whatever the row says (issue 15, finding 2).
    if not message.expands_markers or not dsr.email \
            or dsr.email.strip().lower() != message.to_address.strip().lower():
        raise LookupError("a status link goes only to the request's own requester")
    # The receipt goes out with the link on the confirmation page of the same submission:
    # that one stays; every later mail's link replaces the older ones.
    token = issue_link(dsr, via="mail", now=clock.now_utc(),
                       revoke_older=message.purpose != "receipt")
    return status_url(dsr, token)


register_placeholder("status-link", mint_link_for_mail, label="(persoonlijke statuslink)")
