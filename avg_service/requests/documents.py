"""Uploaded files: checked by content (not by name), stored outside the web root.

Accepted: PDF, JPEG and PNG up to 10 MB each. Files live under ``instance/uploads/`` by a random
key; the database keeps the key, the size and the SHA-256. An identity copy is deleted as soon as
it has been checked (AVG art. 5(1)(c), data minimisation); its row stays as the record.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app
from werkzeug.utils import secure_filename

from avg_service.db import table
from avg_service.extensions import db
from avg_service.uow import on_commit, queued
from avg_service.requests.models import DsrDocument

MAX_FILE_BYTES = 10 * 1024 * 1024
#: What staff may file on a request (the public form and the portal set their own kinds).
STAFF_KINDS = ("scan", "identity", "authorisation", "attachment")
MAX_FILES = 5
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}


class UploadRejected(ValueError):
    """``code`` is a message key (translated for the visitor)."""

    def __init__(self, code: str, filename: str) -> None:
        super().__init__(code)
        self.code = code
        self.filename = filename


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    filename: str
    content_type: str
    data: bytes


def sniff_content_type(data: bytes) -> str | None:
    for content_type, signatures in SIGNATURES.items():
        if any(data.startswith(signature) for signature in signatures):
            return content_type
    return None


def check_upload(filename: str, data: bytes) -> CheckedUpload:
    name = secure_filename(filename or "") or "bestand"
    if not data:
        raise UploadRejected("upload.empty", name)
    if len(data) > MAX_FILE_BYTES:
        raise UploadRejected("upload.too_large", name)
    content_type = sniff_content_type(data)
    if content_type is None or not is_plain_content(content_type, data):
        raise UploadRejected("upload.wrong_type", name)
    return CheckedUpload(name[:200], content_type, data)


#: Names of PDF objects that run something or carry another file: a document the contact point
#: keeps and staff open needs none of them (issue 15, finding 12).
_PDF_ACTIVE = (b"/javascript", b"/js", b"/launch", b"/embeddedfile", b"/richmedia", b"/xfa",
               b"/aa", b"/submitform", b"/importdata", b"/gotoe")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_NAME = re.compile(rb"/[A-Za-z]+")
#: Markers of another format inside a file (a polyglot: an image that is also HTML or a PDF).
_FOREIGN = (b"<script", b"<html", b"<svg", b"<?php", b"%pdf-")
_PNG_END = b"IEND\xaeB`\x82"


def is_plain_content(content_type: str, data: bytes) -> bool:
    """Beyond the first bytes: a PDF without active content or embedded files, an image that
    ends where its format ends and carries no other format. Not a full parser: names inside
    compressed object streams are not seen (a PDF sanitiser would be the next step)."""
    lowered = data.lower()
    if content_type == "application/pdf":
        names = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
        found = {match.group(0).lower() for match in _PDF_NAME.finditer(names)}
        if found & set(_PDF_ACTIVE):
            return False
        return not any(marker in lowered for marker in _FOREIGN[:4])
    if any(marker in lowered for marker in _FOREIGN):
        return False
    if content_type == "image/png":
        return data.endswith(_PNG_END)
    if content_type == "image/jpeg":
        return data.rstrip(b"\x00").endswith(b"\xff\xd9")
    return True


def upload_root() -> Path:
    root = Path(current_app.instance_path) / "uploads"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


# The one file store, for request documents and participants' task files alike: a file by a
# random key, readable by the service's user only.
def write_file(data: bytes) -> str:
    """Store ``data``; returns its key. The file belongs to the current transaction: if that
    rolls back (a refused submission, the loser of a double submit), the file is removed
    again, so no file exists that no row names (issue 15, finding 10)."""
    key = secrets.token_hex(16)
    path = upload_root() / key
    session = db.session()
    session.connection()  # begin the transaction now, so its rollback is seen (and removes it)
    session.info.setdefault(_WRITTEN_KEY, []).append(path)
    path.write_bytes(data)
    path.chmod(0o600)
    return key


_WRITTEN_KEY = "avg_written_files"


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _keep_written_files(session: sa.orm.Session) -> None:
    session.info.pop(_WRITTEN_KEY, None)


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _remove_written_files(session: sa.orm.Session, previous_transaction: Any) -> None:
    if previous_transaction.nested:
        return
    for path in session.info.pop(_WRITTEN_KEY, []):
        path.unlink(missing_ok=True)


#: A file younger than this may belong to a transaction still running; the sweep leaves it.
ORPHAN_GRACE = timedelta(hours=1)


def sweep_orphans(*, now: datetime) -> int:
    """Remove stored files that no document or task file names (a crash between writing the
    file and the rollback, say); only files older than ``ORPHAN_GRACE``. Returns the count."""
    root = upload_root()
    known = set(db.session.scalars(sa.select(DsrDocument.storage_key)
                                   .where(DsrDocument.storage_key.is_not(None))))
    # Task files share the store; their table, not coordination's model (coordination builds
    # on requests, not the other way round).
    known |= set(db.session.scalars(sa.select(table("task_file").c.storage_key)))
    removed = 0
    for path in root.iterdir():
        if not path.is_file() or path.name in known:
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if now - modified > ORPHAN_GRACE:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def read_file(key: str) -> bytes:
    return (upload_root() / key).read_bytes()


def remove_file(key: str) -> None:
    """Remove a stored file now. A use case removes through ``remove_after_commit``."""
    (upload_root() / key).unlink(missing_ok=True)


_REMOVE = "files_to_remove"


def remove_after_commit(key: str) -> None:
    """The stored file goes once the current unit of work commits; a rollback keeps it, so a
    row that still names it still has it. A crash between the commit and the removal leaves an
    orphan, which ``sweep_orphans`` removes."""
    queued(db.session(), _REMOVE).append(key)


def _remove_committed(keys: list[str]) -> None:
    for key in keys:
        remove_file(key)


on_commit(_REMOVE, _remove_committed)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(upload: CheckedUpload, *, kind: str, at: datetime) -> DsrDocument:
    """Write the file and return its (unsaved) document row."""
    return DsrDocument(kind=kind, filename=upload.filename, content_type=upload.content_type,
                       size=len(upload.data), sha256=sha256_of(upload.data),
                       storage_key=write_file(upload.data), uploaded_at=at)


def read(document: DsrDocument) -> bytes:
    if document.storage_key is None:
        raise FileNotFoundError("document deleted")
    return read_file(document.storage_key)


def delete_content(document: DsrDocument, *, at: datetime) -> None:
    if document.storage_key is not None:
        remove_after_commit(document.storage_key)
    document.storage_key = None
    document.deleted_at = at


#: Staff-facing (Dutch) texts of the rejection codes; the public form translates the codes.
REJECTION_MESSAGES: dict[str, str] = {
    "upload.empty": "Het bestand is leeg.",
    "upload.too_large": "Het bestand is groter dan 10 MB.",
    "upload.wrong_type": "Alleen PDF, JPEG en PNG zijn toegestaan (gecontroleerd op de inhoud).",
}
