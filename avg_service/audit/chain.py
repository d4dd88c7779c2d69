"""The SHA-256 chain over audit entries (pure).

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
inserting any entry breaks every hash after it. ``GENESIS`` starts the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64

#: The fields the hash covers, in this order. Adding a field is a new chain version.
HASHED_FIELDS: tuple[str, ...] = (
    "id", "occurred_at", "user_id", "organisation_id", "role", "action", "object_type",
    "object_id", "outcome", "purpose", "ip", "user_agent", "request_id",
)


def canonical(fields: Mapping[str, Any]) -> bytes:
    values = [fields[name] for name in HASHED_FIELDS]
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def entry_hash(previous_hash: str, fields: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(previous_hash.encode("ascii"))
    digest.update(b"|")
    digest.update(canonical(fields))
    return digest.hexdigest()
