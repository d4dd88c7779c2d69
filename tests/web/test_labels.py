"""No code reaches a person: every timeline event, mail purpose and audit action the service
writes has a Dutch label (the codes stay in the API and the exports)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from avg_service.audit import labels
from avg_service.mail.models import PURPOSE_LABELS
from avg_service.notifications.services import KINDS
from avg_service.requests.lifecycle import EVENT_LABELS, event_label

if TYPE_CHECKING:
    from flask import Flask

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


#: text that reads as a code: lower-case words joined by "_" or "." (``dsr.view``, ``task_new``)
_CODE = re.compile(r"^[a-z][a-z0-9]*([._][a-z0-9]+)+$")
#: codes that are the Dutch (legal) word itself: shown as they are, they read as words
DUTCH_CODES = frozenset({"gegrond", "ongegrond", "bezwaar"})
_OPTION = re.compile(r'<option\b[^>]*\bvalue="([^"]*)"[^>]*>(.*?)</option>', re.S)
_CHOICE = re.compile(r'<input\b[^>]*\btype="(?:radio|checkbox)"[^>]*\bid="([^"]+)"[^>]*'
                     r'\bvalue="([^"]*)"[^>]*>\s*<label\b[^>]*>(.*?)</label>', re.S)


def _shown_codes(html: str) -> list[str]:
    """Options and choices whose visible text is their code (or another code)."""
    found = []
    for value, text in _OPTION.findall(html):
        shown = re.sub(r"<[^>]+>", "", text).strip()
        if shown and value and not value.isdigit() and shown not in DUTCH_CODES \
                and (shown == value or _CODE.match(shown)):
            found.append(f"option {value!r} shows {shown!r}")
    for _id, value, text in _CHOICE.findall(html):
        shown = re.sub(r"<[^>]+>", "", text).strip()
        if shown and value and not value.isdigit() and shown not in DUTCH_CODES \
                and (shown == value or _CODE.match(shown)):
            found.append(f"choice {value!r} shows {shown!r}")
    return found


def test_no_pick_list_on_any_page_shows_a_code(demo_site_app: "Flask") -> None:
    """Every GET page of every role (the demo site): each option of a pick-list, each radio
    button and checkbox, reads as Dutch words, never as the code it posts (issue 17; the
    Postkamer's status filter, the audit log's action and object filters ...)."""
    from tests.demo_site import DEMO_USERS, PASSWORD, demo_ids, staff_rules, url_for_rule

    app = demo_site_app
    ids = demo_ids(app)
    problems: list[str] = []
    lists = 0
    with_lists: set[str] = set()
    for role, email in DEMO_USERS.items():
        client = app.test_client()
        login = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', login)
        assert token
        assert client.post("/inloggen", data={"csrf_token": token.group(1), "email": email,
                                              "password": PASSWORD}).status_code == 302
        for rule in staff_rules(app, "GET"):
            path = url_for_rule(rule, ids)
            if path is None:
                continue
            response = client.get(path)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            html = response.get_data(as_text=True)
            lists += html.count("<select") + html.count('type="radio"')
            if "<option" in html:
                with_lists.add(path)
            problems += [f"{path} as {role}: {p}" for p in _shown_codes(html)]
    assert lists > 20 and {"/post", "/fg/auditlog", "/beheer/gebruikers/nieuw"} <= with_lists
    assert not problems, "\n".join(sorted(set(problems)))
