"""Shapes of the outbox page's filter and of the bounce form (the service checks the rules)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from avg_service.mail.models import MailStatus
from avg_service.mail.services import BOUNCE_REASON_MAX

_REASON_MISSING = "Vul kort in waarom het bericht niet is bezorgd."


class OutboxQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.Enum(MailStatus, by_value=True, load_default=None, allow_none=True,
                         error_messages={"unknown": "Kies een status uit de lijst."})
    page = fields.Integer(load_default=1, validate=validate.Range(
        min=1, max=100_000, error="Kies een paginanummer vanaf 1."),
        error_messages={"invalid": "Kies een paginanummer vanaf 1."})


class BounceSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    reason = fields.String(
        required=True,
        validate=validate.Length(min=1, max=BOUNCE_REASON_MAX,
                                 error=f"Gebruik ten hoogste {BOUNCE_REASON_MAX} tekens."),
        error_messages={"required": _REASON_MISSING, "null": _REASON_MISSING})
