"""Uploaded files: checked by content (not by name), stored outside the web root.

Accepted: PDF, JPEG and PNG up to 10 MB each. Files live under ``instance/uploads/`` by a random
key; the database keeps the key, the size and the SHA-256. An identity copy is deleted as soon as
it has been checked (AVG art. 5(1)(c), data minimisation); its row stays as the record.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from werkzeug.utils import secure_filename

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
    if content_type is None:
        raise UploadRejected("upload.wrong_type", name)
    return CheckedUpload(name[:200], content_type, data)


def upload_root() -> Path:
    root = Path(current_app.instance_path) / "uploads"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


# The one file store, for request documents and participants' task files alike: a file by a
# random key, readable by the service's user only.
def write_file(data: bytes) -> str:
    """Store ``data``; returns its key."""
    key = secrets.token_hex(16)
    path = upload_root() / key
    path.write_bytes(data)
    path.chmod(0o600)
    return key


def read_file(key: str) -> bytes:
    return (upload_root() / key).read_bytes()


def remove_file(key: str) -> None:
    (upload_root() / key).unlink(missing_ok=True)


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
        remove_file(document.storage_key)
    document.storage_key = None
    document.deleted_at = at


#: Staff-facing (Dutch) texts of the rejection codes; the public form translates the codes.
REJECTION_MESSAGES: dict[str, str] = {
    "upload.empty": "Het bestand is leeg.",
    "upload.too_large": "Het bestand is groter dan 10 MB.",
    "upload.wrong_type": "Alleen PDF, JPEG en PNG zijn toegestaan (gecontroleerd op de inhoud).",
}
