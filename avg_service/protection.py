"""Field protection for the most sensitive values (BSN): encryption at rest and a keyed hash.

The BSN is encrypted (Fernet: AES-128-CBC + HMAC-SHA256) so it can be shared with a participant
that must search its records, and indexed by an HMAC so staff can search without decrypting.
Both keys derive from ``AVG_ENCRYPTION_KEY`` (production requires it; development keeps one in
``instance/``), not from ``SECRET_KEY``, so rotating the session key never loses data.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet

from avg_service.config import current_settings


def _master_key() -> bytes:
    key: str = current_settings().encryption_key
    return key.encode()


def _derive(purpose: bytes) -> bytes:
    return hmac.new(_master_key(), purpose, hashlib.sha256).digest()


def encrypt(value: str) -> str:
    fernet = Fernet(base64.urlsafe_b64encode(_derive(b"avg-field-encryption-v1")))
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    fernet = Fernet(base64.urlsafe_b64encode(_derive(b"avg-field-encryption-v1")))
    return fernet.decrypt(token.encode()).decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """A stable, non-reversible lookup value (HMAC-SHA256) for searching on ``value``."""
    return hmac.new(_derive(b"avg-keyed-hash-v1:" + purpose.encode()), value.encode(),
                    hashlib.sha256).hexdigest()
