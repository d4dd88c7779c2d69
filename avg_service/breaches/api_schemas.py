"""What the breach API returns, as marshmallow schemas (they also make the OpenAPI document),
and ``BreachForActor``: a breach as one actor may see it. A participant sees its own task only,
no persons, no letters to people and no timeline (as on the page); staff and the FG see all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.breaches import rules
from avg_service.breaches.models import Breach, BreachCommunication, BreachEvent, BreachTask
from avg_service.coordination.schemas import YesNo
from avg_service.extensions import db
from avg_service.requests.models import DataSubjectRequest


@dataclass(frozen=True, slots=True)
class BreachForActor:
    breach: Breach
    tasks: list[BreachTask]
    persons: list[str]  # request references (staff and the FG only)
    communications: list[BreachCommunication]
    events: list[BreachEvent]
    clock: rules.ClockReading

    def __getattr__(self, name: str) -> Any:
        return getattr(self.breach, name)


def for_actor(breach: Breach, actor: Actor, now: datetime) -> BreachForActor:
    reading = rules.read_clock(breach.aware_at, now, breach.first_notified_at)
    if actor.role is Role.DEELNEMER:
        own = [t for t in breach.tasks if t.organisation_id == actor.organisation_id]
        return BreachForActor(breach, own, [], [], [], reading)
    references = [dsr.reference for p in breach.persons
                  if (dsr := db.session.get(DataSubjectRequest, p.dsr_id)) is not None]
    return BreachForActor(breach, list(breach.tasks), references, list(breach.communications),
                          list(breach.events), reading)


class ClockSchema(Schema):
    deadline_at = fields.DateTime(metadata={"description": "aware_at + 72 hours (AVG 33(1))"})
    remaining_seconds = fields.Function(lambda c: int(c.remaining.total_seconds()), metadata={
        "description": "negative once the 72 hours have passed"})
    is_overdue = fields.Boolean()
    is_stopped = fields.Boolean(metadata={"description": "the AP was notified"})
    text = fields.Function(lambda c: c.explain_nl())


class BreachTaskOutSchema(Schema):
    id = fields.Integer()
    breach_id = fields.Integer()
    organisation_id = fields.Integer()
    organisation = fields.Function(lambda t: t.organisation.name)
    status = fields.String()
    sent_at = fields.DateTime()
    due_at = fields.DateTime()
    affected = YesNo()
    answer_data = fields.String(allow_none=True)
    answer_persons = fields.Integer(allow_none=True)
    answer_measures = fields.String(allow_none=True)
    answer_remarks = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    on_behalf_source = fields.String(allow_none=True)
    on_behalf_received_on = fields.Date(allow_none=True)
    on_behalf_answered_by = fields.String(allow_none=True)
    set_aside_reason = fields.String(allow_none=True)
    set_aside_confirmed_by = fields.String(allow_none=True)
    reopen_reason = fields.String(allow_none=True)


class NotificationOutSchema(Schema):
    id = fields.Integer()
    phase = fields.Integer()
    notified_at = fields.DateTime()
    meldnummer = fields.String()
    organisation_id = fields.Integer(allow_none=True)
    is_complete = fields.Boolean()
    nature = fields.String(allow_none=True)
    data_categories = fields.String(allow_none=True)
    persons_approx = fields.Integer(allow_none=True)
    records_approx = fields.Integer(allow_none=True)
    dpo_contact = fields.String(allow_none=True)
    consequences = fields.String(allow_none=True)
    measures = fields.String(allow_none=True)
    delay_reasons = fields.String(allow_none=True)
    letter_id = fields.Integer(allow_none=True, metadata={
        "description": "the PDF of what was reported: GET .../notifications/{letter_id}.pdf"})


class CommunicationOutSchema(Schema):
    id = fields.Integer()
    dsr_id = fields.Integer(allow_none=True)
    channel = fields.String()
    addressee_name = fields.String()
    email = fields.String(allow_none=True)
    letter_id = fields.Integer(allow_none=True)
    mail_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class EventOutSchema(Schema):
    kind = fields.String()
    text = fields.String()
    at = fields.DateTime()


class BreachRowSchema(Schema):
    id = fields.Integer()
    reference = fields.String()
    status = fields.String()
    title = fields.String()
    aware_at = fields.DateTime()
    risk = fields.String(allow_none=True)
    first_notified_at = fields.DateTime(allow_none=True)


class BreachPageSchema(Schema):
    rows = fields.List(fields.Nested(BreachRowSchema))
    page = fields.Integer()
    has_next = fields.Boolean()


class BreachOutSchema(BreachRowSchema):
    description = fields.String()
    occurred_at = fields.DateTime(allow_none=True)
    reported_at = fields.DateTime()
    reported_by_organisation_id = fields.Integer(allow_none=True)
    source_organisation_id = fields.Integer(allow_none=True)
    breach_types = fields.List(fields.String(), attribute="breach_type_list")
    data_kinds = fields.List(fields.String(), attribute="data_kind_list")
    data_description = fields.String(allow_none=True)
    persons_count = fields.Integer(allow_none=True)
    records_count = fields.Integer(allow_none=True)
    measures = fields.String(allow_none=True)
    request_references = fields.List(fields.String(), attribute="persons", metadata={
        "description": "the requests of persons affected (empty for a participant)"})
    risk_reasons = fields.String(allow_none=True)
    risk_example = fields.String(allow_none=True)
    risk_factors = fields.List(fields.String(), attribute="risk_factor_list")
    consequences = fields.String(allow_none=True)
    assessed_at = fields.DateTime(allow_none=True)
    notifier_organisation_id = fields.Integer(allow_none=True)
    notifier_reason = fields.String(allow_none=True)
    communication_decision = fields.String(allow_none=True)
    communication_ground = fields.String(allow_none=True)
    communication_reason = fields.String(allow_none=True)
    people_nature = fields.String(allow_none=True)
    people_consequences = fields.String(allow_none=True)
    people_measures = fields.String(allow_none=True)
    people_advice = fields.String(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    closing_note = fields.String(allow_none=True)
    clock = fields.Nested(ClockSchema)
    tasks = fields.List(fields.Nested(BreachTaskOutSchema))
    notifications = fields.List(fields.Nested(NotificationOutSchema))
    communications = fields.List(fields.Nested(CommunicationOutSchema))
    events = fields.List(fields.Nested(EventOutSchema))
