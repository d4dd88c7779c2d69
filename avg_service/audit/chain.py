"""The keyed hash chain over audit entries (pure).

Each entry's hash is an HMAC-SHA256, under a key the database does not hold (``AVG_AUDIT_KEY``),
over its own fields and the previous entry's hash: changing, removing or inserting any entry
breaks every hash after it, and whoever owns the database but not the key cannot compute the
hashes a rewrite would need (issue 15, finding 3). ``GENESIS`` starts the chain: it is the
head's ``last_hash`` before the first entry (migration 0003 seeds the head row with it).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from typing import Any

GENESIS = "0" * 64

#: The fields the hash covers, in this order. Adding a field is a new chain version.
HASHED_FIELDS: tuple[str, ...] = (
    "id", "occurred_at", "user_id", "organisation_id", "role", "action", "object_type",
    "object_id", "outcome", "purpose", "ip", "user_agent", "request_id",
)

# Built once: json.dumps() with options builds a new encoder per call, which the verifier, hashing
# a million entries, would pay a million times. Same options, so the same bytes as json.dumps.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=str)


def canonical(fields: Mapping[str, Any]) -> bytes:
    return canonical_values([fields[name] for name in HASHED_FIELDS])


def canonical_values(values: Sequence[Any]) -> bytes:
    """The hashed bytes of ``values`` given in ``HASHED_FIELDS`` order."""
    return _ENCODER.encode(values).encode()


def keyed(key: str | bytes) -> hmac.HMAC:
    """The HMAC state for ``key``; ``link_hash`` copies it per entry (cheaper than a new one)."""
    return hmac.new(key.encode() if isinstance(key, str) else key, digestmod=hashlib.sha256)


def entry_hash(previous_hash: str, fields: Mapping[str, Any], *, key: hmac.HMAC) -> str:
    return link_hash(previous_hash, [fields[name] for name in HASHED_FIELDS], key=key)


def link_hash(previous_hash: str, values: Sequence[Any], *, key: hmac.HMAC) -> str:
    """``entry_hash`` for values already in ``HASHED_FIELDS`` order (the verifier's fast path)."""
    digest = key.copy()
    digest.update(previous_hash.encode("ascii"))
    digest.update(b"|")
    digest.update(canonical_values(values))
    return digest.hexdigest()


def checkpoint_mac(last_id: int, last_hash: str, at: str, *, key: hmac.HMAC) -> str:
    """Seals a checkpoint line, so one forged in the checkpoint file is found too."""
    digest = key.copy()
    digest.update(f"checkpoint|{last_id}|{last_hash}|{at}".encode())
    return digest.hexdigest()
