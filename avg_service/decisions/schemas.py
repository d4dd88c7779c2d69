"""Shapes of the decision forms and API bodies, and of what the API returns.

The draft is one part per right invoked. The API sends it as a list (``DraftSchema``); the page
has one row of fields per right (``outcome_15``, ``grounds_15`` ...), so its schema is built for
the request's rights (``draft_form_schema``) and a refusal lands beside the field it is about.
Both give the same data to ``services.save_draft``. These schemas check shape and format; the
rules (a limiting outcome needs a ground, four eyes, Awb 2:8) are the service's. Messages are
Dutch; validators raise, never return False (marshmallow 4 would accept that).

The register's dates carry the names of the ZGW Besluiten API (``datum``, ``verzenddatum``,
``ingangsdatum``, ``uiterlijkeReactiedatum``), so a municipal case system takes them over as
they are.
"""

from __future__ import annotations

from typing import Any

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from avg_service.decisions.catalogue import (
    GROUNDS_BY_CODE,
    OUTCOME_LABELS,
    REFUSAL_12_5_GROUNDS,
    Outcome,
)
from avg_service.decisions.models import DECISION_STATUS_LABELS, DecisionStatus
from avg_service.requests.lifecycle import Right

REQUIRED = "Vul dit veld in."
TOO_LONG = "Dit is te lang."
INVALID = "Deze waarde klopt niet."
INVALID_DATE = "Vul een geldige datum in (dd-mm-jjjj)."
CHOOSE_OUTCOME = "Kies een uitkomst."
CHOOSE_CHANNEL = "Kies hoe het besluit is bekendgemaakt: per post, elektronisch of afgegeven."
UNKNOWN_GROUND = "Onbekende grond."
CHOOSE_12_5 = "Kies: kennelijk ongegrond of buitensporig."
GIVE_REASONS = "Geef de redenen: de feiten van dit verzoek."

#: How a besluit was made known (Awb 3:41(1): sent or handed over).
CHANNELS = ("post", "electronic", "hand")
CHANNEL_LABELS = {"post": "Per post verzonden",
                  "electronic": "Op de statuspagina van de verzoeker gezet, met bericht per "
                                "e-mail (Awb 2:8, 2:10, 2:19)",
                  "hand": "Uitgereikt"}


def _messages(required: str = REQUIRED, invalid: str = INVALID) -> dict[str, Any]:
    return {"required": required, "null": required, "invalid": invalid}


def _text(max_length: int = 20000) -> fields.String:
    """An optional text: empty means "not filled in" (None)."""
    return fields.String(load_default=None, allow_none=True, error_messages=_messages(),
                         validate=validate.Length(max=max_length, error=TOO_LONG))


def _not_blank(message: str) -> Any:
    def check(value: str) -> None:
        if not value.strip():
            raise ValidationError(message)
    return check


def _date(message: str = "Vul de datum in.", *, required: bool = True) -> fields.Date:
    if required:
        return fields.Date(required=True, error_messages=_messages(message, INVALID_DATE))
    return fields.Date(load_default=None, allow_none=True,
                       error_messages=_messages(message, INVALID_DATE))


def _outcome() -> fields.Enum[Outcome]:
    return fields.Enum(Outcome, by_value=True, required=True,
                       error_messages={**_messages(CHOOSE_OUTCOME), "unknown": CHOOSE_OUTCOME},
                       metadata={"description": "toewijzen, gedeeltelijk_toewijzen, afwijzen "
                                                "or niet_behandelen"})


def _grounds() -> fields.List[Any]:
    return fields.List(
        fields.String(validate=validate.OneOf(list(GROUNDS_BY_CODE), error=UNKNOWN_GROUND)),
        load_default=list, error_messages=_messages(),
        metadata={"description": "ground codes of the catalogue, e.g. 41d, 17-3-b"})


# ------------------------------------------------------------------------------ drafting
class PartSchema(Schema):
    """One right invoked: the outcome, the grounds that carry it, the motivation as it will be
    printed (left empty: the grounds' standard paragraphs) and, for 16/17/18, the measures."""

    class Meta:
        unknown = EXCLUDE

    right = fields.String(required=True, error_messages=_messages(),
                          validate=validate.OneOf([r.value for r in Right], error=INVALID))
    outcome = _outcome()
    grounds = _grounds()
    motivation = _text()
    measures = _text()


class DraftSchema(Schema):
    """The whole draft: one part per right invoked, and the verloop note (hearing, 4:7/4:8)."""

    class Meta:
        unknown = EXCLUDE

    parts = fields.List(fields.Nested(PartSchema), required=True,
                        validate=validate.Length(min=1, error="Neem ten minste één beslissing."),
                        error_messages=_messages("Neem een beslissing per ingeroepen recht."))
    history_note = _text()

    @validates_schema
    def _each_right_once(self, data: dict[str, Any], **kwargs: Any) -> None:
        rights = [p["right"] for p in data.get("parts") or []]
        if len(rights) != len(set(rights)):
            raise ValidationError({"parts": ["Neem per recht één beslissing."]})


def outcome_field(right: str) -> str:
    return f"outcome_{right}"


def grounds_field(right: str) -> str:
    return f"grounds_{right}"


def motivation_field(right: str) -> str:
    return f"motivation_{right}"


def measures_field(right: str) -> str:
    return f"measures_{right}"


class _DraftForm(Schema):
    class Meta:
        unknown = EXCLUDE

    @post_load
    def _parts(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        rights = sorted(key.removeprefix("outcome_") for key in data if key.startswith("outcome_"))
        parts = [{"right": r, "outcome": data[outcome_field(r)],
                  "grounds": data.get(grounds_field(r)) or [],
                  "motivation": data.get(motivation_field(r)),
                  "measures": data.get(measures_field(r))} for r in rights]
        return {"parts": parts, "history_note": data.get("history_note")}


def draft_form_schema(rights: list[str]) -> Schema:
    """The page's draft form for these rights: per right ``outcome_<r>`` (a select),
    ``grounds_<r>`` (checkboxes), ``motivation_<r>`` and ``measures_<r>``. Loads to the same
    data as ``DraftSchema``."""
    declared: dict[str, fields.Field[Any]] = {"history_note": _text()}
    for right in rights:
        declared[outcome_field(right)] = _outcome()
        declared[grounds_field(right)] = _grounds()
        declared[motivation_field(right)] = _text()
        declared[measures_field(right)] = _text()
    return _DraftForm.from_dict(declared, name="DraftFormSchema")()


class Refusal125Schema(Schema):
    """The besluit not to act on the request (AVG 12(5)(b)): which of the two, and why."""

    class Meta:
        unknown = EXCLUDE

    ground = fields.String(required=True, error_messages=_messages(CHOOSE_12_5),
                           validate=validate.OneOf(REFUSAL_12_5_GROUNDS, error=CHOOSE_12_5),
                           metadata={"description": "12-5-ongegrond or 12-5-buitensporig"})
    reason = fields.String(required=True, error_messages=_messages(GIVE_REASONS),
                           validate=[validate.Length(max=20000, error=TOO_LONG),
                                     _not_blank(GIVE_REASONS)])
    history_note = _text()


class NotHandledSchema(Schema):
    """The besluit not to handle the request (Awb 4:5), or that the AVG does not apply to a
    person who has died (recital 27): the verloop note, if any."""

    class Meta:
        unknown = EXCLUDE

    history_note = _text()


# ------------------------------------------------------------------------------ after drafting
class SendBackSchema(Schema):
    """Why the second jurist sends the draft back to its drafter."""

    class Meta:
        unknown = EXCLUDE

    reason = fields.String(required=True, error_messages=_messages("Geef de reden."),
                           validate=[validate.Length(max=5000, error=TOO_LONG),
                                     _not_blank("Geef de reden.")])


class NotifySchema(Schema):
    """Bekendmaking (Awb 3:41): the day it was sent or handed over, and how."""

    class Meta:
        unknown = EXCLUDE

    sent_on = _date("Vul de verzenddatum in.")
    channel = fields.String(required=True, error_messages=_messages(CHOOSE_CHANNEL),
                            validate=validate.OneOf(CHANNELS, error=CHOOSE_CHANNEL),
                            metadata={"description": "post, electronic (only after the "
                                                     "requester's express choice, Awb 2:8) or "
                                                     "hand"})


class ObjectionSchema(Schema):
    """A bezwaarschrift: when it was received and, if it came by post, when it was posted
    (Awb 6:9(2)); whether an advisory committee hears it (Awb 7:10(1): 12 weeks)."""

    class Meta:
        unknown = EXCLUDE

    received_on = _date("Vul de ontvangstdatum in.")
    posted_on = _date(required=False)
    committee = fields.Boolean(load_default=False, error_messages=_messages())


class DefaultNoticeSchema(Schema):
    """An ingebrekestelling (Awb 4:17): the day it was received."""

    class Meta:
        unknown = EXCLUDE

    received_on = _date("Vul de ontvangstdatum in.")


class RegisterQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000,
                                                                  error=INVALID))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100,
                                                                      error=INVALID))


# ------------------------------------------------------------------------------ API output
class PartOutSchema(Schema):
    right = fields.String()
    outcome = fields.String()
    outcome_label = fields.Function(lambda p: OUTCOME_LABELS[Outcome(p.outcome)])
    grounds = fields.List(fields.String(), attribute="ground_codes")
    motivation = fields.String(allow_none=True)
    measures = fields.String(allow_none=True)


class ObjectionOutSchema(Schema):
    id = fields.Integer()
    received_on = fields.Date()
    posted_on = fields.Date(allow_none=True)
    on_time = fields.Boolean(metadata={"description": "Awb 6:9; when false, judge whether the "
                                                      "lateness is excusable (6:11)"})
    committee = fields.Boolean()
    decision_due_on = fields.Date(metadata={"description": "Awb 7:10(1)"})
    recorded_at = fields.DateTime()


def _status_label(decision: Any) -> str:
    return DECISION_STATUS_LABELS[DecisionStatus(decision.status)]


class RegisterRowSchema(Schema):
    """A decision in the register, its dates named as in the ZGW Besluiten API."""

    id = fields.Integer()
    kind = fields.String(metadata={"description": "request (op het verzoek), 12_5 (AVG 12(5)) "
                                                  "or 4_5 (niet in behandeling, Awb 4:5)"})
    dsr_id = fields.Integer()
    reference = fields.Function(lambda d: d.dsr.reference)
    status = fields.String()
    status_label = fields.Function(_status_label)
    datum = fields.Date(attribute="besluitdatum", allow_none=True,
                        metadata={"description": "besluitdatum: the day the second jurist "
                                                 "approved it"})
    verzenddatum = fields.Date(allow_none=True)
    ingangsdatum = fields.Date(allow_none=True,
                               metadata={"description": "in force on bekendmaking (Awb 3:40)"})
    uiterlijke_reactiedatum = fields.Date(data_key="uiterlijkeReactiedatum", allow_none=True,
                                          metadata={"description": "the last day of the "
                                                                   "bezwaartermijn (Awb 6:7)"})


class RegisterPageSchema(Schema):
    rows = fields.List(fields.Nested(RegisterRowSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    has_next = fields.Boolean()


class DecisionOutSchema(RegisterRowSchema):
    """The decision on a request: its parts, who drafted and approved it, the letter, the
    bekendmaking and any bezwaar."""

    history_note = fields.String(allow_none=True)
    sent_back_reason = fields.String(allow_none=True, metadata={
        "description": "why the second jurist sent the draft back; cleared on submission"})
    sent_back_at = fields.DateTime(allow_none=True)
    drafted_by_id = fields.Integer()
    drafted_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    approved_by_id = fields.Integer(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    letter_id = fields.Integer(allow_none=True, metadata={
        "description": "the besluit PDF: /api/v1/requests/{dsr_id}/letters/{letter_id}.pdf"})
    channel = fields.String(allow_none=True)
    parts = fields.List(fields.Nested(PartOutSchema))
    objections = fields.List(fields.Nested(ObjectionOutSchema))


PENALTY_NOTE = ("Indicatie: het bestuursorgaan stelt de dwangsom vast binnen twee weken na de "
                "laatste dag (Awb 4:18); laat de jurist het bedrag vaststellen.")


class PenaltyStatusSchema(Schema):
    """An ingebrekestelling and the dwangsom accrued so far (Awb 4:17)."""

    id = fields.Integer(attribute="notice.id")
    received_on = fields.Date(attribute="notice.received_on")
    first_penalty_day = fields.Date(attribute="notice.first_penalty_day")
    last_penalty_day = fields.Date(attribute="notice.last_penalty_day")
    days_accrued = fields.Integer()
    amount_accrued = fields.Decimal(as_string=True, metadata={"description": "euros"})
    note = fields.Constant(PENALTY_NOTE)


class PreviewOutSchema(Schema):
    """A CONCEPT preview of the draft besluit as PDF, made by a job (issue 15, finding 8): ask
    again for its state until ``status`` is ``ready``, then fetch ``pdf``. Only its requester
    can fetch it, until ``expires_at``."""

    id = fields.Integer()
    status = fields.String(metadata={"description": "pending, ready or failed"})
    requested_at = fields.DateTime()
    ready_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime()
    page_count = fields.Integer(allow_none=True)
    pdf = fields.String(allow_none=True, metadata={"description": "the PDF's path, once ready"})
