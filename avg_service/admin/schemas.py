"""Shapes of the administration forms and API bodies."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from avg_service.access.roles import Role


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


class OrganisationSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    code = fields.String(dump_only=True)
    name = fields.String(validate=validate.Length(min=1, max=200))
    legal_basis = fields.String(dump_only=True)
    is_joint_controller = fields.Boolean(dump_only=True)
    is_active = fields.Boolean()
    task_email = fields.Email(allow_none=True)
    coordinator_email = fields.Email(allow_none=True)
    task_due_working_days = fields.Integer(validate=validate.Range(min=1, max=60))
    reminder_days = fields.Integer(validate=validate.Range(min=1, max=30))
    chase_days = fields.Integer(validate=validate.Range(min=1, max=30))
    escalate_after = fields.Integer(validate=validate.Range(min=1, max=10))


class SettingsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    municipality = fields.String(validate=validate.Length(min=1, max=120))
    zvh_name = fields.String(validate=validate.Length(min=1, max=200))
    postal_address = fields.String(validate=validate.Length(min=1, max=500))
    objection_address = fields.String(validate=validate.Length(min=1, max=500))
    deciding_organ = fields.String(validate=validate.Length(min=1, max=200))
    signatory_name = fields.String(validate=validate.Length(min=1, max=200))
    signatory_title = fields.String(validate=validate.Length(min=1, max=200))
    contact_email = fields.Email(allow_none=True)
    contact_phone = fields.String(allow_none=True, validate=validate.Length(max=40))
    objection_channel = fields.String(allow_none=True, validate=validate.Length(max=300))


class UserUpdateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    display_name = fields.String(validate=validate.Length(min=1, max=200))
    #: The function printed under a besluit this official signs (Awb 10:10); empty: none.
    job_title = fields.String(allow_none=True, validate=validate.Length(max=200))
    role = fields.Enum(Role, by_value=True)
    organisation_id = fields.Integer(allow_none=True)
    is_active = fields.Boolean()
    reset_second_factor = fields.Boolean(load_only=True)
