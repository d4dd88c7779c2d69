"""The chain's hash format (pure): existing chains must keep verifying after any refactoring."""

from __future__ import annotations

import hashlib
import hmac
import json

from avg_service.audit.chain import GENESIS, HASHED_FIELDS, entry_hash, keyed, link_hash

KEY = "k" * 48

FIELDS = {
    "id": 7, "occurred_at": "2026-11-29T01:02:03.000004+00:00", "user_id": 3,
    "organisation_id": None, "role": "fg", "action": "user.view", "object_type": "user",
    "object_id": "42", "outcome": "allowed", "purpose": "toezicht", "ip": "10.0.0.1",
    "user_agent": "zaaksysteem, gemeente ’s-Hertogenbosch", "request_id": None,
}


#: The hashed fields in their order, written out: the stored chains were made with it.
ORDER = ("id", "occurred_at", "user_id", "organisation_id", "role", "action", "object_type",
         "object_id", "outcome", "purpose", "ip", "user_agent", "request_id")
#: The hash of FIELDS after the genesis with KEY, as every stored chain computes it. Fixed here:
#: a change to the field list, its order, the JSON form or the HMAC fails this test instead of
#: breaking the verification of every chain already stored.
EXPECTED = "9cf112eb0a07edc59a29cd44e87e53fe0ec58d2ab3df7d01b4522368b83cd4e9"


def test_the_hash_of_a_known_entry_never_changes() -> None:
    assert HASHED_FIELDS == ORDER
    assert entry_hash(GENESIS, FIELDS, key=keyed(KEY)) == EXPECTED


def test_the_hash_is_an_hmac_sha256_over_the_previous_hash_and_the_fields_as_compact_json(
        ) -> None:
    canonical = json.dumps([FIELDS[name] for name in ORDER], separators=(",", ":"),
                           ensure_ascii=False, default=str)
    expected = hmac.new(KEY.encode(), f"{GENESIS}|{canonical}".encode(),
                        hashlib.sha256).hexdigest()
    assert expected == EXPECTED
    assert entry_hash(GENESIS, FIELDS, key=keyed(KEY)) == expected
    # without the key the hash cannot be made: another key gives another hash
    assert entry_hash(GENESIS, FIELDS, key=keyed("x" * 48)) != expected


def test_the_verifiers_fast_path_hashes_the_same() -> None:
    values = tuple(FIELDS[name] for name in HASHED_FIELDS)
    assert link_hash(GENESIS, values, key=keyed(KEY)) == entry_hash(GENESIS, FIELDS,
                                                                     key=keyed(KEY))
