"""No code reaches a person: every timeline event, mail purpose and audit action the service
writes has a Dutch label (the codes stay in the API and the exports)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from avg_service.audit import labels
from avg_service.mail.models import PURPOSE_LABELS
from avg_service.notifications.services import KINDS
from avg_service.requests.lifecycle import EVENT_LABELS, event_label

SOURCE = Path(__file__).resolve().parents[2] / "avg_service"


def _codes(pattern: str) -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        found.update(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_timeline_event_of_a_request_has_a_label() -> None:
    kinds = _codes(r'dsr\.note\(\s*"([a-z_]+)"') | _codes(r'kind="([a-z_]+)"') - {
        "attachment", "identity", "registered", "besluit", "authorisation", "scan"} - set(KINDS)
    assert kinds and kinds <= set(EVENT_LABELS), sorted(kinds - set(EVENT_LABELS))


def test_every_mail_purpose_has_a_label() -> None:
    purposes = _codes(r'purpose="([a-z_]+)"') - {"bsn", "reset"}  # a hash's, a link's purpose
    purposes |= set(KINDS)  # the notifications' mails
    purposes |= {f"task_{p}" for p in _codes(r'_notify_participant\([^"]*"([a-z_]+)"')}
    purposes |= {f"reminder_{k}" for k in ("overdue", "due_soon")}
    purposes |= _codes(r'_notify_contact_point\(\s*[a-z_.]+,\s*"([a-z_]+)"')
    missing = purposes - set(PURPOSE_LABELS)
    assert purposes and not missing, sorted(missing)


def test_every_audit_action_has_a_label() -> None:
    actions = _codes(r'(?:record|_audit|_record|log_refusal)\([^"]{0,80}"([a-z_]+\.[a-z_.]+)"')
    missing = actions - set(labels.ACTION_LABELS) - set(labels.PERMISSION_LABELS)
    assert len(actions) > 60 and not missing, sorted(missing)


def test_every_audited_object_has_a_label() -> None:
    kinds = _codes(r'object_type="([a-z_]+)"')
    missing = kinds - set(labels.OBJECT_LABELS)
    assert len(kinds) > 15 and not missing, sorted(missing)


@pytest.mark.parametrize(("action", "outcome", "expected"), [
    ("dsr.view", "allowed", "Verzoek bekeken"),
    ("audit.read", "refused", "Geweigerd: auditlog bekijken"),
    ("dsr.view", "refused", "Geweigerd: verzoek bekeken"),
    ("future.new_thing", "allowed", "future: new thing"),
])
def test_an_action_reads_as_words(action: str, outcome: str, expected: str) -> None:
    assert labels.action_label(action, outcome) == expected


def test_a_new_event_kind_still_reads_as_words() -> None:
    assert event_label("something_new") == "Something new"
