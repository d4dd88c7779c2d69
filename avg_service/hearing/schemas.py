"""Shapes of the hearing forms (message keys, as every schema: ``web/i18n.py``)."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate


def _messages(invalid: str = "err.invalid") -> dict[str, Any]:
    return {"required": "err.required", "null": "err.required", "invalid": invalid}


def _text(max_length: int, *, required: bool = False) -> fields.String:
    optional: dict[str, Any] = {} if required else {"load_default": None}
    return fields.String(
        required=required, allow_none=not required, error_messages=_messages(),
        validate=validate.Length(min=1 if required else 0, max=max_length, error="err.too_long"),
        **optional)


class _Form(Schema):
    class Meta:
        unknown = EXCLUDE


class InviteApplicantSchema(_Form):
    regarding = _text(5000, required=True)
    sent_on = fields.Date(required=True, error_messages=_messages("err.date"))
    term_until = fields.Date(required=True, error_messages=_messages("err.date"))


class InviteThirdPartySchema(InviteApplicantSchema):
    name = _text(200, required=True)
    street_address = _text(200, required=True)
    postcode = _text(10, required=True)
    city = _text(100, required=True)


class ExceptionSchema(_Form):
    kind = fields.String(required=True, validate=validate.OneOf(("4_7", "4_8"),
                                                                error="err.invalid"),
                         error_messages=_messages())
    exception = _text(20, required=True)
    reason = _text(5000, required=True)
    regarding = _text(5000, required=True)
    name = _text(200)


class AnswerSchema(_Form):
    answered_on = fields.Date(required=True, error_messages=_messages("err.date"))
    summary = _text(5000)


class WeighingSchema(_Form):
    weighing = _text(5000, required=True)
