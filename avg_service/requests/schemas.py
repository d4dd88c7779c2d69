"""Shapes of the request forms and API bodies.

Error messages are message keys (``err.*``, in ``web/i18n.py``), so the public form shows them in
the visitor's language and staff pages and the API in Dutch (``localise_errors``). Validators
raise; they never return False (marshmallow 4 would accept that).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
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

from avg_service.clock import AMSTERDAM, today_local
from avg_service.requests.bsn import is_valid_bsn
from avg_service.requests.lifecycle import (
    Channel,
    Delivery,
    IdentityMethod,
    Representation,
    Right,
)

_POSTCODE_NL = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")


def _messages(invalid: str = "err.invalid") -> dict[str, Any]:
    return {"required": "err.required", "null": "err.required", "invalid": invalid}


def _text(max_length: int, *, required: bool = False) -> fields.String:
    return fields.String(
        required=required, allow_none=not required, error_messages=_messages(),
        validate=validate.Length(min=1 if required else 0, max=max_length, error="err.too_long"))


def _past_date(value: date) -> None:
    if value > today_local() or value.year < 1900:
        raise ValidationError("err.date_of_birth")


def _not_future(value: date) -> None:
    if value > today_local() or value.year < 1900:
        raise ValidationError("err.date")


def _bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError("err.bsn")


def _phone(value: str) -> None:
    if not re.fullmatch(r"[+\d][\d\s()-]{5,30}", value):
        raise ValidationError("err.phone")


class LocalDateTime(fields.DateTime):
    """A moment as staff type it: ISO, with or without offset; without, Europe/Amsterdam."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=AMSTERDAM)
        return moment.astimezone(UTC)


class RequesterSchema(Schema):
    """Who asks, for whom, what, and how to receive the decision."""

    class Meta:
        unknown = EXCLUDE

    given_names = _text(200, required=True)
    family_name = _text(200, required=True)
    date_of_birth = fields.Date(required=True, validate=_past_date,
                                error_messages=_messages("err.date"))
    street_address = _text(200)
    postcode = _text(10)
    city = _text(100)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254, error="err.too_long"),
                         error_messages=_messages("err.email"))
    phone = fields.String(allow_none=True, validate=_phone, error_messages=_messages("err.phone"))
    bsn = fields.String(allow_none=True, load_only=True, validate=_bsn,
                        error_messages=_messages("err.bsn"))
    representation = fields.Enum(Representation, by_value=True,
                                 load_default=Representation.SELF,
                                 error_messages={**_messages(), "unknown": "err.invalid"})
    represented_name = _text(200)
    represented_date_of_birth = fields.Date(allow_none=True, validate=_past_date,
                                            error_messages=_messages("err.date"))
    rights = fields.List(fields.Enum(Right, by_value=True,
                                     error_messages={"unknown": "err.invalid"}),
                         required=True, validate=validate.Length(min=1, error="err.rights"),
                         error_messages=_messages("err.rights") | {"required": "err.rights",
                                                                   "null": "err.rights"})
    description = _text(5000)
    rectification_wrong = _text(5000)
    rectification_correct = _text(5000)
    delivery = fields.Enum(Delivery, by_value=True, load_default=Delivery.POST,
                           error_messages={**_messages(), "unknown": "err.invalid"})
    electronic_consent = fields.Boolean(load_default=False)

    @validates_schema
    def _between_fields(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        delivery = data.get("delivery")
        if delivery is Delivery.ELECTRONIC:
            if not data.get("email"):
                errors["email"] = ["err.email_for_electronic"]
            if not data.get("electronic_consent"):
                errors["electronic_consent"] = ["err.electronic_consent"]
        elif not (data.get("street_address") and data.get("postcode") and data.get("city")):
            for name in ("street_address", "postcode", "city"):
                if not data.get(name):
                    errors[name] = ["err.address_for_post"]
        if data.get("representation", Representation.SELF) is not Representation.SELF \
                and not data.get("represented_name"):
            errors["represented_name"] = ["err.represented_name"]
        # UAVG art. 5: the child's age on the receipt date decides the path (services.register)
        if data.get("representation") is Representation.PARENT_OR_GUARDIAN \
                and not data.get("represented_date_of_birth"):
            errors["represented_date_of_birth"] = ["err.child_date_of_birth"]
        if Right.RECTIFICATION in data.get("rights", []) and not data.get("rectification_wrong"):
            errors["rectification_wrong"] = ["err.rectification_wrong"]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _normalise(self, loaded: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        postcode = loaded.get("postcode")
        if postcode and (match := _POSTCODE_NL.match(postcode)):
            loaded["postcode"] = f"{match.group(1)} {match.group(2).upper()}"
        if loaded.get("delivery") is not Delivery.ELECTRONIC:
            loaded["electronic_consent"] = False
        loaded["delivery"] = loaded["delivery"].value
        return loaded


class PublicRequestSchema(RequesterSchema):
    """The public form adds the idempotency token (a double submit makes one request)."""

    submission_token = fields.String(required=True, load_only=True,
                                     validate=validate.Regexp(r"^[A-Za-z0-9_-]{20,64}$",
                                                              error="err.form_expired"),
                                     error_messages={"required": "err.form_expired",
                                                     "null": "err.form_expired"})


class IntakeSchema(RequesterSchema):
    """Staff intake of a letter, e-mail, phone call or desk visit, on its real receipt moment."""

    date_of_birth = fields.Date(allow_none=True, validate=_past_date,
                                error_messages=_messages("err.date"))
    channel = fields.Enum(Channel, by_value=True, required=True,
                          error_messages={**_messages(), "unknown": "err.invalid"})
    received_at = LocalDateTime(required=True, error_messages=_messages("err.datetime"))
    first_received_by_id = fields.Integer(allow_none=True, error_messages=_messages())
    first_received_at = LocalDateTime(allow_none=True, error_messages=_messages("err.datetime"))

    @validates_schema
    def _first_receipt(self, data: dict[str, Any], **kwargs: Any) -> None:
        if bool(data.get("first_received_by_id")) != bool(data.get("first_received_at")):
            key = "first_received_at" if data.get("first_received_by_id") else \
                "first_received_by_id"
            raise ValidationError({key: ["err.first_receipt_pair"]})
        first = data.get("first_received_at")
        if first and data.get("received_at") and first > data["received_at"]:
            raise ValidationError({"first_received_at": ["err.first_receipt_later"]})


class NoFields(Schema):
    """An act without input (its confirmation button)."""

    class Meta:
        unknown = EXCLUDE


class InvitationSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    purpose = fields.String(required=True, validate=validate.OneOf(
        ("identity", "representation", "information"), error="err.invalid"),
        error_messages=_messages())
    what = _text(2000, required=True)
    sent_on = fields.Date(required=True, error_messages=_messages("err.date"))
    term_until = fields.Date(required=True, error_messages=_messages("err.date"))


class AnswerSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    answered_on = fields.Date(required=True, error_messages=_messages("err.date"))
    note = _text(2000)


class IdentitySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    method = fields.Enum(IdentityMethod, by_value=True, required=True,
                         error_messages={**_messages(), "unknown": "err.invalid"})


class ReasonSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    reason = _text(5000, required=True)


class StartSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    reason = _text(2000)


class ForwardSchema(ReasonSchema):
    to = _text(200, required=True)


class AssignSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    assignee_id = fields.Integer(allow_none=True, load_default=None,
                                 error_messages=_messages())


class GezagSchema(Schema):
    """How parental authority was checked (UAVG art. 5)."""

    class Meta:
        unknown = EXCLUDE

    method = fields.String(required=True, validate=validate.OneOf(
        ("gezagsregister", "rechterlijke_uitspraak", "verklaring"), error="err.invalid"),
        error_messages=_messages())
    holders = fields.Integer(required=True, validate=validate.Range(1, 2, error="err.invalid"),
                             error_messages=_messages())
    signed = fields.Integer(required=True, validate=validate.Range(0, 2, error="err.invalid"),
                            error_messages=_messages())
    note = _text(2000)


class AuthoritySchema(Schema):
    """The machtiging or beschikking of a representative and its scope (Awb 2:1)."""

    class Meta:
        unknown = EXCLUDE

    document_id = fields.Integer(allow_none=True, load_default=None, error_messages=_messages())
    scope = _text(2000, required=True)


class InvolvementSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    note = _text(2000, required=True)


class DeceasedSchema(Schema):
    """How the death of the person the request is about was established (recital 27)."""

    class Meta:
        unknown = EXCLUDE

    established_by = fields.String(required=True, validate=validate.OneOf(
        ("brp", "akte", "deelnemer", "verklaring"), error="err.invalid"),
        error_messages=_messages())
    died_on = fields.Date(allow_none=True, load_default=None, validate=_not_future,
                          error_messages=_messages("err.date"))
    note = _text(2000)


class QueueListSchema(Schema):
    """The queue's filters that may travel in a URL (``GET /api/v1/requests``)."""

    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default=None)
    right = fields.String(load_default=None)
    channel = fields.String(load_default=None)
    assignee = fields.String(load_default=None)
    include_closed = fields.Boolean(load_default=False)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000,
                                                                  error="err.invalid"))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100,
                                                                      error="err.invalid"))


class QueueQuerySchema(QueueListSchema):
    """The filters with the search: a name, a reference or a date of birth, which never go in a
    URL (they end up in access logs, browser history and Referer headers), so only in a posted
    form or a JSON body (``POST /api/v1/requests/search``)."""

    q = fields.String(load_default=None, validate=validate.Length(max=100, error="err.too_long"),
                      metadata={"description": "part of a family name (with or without "
                                               "tussenvoegsel), a given name or a reference"})
    date_of_birth = fields.Date(load_default=None, error_messages=_messages("err.date"))


#: The search filters that never go in a URL.
PRIVATE_FILTERS = tuple(sorted(set(QueueQuerySchema._declared_fields)
                               - set(QueueListSchema._declared_fields)))


# ------------------------------------------------------------------------------ API output
class EventSchema(Schema):
    at = fields.DateTime()
    kind = fields.String()
    from_status = fields.String()
    to_status = fields.String()
    reason = fields.String(allow_none=True)
    actor_id = fields.Integer(allow_none=True)


class InvitationOutSchema(Schema):
    id = fields.Integer()
    purpose = fields.String()
    what = fields.String()
    sent_on = fields.Date()
    term_until = fields.Date()
    answered_on = fields.Date(allow_none=True)
    expired_on = fields.Date(allow_none=True)
    suspension_days = fields.Method("_suspension")

    def _suspension(self, invitation: Any) -> int:
        return int(invitation.suspension_days())


class DocumentOutSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    deleted_at = fields.DateTime(allow_none=True)


class LetterOutSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    kenmerk = fields.String()
    dagtekening = fields.DateTime()
    rendered_at = fields.DateTime(allow_none=True)
    sha256 = fields.String(allow_none=True)
    page_count = fields.Integer(allow_none=True)


class DeadlineSchema(Schema):
    value = fields.Date()
    rule = fields.String()
    explanation = fields.String()


class RequestOutSchema(Schema):
    """A request for staff; the BSN only as its last three digits."""

    id = fields.Integer()
    reference = fields.String()
    status = fields.String()
    channel = fields.String()
    language = fields.String()
    received_at = fields.DateTime()
    received_on = fields.Date()
    first_received_by_id = fields.Integer(allow_none=True)
    given_names = fields.String()
    family_name = fields.String()
    date_of_birth = fields.Date(allow_none=True)
    street_address = fields.String(allow_none=True)
    postcode = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    bsn_masked = fields.Method("_bsn_masked")
    representation = fields.String()
    represented_name = fields.String(allow_none=True)
    represented_date_of_birth = fields.Date(allow_none=True)
    rights = fields.Method("_rights")
    description = fields.String(allow_none=True)
    rectification_wrong = fields.String(allow_none=True)
    rectification_correct = fields.String(allow_none=True)
    delivery = fields.String()
    electronic_consent = fields.Boolean()
    assignee_id = fields.Integer(allow_none=True)
    is_possible_repeat = fields.Boolean()
    identity_method = fields.String(allow_none=True)
    identity_checked_at = fields.DateTime(allow_none=True)
    suspended_days = fields.Integer()
    extension_notice_by = fields.Date()
    due_on = fields.Date()
    extended_at = fields.DateTime(allow_none=True)
    extension_reason = fields.String(allow_none=True)
    not_handled_decision_by = fields.Date(allow_none=True)
    forwarded_to = fields.String(allow_none=True)
    refusal_reason = fields.String(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    deadlines = fields.Method("_deadlines")
    events = fields.List(fields.Nested(EventSchema))
    invitations = fields.List(fields.Nested(InvitationOutSchema))
    documents = fields.List(fields.Nested(DocumentOutSchema))

    def _bsn_masked(self, dsr: Any) -> str | None:
        return f"******{dsr.bsn_last3}" if dsr.bsn_last3 else None

    def _rights(self, dsr: Any) -> list[str]:
        return [right.value for right in dsr.rights_list]

    def _deadlines(self, dsr: Any) -> dict[str, Any]:
        from avg_service.requests.presentation import deadline_rows

        return {row.key: {"value": row.value.isoformat(), "rule": row.rule,
                          "explanation": row.explanation} for row in deadline_rows(dsr)}


class QueueRowSchema(Schema):
    id = fields.Integer()
    reference = fields.String()
    status = fields.String()
    channel = fields.String()
    rights = fields.Function(lambda row: row.rights.strip(",").split(","))
    given_names = fields.String()
    family_name = fields.String()
    date_of_birth = fields.Date(allow_none=True)
    received_on = fields.Date()
    due_on = fields.Date()
    is_extended = fields.Boolean()
    is_possible_repeat = fields.Boolean()
    assignee_id = fields.Integer(allow_none=True)
    assignee_name = fields.String(allow_none=True)
    signal = fields.String()


class QueuePageSchema(Schema):
    rows = fields.List(fields.Nested(QueueRowSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    has_next = fields.Boolean()
