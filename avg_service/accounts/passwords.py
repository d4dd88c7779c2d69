"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendation)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: The service's hasher: argon2-cffi's defaults, RFC 9106's second recommended option
#: (argon2id, t=3, m=64 MiB, p=4).
SERVICE_HASHER = PasswordHasher()
_hasher = SERVICE_HASHER
#: Verified against when the e-mail is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 12


def use_hasher(hasher: PasswordHasher) -> None:
    """Hash with ``hasher`` from now on; the dummy hash follows, so both login paths still cost
    the same. For the test suite only, which uses argon2id at its lowest cost (as Django's
    documentation advises for tests): the service itself never calls it. Hashes made with other
    parameters still verify, and a login rehashes them (``needs_rehash``)."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
