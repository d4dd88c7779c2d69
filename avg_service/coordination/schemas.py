"""Shapes of the coordination forms and API bodies, and what a task shows of its request.

The answer form on the page has one row per catalogue ground (a checkbox, its motivation and
whether telling the person would defeat the restriction); ``TaskAnswerFormSchema`` turns those rows
into the list the API sends as JSON, so both are checked by the same rules. Error messages are
Dutch (staff and participant screens, and the API, are Dutch). Validators raise; they never
return False (marshmallow 4 would accept that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)

from avg_service import protection
from avg_service.coordination.models import CoordinationTask
from avg_service.coordination.settling import unreachable_reason
from avg_service.coordination.rules import (
    GROUNDS_BY_CODE,
    ON_BEHALF_SOURCES,
    RESTRICTION_GROUNDS,
    SHAREABLE_FIELDS,
    TASK_STATUS_LABELS,
    TaskStatus,
    WEIGHING_POINTS,
)

REQUIRED = "Vul dit veld in."
TOO_LONG = "Dit is te lang."
INVALID = "Deze waarde klopt niet."


def _messages(required: str = REQUIRED) -> dict[str, Any]:
    return {"required": required, "null": required, "invalid": INVALID}


def _not_blank(message: str) -> Any:
    def check(value: str) -> None:
        if not value.strip():
            raise ValidationError(message)
    return check


def _text(max_length: int = 20000) -> fields.String:
    """An optional text: empty means "not filled in" (None)."""
    return fields.String(load_default=None, allow_none=True, error_messages=_messages(),
                         validate=validate.Length(max=max_length, error=TOO_LONG))


def _required_text(message: str, max_length: int = 5000) -> fields.String:
    return fields.String(required=True, error_messages=_messages(message),
                         validate=[validate.Length(max=max_length, error=TOO_LONG),
                                   _not_blank(message)])


class YesNo(fields.Field[bool | None]):
    """Whether the participant holds data: "yes"/"no" (or a JSON boolean); empty is "not yet"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(load_default=None, allow_none=True,
                         metadata={"type": "string", "enum": ["yes", "no"],
                                   "description": "yes, no, or null (not yet answered)"},
                         **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool | None:
        if value is True or value == "yes":
            return True
        if value is False or value == "no":
            return False
        if value in ("", None):
            return None
        raise ValidationError("Kies ja of nee.")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else ("yes" if value else "no")


# ------------------------------------------------------------------------------ input
class CreateTasksSchema(Schema):
    """Which participants get a task and what of the request it shares. Left out in the API:
    every active joint controller (WGS art. 2.27(1)) and ``rules.DEFAULT_SHARED``."""

    class Meta:
        unknown = EXCLUDE

    organisation_ids = fields.List(
        fields.Integer(error_messages=_messages()), load_default=None,
        validate=validate.Length(min=1, error="Kies ten minste één deelnemer."),
        error_messages=_messages("Kies ten minste één deelnemer."))
    shared = fields.List(
        fields.String(validate=validate.OneOf(list(SHAREABLE_FIELDS),
                                              error="Onbekend gegeven.")),
        load_default=None,
        validate=validate.Length(min=1, error="Kies wat de deelnemers van het verzoek mogen zien."),
        error_messages=_messages("Kies wat de deelnemers van het verzoek mogen zien."))


class RestrictionSchema(Schema):
    """A restriction ground from the catalogue (UAVG art. 41(1), AVG art. 15(4)) with its
    motivation, the weighing of UAVG art. 41(2)(a)-(g) per point that applies, what is withheld
    by category, the single data entries withheld, and whether telling the person would defeat
    it (UAVG art. 41(2)(h)). A draft may leave the motivation empty; submitting asks for it."""

    class Meta:
        unknown = EXCLUDE

    ground = fields.String(required=True, error_messages=_messages(),
                           validate=validate.OneOf(list(GROUNDS_BY_CODE),
                                                   error="Onbekende beperkingsgrond."))
    motivation = fields.String(load_default="", allow_none=True, error_messages=_messages(),
                               validate=validate.Length(max=5000, error=TOO_LONG))
    notice_defeats_purpose = fields.Boolean(load_default=False, error_messages=_messages())
    weighing = fields.Dict(
        keys=fields.String(validate=validate.OneOf(list(WEIGHING_POINTS), error=INVALID)),
        values=fields.String(validate=validate.Length(max=5000, error=TOO_LONG)),
        load_default=None, allow_none=True, error_messages=_messages(),
        metadata={"description": "UAVG art. 41(2): per point a-g that applies, the weighing"})
    withheld_categories = _text(5000)
    withheld_entries = _text(50000)


class TaskAnswerSchema(Schema):
    """The whole answer (AVG art. 15(1)); a save replaces the draft, so what is left out is
    empty. Completeness is checked by the service when the answer is submitted."""

    class Meta:
        unknown = EXCLUDE

    holds_data = YesNo()
    categories = _text()
    purposes = _text()
    sources = _text()
    recipients = _text()
    retention = _text()
    data_entries = _text(100000)
    position = _text()
    actions = _text()
    restrictions = fields.List(fields.Nested(RestrictionSchema), load_default=list,
                               error_messages=_messages())
    withheld_files = fields.Dict(
        keys=fields.Integer(error_messages=_messages()),
        values=fields.String(allow_none=True, validate=validate.OneOf(
            list(GROUNDS_BY_CODE), error="Onbekende beperkingsgrond.")),
        load_default=None, allow_none=True, error_messages=_messages(),
        metadata={"description": "per file id, the ground it is withheld under (or null)"})

    @validates_schema
    def _each_ground_once(self, data: dict[str, Any], **kwargs: Any) -> None:
        grounds = [r["ground"] for r in data.get("restrictions") or []]
        if len(grounds) != len(set(grounds)):
            raise ValidationError({"restrictions": ["Noem elke beperkingsgrond één keer."]})


def motivation_field(code: str) -> str:
    return f"motivation_{code}"


def defeats_field(code: str) -> str:
    return f"defeats_{code}"


def weighing_field(code: str, point: str) -> str:
    return f"weighing_{code}_{point}"


def withheld_categories_field(code: str) -> str:
    return f"withheld_categories_{code}"


def withheld_entries_field(code: str) -> str:
    return f"withheld_entries_{code}"


def withhold_file_field(file_id: int) -> str:
    return f"withhold_{file_id}"


class TaskAnswerFormSchema(TaskAnswerSchema):
    """The page's form: ``ground`` lists the ticked grounds; ``motivation_<code>``,
    ``defeats_<code>``, ``weighing_<code>_<point>``, ``withheld_categories_<code>`` and
    ``withheld_entries_<code>`` belong to that ground's row; ``withhold_<file id>`` names the
    ground a file is withheld under. What is missing for a final answer is reported beside the
    row's own field by the service, so a draft keeps everything typed."""

    @pre_load
    def _rows(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        rows = []
        for code in data.get("ground") or []:
            rows.append({"ground": code,
                         "motivation": data.get(motivation_field(code)) or "",
                         "notice_defeats_purpose": bool(data.get(defeats_field(code))),
                         "weighing": {p: data.get(weighing_field(code, p)) or ""
                                      for p in WEIGHING_POINTS},
                         "withheld_categories": data.get(withheld_categories_field(code)),
                         "withheld_entries": data.get(withheld_entries_field(code))})
        withheld = {k.removeprefix("withhold_"): (v or None) for k, v in data.items()
                    if k.startswith("withhold_") and k.removeprefix("withhold_").isdigit()}
        return {**{k: v for k, v in data.items()
                   if k != "ground" and not k.startswith(("motivation_", "defeats_", "weighing_",
                                                          "withheld_", "withhold_"))},
                "restrictions": rows, "withheld_files": withheld}


def _on_behalf_fields() -> dict[str, fields.Field[Any]]:
    return {
        "source": fields.String(required=True, error_messages=_messages(CHOOSE_SOURCE),
                                validate=validate.OneOf(list(ON_BEHALF_SOURCES),
                                                        error=CHOOSE_SOURCE)),
        "received_on": fields.Date(required=True, error_messages={
            **_messages("Vul de datum van ontvangst in."),
            "invalid": "Vul een geldige datum in (dd-mm-jjjj)."}),
        "answered_by": _required_text("Vul in wie namens de organisatie antwoordde.", 200),
    }


CHOOSE_SOURCE = "Kies hoe het antwoord binnenkwam."


class TaskDocumentSchema(Schema):
    """The document an organisation answered in, for the API (the page uploads it)."""

    class Meta:
        unknown = EXCLUDE

    filename = _required_text("Geef de bestandsnaam.", 200)
    content_base64 = fields.String(required=True, error_messages=_messages())


class TaskOnBehalfSchema(TaskAnswerSchema.from_dict(_on_behalf_fields())):  # type: ignore[misc]
    """The answer an organisation gave by letter, secure mail or phone, recorded by the contact
    point: the answer itself, how it came in, the day, who answered, and (for a letter or
    secure mail) the document."""

    document = fields.Nested(TaskDocumentSchema, load_default=None, allow_none=True)


class TaskOnBehalfFormSchema(TaskAnswerFormSchema.from_dict(_on_behalf_fields())):  # type: ignore[misc]
    """The page's form of the answer on behalf (the document is the uploaded file)."""


class TaskSetAsideSchema(Schema):
    """Why the contact point sets a task aside, and who confirmed it."""

    class Meta:
        unknown = EXCLUDE

    reason = _required_text("Geef de reden.")
    confirmed_by = _required_text("Vul in wie dit heeft bevestigd.", 200)


class TaskMessageSchema(Schema):
    """A question of the participant, or the contact point's reply."""

    class Meta:
        unknown = EXCLUDE

    body = _required_text("Schrijf uw bericht op.")


class TaskReasonSchema(Schema):
    """Why a participant declines, or why the contact point reopens an answer."""

    class Meta:
        unknown = EXCLUDE

    reason = _required_text("Geef de reden.")


CHOOSE_ROLE = "Kies: geraadpleegd of ontvanger."


class ThirdPartySchema(Schema):
    """An incidental third party (WGS art. 2.31): consulted, or a recipient. Never an account."""

    class Meta:
        unknown = EXCLUDE

    name = _required_text("Vul de naam in.", 200)
    role = fields.String(required=True, error_messages=_messages(CHOOSE_ROLE),
                         validate=validate.OneOf(("consulted", "recipient"), error=CHOOSE_ROLE))
    note = _text(2000)


class TaskQuerySchema(Schema):
    """The inbox filters. A participant's list is always limited to its own organisation."""

    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(
        [s.value for s in TaskStatus], error=INVALID))
    organisation_id = fields.Integer(load_default=None, allow_none=True,
                                     error_messages=_messages())
    q = fields.String(load_default=None, allow_none=True,
                      validate=validate.Length(max=40, error=TOO_LONG),
                      metadata={"description": "(part of) the request's reference"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000,
                                                                  error=INVALID))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100,
                                                                      error=INVALID))


# ------------------------------------------------------------------------------ what a task shares
def shared_request_data(task: CoordinationTask, *, full_bsn: bool) -> dict[str, Any]:
    """The request data this task shares with its participant, and nothing else: only the keys
    in ``task.shared_fields``. The BSN is decrypted only when shared, and in full only for the
    participant who searches with it (``full_bsn``); anyone else sees its last three digits."""
    dsr = task.dsr
    shared = set(task.shared_fields)
    data: dict[str, Any] = {}
    if "name" in shared:
        data["name"] = dsr.full_name
    if "date_of_birth" in shared:
        data["date_of_birth"] = dsr.date_of_birth
    if "bsn" in shared:
        if dsr.bsn_encrypted is None:
            data["bsn"] = None
        elif full_bsn:
            data["bsn"] = protection.decrypt(dsr.bsn_encrypted)
        else:
            data["bsn"] = f"******{dsr.bsn_last3}"
    if "address" in shared:
        data["address"] = {"street_address": dsr.street_address, "postcode": dsr.postcode,
                           "city": dsr.city}
    if "rights" in shared:
        data["rights"] = [r.value for r in dsr.rights_list]
    if "description" in shared:
        data["description"] = dsr.description
    if "rectification" in shared:
        data["rectification"] = {"wrong": dsr.rectification_wrong,
                                 "correct": dsr.rectification_correct}
    if "represented" in shared:
        data["represented"] = None if dsr.representation == "self" else {
            "representation": dsr.representation, "name": dsr.represented_name,
            "date_of_birth": dsr.represented_date_of_birth}
    return data


@dataclass(frozen=True, slots=True)
class TaskForActor:
    """A task as one actor may see it: the task with the request data it shares."""

    task: CoordinationTask
    request: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.task, name)


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
