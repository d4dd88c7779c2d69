"""Shapes of the administration forms and API bodies."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from avg_service.access.roles import Role
from avg_service.organisations.catalogue import DecisionMode
from avg_service.organisations.services import KINDS
from avg_service.web.messages_schema import one_line


def _blank_to_none(value: object) -> object:
    return None if value == "" else value


class OrganisationSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    code = fields.String(dump_only=True)
    name = fields.String(validate=[validate.Length(min=1, max=200), one_line])
    legal_basis = fields.String(dump_only=True)
    is_joint_controller = fields.Boolean(dump_only=True)
    is_active = fields.Boolean()
    task_email = fields.Email(allow_none=True)
    coordinator_email = fields.Email(allow_none=True)
    task_due_working_days = fields.Integer(validate=validate.Range(min=1, max=60))
    reminder_days = fields.Integer(validate=validate.Range(min=1, max=30))
    chase_days = fields.Integer(validate=validate.Range(min=1, max=30))
    escalate_after = fields.Integer(validate=validate.Range(min=1, max=10))
    #: The gemeente of a burgemeester or college in a regional ZVH (WGS art. 2.27(1)(e)-(f)).
    municipality = fields.String(allow_none=True, validate=[validate.Length(
        max=120, error="Dit is te lang."), one_line])
    #: Who decides on a request for this joint controller (organisations.catalogue.DecisionMode).
    decision_mode = fields.String(validate=validate.OneOf(
        [m.value for m in DecisionMode], error="Kies wie beslist."),
        metadata={"description": "contact_point (default), mandate or self"})
    mandate_reference = fields.String(allow_none=True, validate=[validate.Length(
        max=200, error="Dit is te lang."), one_line])
    mandate_on = fields.Date(allow_none=True, error_messages={
        "invalid": "Vul een geldige datum in (dd-mm-jjjj)."})
    own_objection_address = fields.String(allow_none=True, validate=validate.Length(
        max=500, error="Dit is te lang."))


class OrganisationCreateSchema(Schema):
    """A new participant (WGS art. 2.27): its kind, name and, for a burgemeester or college,
    its gemeente."""

    class Meta:
        unknown = EXCLUDE

    kind = fields.String(required=True, validate=validate.OneOf(
        list(KINDS), error="Kies wat voor deelnemer dit is (WGS art. 2.27)."),
        error_messages={"required": "Kies wat voor deelnemer dit is (WGS art. 2.27).",
                        "null": "Kies wat voor deelnemer dit is (WGS art. 2.27)."},
        metadata={"description": "a-g: WGS art. 2.27(1)(a)-(g); private: art. 2.27(2)"})
    name = fields.String(required=True, validate=[validate.Length(
        min=1, max=200, error="Vul de naam in (hoogstens 200 tekens)."), one_line],
        error_messages={"required": "Vul de naam in.", "null": "Vul de naam in."})
    municipality = fields.String(load_default=None, allow_none=True, validate=[validate.Length(
        max=120, error="Dit is te lang."), one_line])
    task_email = fields.Email(load_default=None, allow_none=True,
                              error_messages={"invalid": "Vul een geldig e-mailadres in."})
    coordinator_email = fields.Email(load_default=None, allow_none=True,
                                     error_messages={"invalid": "Vul een geldig e-mailadres in."})


class MunicipalitySchema(Schema):
    """A gemeente joining a regional ZVH: its burgemeester and college are added."""

    class Meta:
        unknown = EXCLUDE

    municipality = fields.String(required=True, validate=[validate.Length(
        min=1, max=120, error="Vul de gemeente in."), one_line],
        error_messages={"required": "Vul de gemeente in.", "null": "Vul de gemeente in."})


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
    rechtbank = fields.String(allow_none=True, validate=validate.Length(max=500))
    bezwaar_committee = fields.Boolean(load_default=False)


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
