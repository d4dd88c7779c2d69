"""The demo site for tests that walk every route: an app on its own migrated database with the
demo data of ``avg init --demo``, the demo log-ins, and a URL for every route rule filled with
ids of the demo objects (a letter of its own request, a file of its own task ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import Rule

from avg_service import clock
from avg_service.accounts.demo import DEMO_PASSWORD
from avg_service.db import unit_of_work
from avg_service.extensions import db
from tests.conftest import ThrowawayDatabases, migrated_app

#: role -> demo log-in
DEMO_USERS = {"contactpunt": "contactpunt@demo.avg.local", "jurist": "jurist@demo.avg.local",
              "deelnemer": "politie@demo.avg.local", "fg": "fg@demo.avg.local",
              "beheerder": "beheer@demo.avg.local"}
PASSWORD = DEMO_PASSWORD
#: rules no walk visits: files served as they are, the log-out, the health checks, the API
SKIPPED_ENDPOINTS = {"static", "accounts.logout", "web.healthz"}


def demo_app(databases: ThrowawayDatabases, tmp_path: Path, **overrides: Any) -> Flask:
    from avg_service.demo import seed_demo
    from avg_service.organisations.services import seed_participants

    app = migrated_app(databases, tmp_path, **overrides)
    with app.app_context():
        with unit_of_work():
            seed_participants(now=clock.now_utc())
            seed_demo()
        db.session.remove()
    return app


def demo_ids(app: Flask) -> dict[str, Any]:
    """One id per URL variable, chosen so that children belong to their parent."""
    from avg_service.accounts.models import ApiToken, User
    from avg_service.bezwaar.models import Bezwaar, BezwaarHearing
    from avg_service.decisions.models import DefaultNotice
    from avg_service.breaches.models import Breach, BreachCommunication, BreachNotification
    from avg_service.breaches.models import BreachTask
    from avg_service.coordination.models import CoordinationTask, TaskFile
    from avg_service.hearing.models import Hearing
    from avg_service.letters.models import Letter
    from avg_service.mail.models import OutboxMessage
    from avg_service.organisations.models import Organisation
    from avg_service.reports.models import AnnualReport
    from avg_service.requests.models import DataSubjectRequest, DsrDocument
    from avg_service.retention.models import DestructionList

    def first(query: Any) -> Any:
        return db.session.scalar(query.limit(1))

    with app.app_context():
        try:
            letter = first(sa.select(Letter).where(Letter.dsr_id.is_not(None))
                           .order_by(Letter.id))
            dsr_id = letter.dsr_id if letter else first(
                sa.select(DataSubjectRequest.id).order_by(DataSubjectRequest.id))
            task = first(sa.select(CoordinationTask).order_by(CoordinationTask.id))
            task_file = first(sa.select(TaskFile).order_by(TaskFile.id))
            breach_id = first(sa.select(Breach.id).order_by(Breach.id))
            ids: dict[str, Any] = {
                "dsr_id": dsr_id,
                "letter_id": letter.id if letter else 1,
                "document_id": first(sa.select(DsrDocument.id).where(
                    DsrDocument.dsr_id == dsr_id)) or 1,
                "task_id": task.id if task else 1,
                "file_id": task_file.id if task_file else 1,
                "breach_id": breach_id,
                "breach_task_id": first(sa.select(BreachTask.id).where(
                    BreachTask.breach_id == breach_id)) or 1,
                "breach_letter_id": first(sa.select(BreachNotification.letter_id).where(
                    BreachNotification.breach_id == breach_id,
                    BreachNotification.letter_id.is_not(None))) or first(
                    sa.select(BreachCommunication.letter_id).where(
                        BreachCommunication.breach_id == breach_id)) or 1,
                "message_id": first(sa.select(OutboxMessage.id).order_by(OutboxMessage.id)) or 1,
                "user_id": first(sa.select(User.id).where(User.email == "jurist2@demo.avg.local")),
                "organisation_id": first(sa.select(Organisation.id).where(
                    Organisation.code == "politie")),
                "token_id": first(sa.select(ApiToken.id)) or 1,
                "notification_id": 1,
                "list_id": first(sa.select(DestructionList.id)) or 1,
                "report_id": first(sa.select(AnnualReport.id)) or 1,
                "preview_id": 1,  # a decision preview (made on request; the demo has none)
                "action_key": "behandelen",
                # the demo bezwaar (waiting for herstel verzuim) and one of its acts
                "bezwaar_id": first(sa.select(Bezwaar.id).order_by(Bezwaar.id)) or 1,
                "act_key": "herstel",
                "notice_id": first(sa.select(DefaultNotice.id).order_by(DefaultNotice.id)) or 1,
                # a zienswijze asked on the demo request (issue 19, Awb 4:8); the bezwaar's
                # hoorzitting route takes the same name and answers 404 to an unknown one
                "hearing_id": first(sa.select(Hearing.id).where(Hearing.dsr_id == dsr_id))
                or first(sa.select(Hearing.id)) or 1,
                "key": "gemeente",  # an identity provider (sso); the demo configures none
            }
            if task_file is not None:
                ids["task_id"] = task_file.task_id
            return ids
        finally:
            db.session.remove()


def url_for_rule(rule: Rule, ids: dict[str, Any]) -> str | None:
    """The rule's path with demo ids; None for a rule that needs a secret (status links)."""
    values: dict[str, Any] = {}
    for name in rule.arguments - set(rule.defaults or {}):
        if name in ("token", "signed", "filename", "key"):  # secrets, files, identity providers
            return None
        if rule.endpoint.startswith("breaches.") and name in ("task_id", "letter_id"):
            values[name] = ids["breach_" + name]
        else:
            values[name] = ids[name]
    values.update(rule.defaults or {})
    path = rule.build(values, append_unknown=False)
    assert path is not None
    return path[1].split("|", 1)[-1]


def staff_rules(app: Flask, method: str) -> list[Rule]:
    return sorted((r for r in app.url_map.iter_rules()
                   if method in (r.methods or ()) and not r.rule.startswith("/api/")
                   and r.endpoint not in SKIPPED_ENDPOINTS), key=lambda r: r.rule)
