"""Shapes of the bezwaar forms. They check shape and format, with Dutch messages; the rules of
law (6:6, 7:4, 7:5, 7:10, four eyes) are the services'. Validators raise (marshmallow 4)."""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from avg_service.bezwaar.models import CHANNELS
from avg_service.bezwaar.rules import BezwaarOutcome, Defect, HearingWaiver
from avg_service.decisions.catalogue import GROUNDS_BY_CODE, Outcome

INVALID_DATE = "Vul een geldige datum in."
TOO_LONG = "Dit is te lang."


def _messages(required: str = "Vul dit veld in.", invalid: str = "Deze waarde klopt niet."
              ) -> dict[str, Any]:
    return {"required": required, "null": required, "invalid": invalid}


def _date(message: str = "Vul de datum in.", *, required: bool = True) -> fields.Date:
    if required:
        return fields.Date(required=True, error_messages=_messages(message, INVALID_DATE))
    return fields.Date(load_default=None, allow_none=True,
                       error_messages=_messages(message, INVALID_DATE))


def _text(max_length: int = 20000) -> fields.String:
    return fields.String(load_default=None, allow_none=True, error_messages=_messages(),
                         validate=validate.Length(max=max_length, error=TOO_LONG))


def _required_text(message: str, max_length: int = 20000) -> fields.String:
    def not_blank(value: str) -> None:
        if not value.strip():
            raise ValidationError(message)
    return fields.String(required=True, error_messages=_messages(message),
                         validate=[validate.Length(max=max_length, error=TOO_LONG), not_blank])


def _defects() -> fields.List[Any]:
    return fields.List(fields.Enum(Defect, by_value=True,
                                   error_messages={"unknown": "Kies uit de lijst."}),
                       load_default=list)


class _Form(Schema):
    class Meta:
        unknown = EXCLUDE


class RegisterSchema(_Form):
    """A bezwaarschrift (Awb 6:4, 6:5); the files come separately."""

    received_on = _date("Vul de ontvangstdatum in.")
    posted_on = _date(required=False)
    channel = fields.String(required=True, error_messages=_messages("Kies hoe het binnenkwam."),
                            validate=validate.OneOf(list(CHANNELS),
                                                    error="Kies hoe het binnenkwam."))
    grounds = _text()
    defects = _defects()
    made_by = fields.String(load_default="self", validate=validate.OneOf(
        ["self", "gemachtigde"], error="Kies wie het bezwaar maakt."))
    representative_name = _text(200)
    representative_address = _text(500)
    representative_email = fields.Email(load_default=None, allow_none=True,
                                        error_messages={"invalid": "Vul een geldig e-mailadres "
                                                                   "in."})
    representative_is_lawyer = fields.Boolean(load_default=False)
    controllers_informed = fields.Boolean(load_default=False)
    committee = fields.Boolean(load_default=False)


class RepairSchema(_Form):
    defects = _defects()
    term_until = _date("Vul de uiterste datum in.")


class RepairedSchema(_Form):
    repaired_on = _date("Vul de datum van ontvangst in.")
    grounds = _text()


class LatenessSchema(_Form):
    excusable = fields.Boolean(required=True, error_messages=_messages("Kies ja of nee."))
    reason = _required_text("Geef de reden.")


class ControllersSchema(_Form):
    informed_on = _date()


class HearingSchema(_Form):
    hearing_on = _date("Vul de datum van de hoorzitting in.")
    hearing_time = fields.Time(required=True, format="%H:%M",
                               error_messages=_messages("Vul de tijd in (uu:mm).",
                                                        "Vul de tijd in (uu:mm)."))
    place = _required_text("Geef de plaats van de hoorzitting.", 500)
    hearer_id = fields.Integer(required=True, error_messages=_messages("Kies wie hoort."))
    documents_from = _date("Vul in vanaf wanneer de stukken ter inzage liggen.")
    documents_place = _required_text("Geef aan waar de stukken ter inzage liggen.", 500)


class ReportSchema(_Form):
    summary = _text()


class WaiverSchema(_Form):
    waiver = fields.Enum(HearingWaiver, by_value=True, required=True,
                         error_messages={**_messages("Kies de grond."), "unknown": "Kies de grond."})
    reason = _required_text("Geef de reden.")


class DeferSchema(_Form):
    weeks = fields.Integer(required=True, validate=validate.Range(
        1, 6, error="Verdagen kan voor één tot zes weken (Awb 7:10 lid 3)."),
        error_messages=_messages("Vul het aantal weken in.", "Vul een heel getal in."))
    reason = _required_text("Geef de reden van de verdaging.")


class FurtherSchema(_Form):
    until = _date("Vul de afgesproken datum in.")
    reason = _required_text("Geef de reden van het uitstel.")
    consent = _required_text("Leg vast hoe de indiener instemde (Awb 7:10 lid 4).")


class ReasonSchema(_Form):
    reason = _required_text("Geef de reden.")


class RechtbankSchema(_Form):
    rechtbank = _text(500)


class NotifySchema(_Form):
    sent_on = _date("Vul de verzenddatum in.")


def outcome_field(right: str) -> str:
    return f"outcome_{right}"


def ruling_form_schema(rights: list[str]) -> Schema:
    """Per right: ``outcome_<r>`` (gegrond, ongegrond, niet-ontvankelijk),
    ``reconsideration_<r>``, and for gegrond ``new_outcome_<r>``, ``new_grounds_<r>``,
    ``new_motivation_<r>``, ``new_measures_<r>``."""
    declared: dict[str, fields.Field[Any]] = {"history_note": _text()}
    choose = "Kies gegrond, ongegrond of niet-ontvankelijk."
    for right in rights:
        declared[outcome_field(right)] = fields.Enum(
            BezwaarOutcome, by_value=True, required=True,
            error_messages={**_messages(choose), "unknown": choose})
        declared[f"reconsideration_{right}"] = _text()
        declared[f"new_outcome_{right}"] = fields.Enum(
            Outcome, by_value=True, load_default=None, allow_none=True,
            error_messages={"unknown": "Kies het nieuwe besluit uit de lijst."})
        declared[f"new_grounds_{right}"] = fields.List(fields.String(validate=validate.OneOf(
            list(GROUNDS_BY_CODE), error="Onbekende grond.")), load_default=list)
        declared[f"new_motivation_{right}"] = _text()
        declared[f"new_measures_{right}"] = _text()
    return Schema.from_dict(declared, name="RulingFormSchema")(unknown=EXCLUDE)


class FixingSchema(_Form):
    """The vaststelling (Awb 4:18): owed or not, and why not."""

    owed = fields.Boolean(required=True, error_messages=_messages("Kies ja of nee."))
    reason = _text()


class LateNoticeSchema(_Form):
    """The Awb 4:14 notice: when the besluit can be expected, and why it is late."""

    expected_on = _date("Vul de datum in waarop u verwacht te beslissen.")
    reason = _required_text("Geef de reden.")
