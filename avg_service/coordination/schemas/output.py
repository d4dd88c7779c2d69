"""The API's output schemas of tasks, answers, files, messages and the consolidated view."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from avg_service.coordination.rules import GROUNDS_BY_CODE, RESTRICTION_GROUNDS, TASK_STATUS_LABELS
from avg_service.coordination.schemas.common import YesNo
from avg_service.coordination.schemas.input import defeats_field, motivation_field
from avg_service.coordination.settling import unreachable_reason

# ------------------------------------------------------------------------------ API output
class AddressOutSchema(Schema):
    street_address = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    city = fields.String(allow_none=True)


class RectificationOutSchema(Schema):
    wrong = fields.String(allow_none=True)
    correct = fields.String(allow_none=True)


class RepresentedOutSchema(Schema):
    representation = fields.String()
    name = fields.String(allow_none=True)
    date_of_birth = fields.Date(allow_none=True)


class SharedRequestSchema(Schema):
    """Only the keys the task shares are present (``shared_fields``)."""

    name = fields.String()
    date_of_birth = fields.Date(allow_none=True)
    bsn = fields.String(allow_none=True, metadata={
        "description": "in full for the participant; masked for everyone else"})
    address = fields.Nested(AddressOutSchema)
    rights = fields.List(fields.String())
    description = fields.String(allow_none=True)
    rectification = fields.Nested(RectificationOutSchema)
    represented = fields.Nested(RepresentedOutSchema, allow_none=True)


class RestrictionOutSchema(Schema):
    ground = fields.String()
    ground_label = fields.Function(lambda r: GROUNDS_BY_CODE[r.ground].label)
    ground_source = fields.Function(lambda r: GROUNDS_BY_CODE[r.ground].source)
    motivation = fields.String()
    notice_defeats_purpose = fields.Boolean()
    weighing = fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True)
    withheld_categories = fields.String(allow_none=True)
    withheld_entries = fields.String(allow_none=True)


class TaskAnswerOutSchema(Schema):
    holds_data = YesNo()
    categories = fields.String(allow_none=True)
    purposes = fields.String(allow_none=True)
    sources = fields.String(allow_none=True)
    recipients = fields.String(allow_none=True)
    retention = fields.String(allow_none=True)
    data_entries = fields.String(allow_none=True)
    position = fields.String(allow_none=True)
    actions = fields.String(allow_none=True)
    updated_at = fields.DateTime()
    restrictions = fields.List(fields.Nested(RestrictionOutSchema))


class TaskFileOutSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    role = fields.String(metadata={"description": "data, or on_behalf: the document in which "
                                                  "the organisation answered"})
    withheld_ground = fields.String(allow_none=True, metadata={
        "description": "the ground the file is withheld under; never in the copy"})


class TaskMessageOutSchema(Schema):
    id = fields.Integer()
    from_participant = fields.Boolean()
    body = fields.String()
    at = fields.DateTime()


class TaskRowSchema(Schema):
    """A task in a list: no personal data, only the reference of its request."""

    id = fields.Integer()
    dsr_id = fields.Integer()
    reference = fields.Function(lambda t: t.dsr.reference)
    organisation_id = fields.Integer()
    organisation_name = fields.Function(lambda t: t.organisation.name)
    status = fields.String()
    status_label = fields.Function(lambda t: TASK_STATUS_LABELS[t.status_enum])
    sent_on = fields.Date()
    internal_due_on = fields.Date()
    submitted_at = fields.DateTime(allow_none=True)
    unreachable = fields.Method("_unreachable", allow_none=True, metadata={
        "description": "why the organisation's notices reach nobody (no active account, no "
                       "task mailbox); null when they reach someone"})

    def _unreachable(self, task: Any) -> str | None:
        return unreachable_reason(task.organisation)


class TaskPageSchema(Schema):
    rows = fields.List(fields.Nested(TaskRowSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    has_next = fields.Boolean()


class TaskOutSchema(TaskRowSchema):
    """One task: what it shares of the request, the questions, the answer, files, messages."""

    shared_fields = fields.List(fields.String())
    request = fields.Nested(SharedRequestSchema)
    questions = fields.String()
    decline_reason = fields.String(allow_none=True)
    reopen_reason = fields.String(allow_none=True)
    on_behalf_source = fields.String(allow_none=True)
    on_behalf_received_on = fields.Date(allow_none=True)
    on_behalf_answered_by = fields.String(allow_none=True)
    set_aside_reason = fields.String(allow_none=True)
    set_aside_confirmed_by = fields.String(allow_none=True)
    answer = fields.Nested(TaskAnswerOutSchema, allow_none=True)
    files = fields.List(fields.Nested(TaskFileOutSchema))
    messages = fields.List(fields.Nested(TaskMessageOutSchema))


class OrganisationRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    is_joint_controller = fields.Boolean()


class TaskRecipientSchema(Schema):
    organisation = fields.Nested(OrganisationRefSchema)
    has_task = fields.Boolean()
    unreachable = fields.String(allow_none=True, metadata={
        "description": "why a task notice would reach nobody (no active account, no task "
                       "mailbox); null when it reaches someone"})


class ConsolidatedTaskSchema(TaskRowSchema):
    decline_reason = fields.String(allow_none=True)
    reopen_reason = fields.String(allow_none=True)
    on_behalf_source = fields.String(allow_none=True)
    on_behalf_received_on = fields.Date(allow_none=True)
    on_behalf_answered_by = fields.String(allow_none=True)
    set_aside_reason = fields.String(allow_none=True)
    set_aside_confirmed_by = fields.String(allow_none=True)
    answer = fields.Nested(TaskAnswerOutSchema, allow_none=True)
    files = fields.List(fields.Nested(TaskFileOutSchema))
    messages = fields.List(fields.Nested(TaskMessageOutSchema))


class ParticipantLineSchema(Schema):
    organisation = fields.Nested(OrganisationRefSchema)
    task = fields.Nested(ConsolidatedTaskSchema, allow_none=True)
    blocks = fields.String(allow_none=True,
                           metadata={"description": "why this participant still blocks a "
                                                    "decision; null when it does not"})
    unreachable = fields.String(allow_none=True, metadata={
        "description": "why a notice reaches nobody there (no active account, no task "
                       "mailbox); null when it does"})


class ThirdPartyOutSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    role = fields.String()
    note = fields.String(allow_none=True)
    recorded_at = fields.DateTime()


class ConsolidatedSchema(Schema):
    dsr_id = fields.Integer()
    reference = fields.String()
    status = fields.String()
    lines = fields.List(fields.Nested(ParticipantLineSchema))
    is_blocked = fields.Boolean()
    third_parties = fields.List(fields.Nested(ThirdPartyOutSchema))


#: For templates: the catalogue in order, with its form field names.
GROUND_ROWS: tuple[tuple[str, str, str, str, str], ...] = tuple(
    (g.code, g.label, g.source, motivation_field(g.code), defeats_field(g.code))
    for g in RESTRICTION_GROUNDS)
