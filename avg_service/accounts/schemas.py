"""Shapes of the account forms and API bodies (format only; rules live in the services)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from avg_service.access.roles import Role
from avg_service.accounts.passwords import MIN_PASSWORD_LENGTH


class LoginSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    email = fields.Email(required=True, error_messages={"required": "Vul uw e-mailadres in.",
                                                         "invalid": "Vul een geldig e-mailadres in."})
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024),
                             error_messages={"required": "Vul uw wachtwoord in."})


class CodeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    code = fields.String(required=True, validate=validate.Regexp(
        r"^\s*\d{3}\s?\d{3}\s*$", error="Vul de zescijferige code uit uw app in."),
        error_messages={"required": "Vul de zescijferige code uit uw app in."})


class TokenCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         error_messages={"required": "Geef het token een naam."})
    days = fields.Integer(load_default=90, validate=validate.Range(min=1, max=365,
                          error="Kies 1 tot 365 dagen."))


class TokenSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String()
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)


class UserCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    email = fields.Email(required=True)
    display_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.Enum(Role, by_value=True, required=True)
    organisation_id = fields.Integer(allow_none=True, load_default=None, metadata={
        "description": "only a deelnemer carries one (and must); every other role none"})
    password = fields.String(load_default=None, load_only=True, validate=validate.Length(
        min=MIN_PASSWORD_LENGTH, max=1024,
        error=f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."))


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    email = fields.Email()
    display_name = fields.String()
    role = fields.String()
    organisation_id = fields.Integer(allow_none=True)
    is_active = fields.Boolean()
    has_second_factor = fields.Boolean(dump_only=True)
    last_login_at = fields.DateTime(dump_only=True, allow_none=True)
    awaiting_approval_since = fields.DateTime(dump_only=True, allow_none=True)


class PasswordSchema(Schema):
    """Choosing a password (by link, or the forced change)."""

    class Meta:
        unknown = EXCLUDE

    password = fields.String(required=True, validate=validate.Length(
        min=MIN_PASSWORD_LENGTH, max=1024,
        error=f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."),
        error_messages={"required": "Kies een wachtwoord.", "null": "Kies een wachtwoord."})
    password_again = fields.String(required=True, error_messages={
        "required": "Typ het wachtwoord nog een keer.", "null": "Typ het wachtwoord nog een keer."})
    current_password = fields.String(load_default=None)

    @validates_schema
    def _same(self, data: dict[str, object], **_kwargs: object) -> None:
        if data.get("password") != data.get("password_again"):
            raise ValidationError("De twee wachtwoorden zijn niet gelijk.", "password_again")


class ForgotSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    email = fields.Email(required=True, error_messages={
        "required": "Vul uw e-mailadres in.", "null": "Vul uw e-mailadres in.",
        "invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."})
