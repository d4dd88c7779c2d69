"""Shapes of the breach forms and API bodies, with Dutch messages (the pages and the API are
Dutch; a field error never shows a library's default text). Validators raise, as marshmallow 4
needs. Business rules (a moment in the future, a late notification without reasons, a
notification without what art. 33(3) asks) are the services'; these check shape and format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from avg_service.breaches import catalogue, rules
from avg_service.breaches.catalogue import CommunicationDecision
from avg_service.breaches.rules import BreachStatus, NotifierRule, RiskLevel
from avg_service.coordination.schemas import YesNo

REQUIRED = "Vul dit veld in."
TOO_LONG = "Dit is te lang."
INVALID = "Deze waarde klopt niet."
NUMBER = "Vul een heel getal in (0 of meer)."
MOMENT = "Vul een datum en tijd in (Nederlandse tijd)."


def _messages(required: str = REQUIRED, invalid: str = INVALID) -> dict[str, Any]:
    return {"required": required, "null": required, "invalid": invalid}


def _not_blank(message: str) -> Any:
    def check(value: str) -> None:
        if not value.strip():
            raise ValidationError(message)
    return check


def text(max_length: int = 20000, *, required: str | None = None) -> fields.String:
    """A text; ``required`` is the message when it is missing (else it is optional)."""
    checks: list[Any] = [validate.Length(max=max_length, error=TOO_LONG)]
    if required:
        checks.append(_not_blank(required))
        return fields.String(required=True, error_messages=_messages(required), validate=checks)
    return fields.String(load_default=None, allow_none=True, error_messages=_messages(),
                         validate=checks)


def count() -> fields.Integer:
    return fields.Integer(load_default=None, allow_none=True, strict=False,
                          error_messages=_messages(invalid=NUMBER),
                          validate=validate.Range(min=0, max=100_000_000, error=NUMBER))


def codes(choices: Iterable[str], *, required: str | None = None) -> fields.List[Any]:
    """A multiple choice (checkboxes, or a JSON list) from a catalogue."""
    item = fields.String(error_messages=_messages(),
                         validate=validate.OneOf(list(choices), error="Onbekende keuze."))
    if required:
        return fields.List(item, required=True, error_messages=_messages(required),
                           validate=validate.Length(min=1, error=required))
    return fields.List(item, load_default=list, error_messages=_messages())


def choice(choices: list[str], message: str, *, required: bool = True) -> fields.String:
    if required:
        return fields.String(required=True, error_messages=_messages(message),
                             validate=validate.OneOf(choices, error=message))
    return fields.String(load_default=None, allow_none=True, error_messages=_messages(message),
                         validate=validate.OneOf(choices, error=message))


class LocalMoment(fields.DateTime):
    """A moment as people type it (``datetime-local``: Amsterdam wall-clock time) or ISO with an
    offset. The hour skipped in spring is refused; the doubled autumn hour is read as the first
    (summer-time) one, the earlier moment (``rules.local_to_utc``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", _messages(MOMENT, MOMENT))
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return rules.local_to_utc(moment)
        except rules.NonexistentLocalTime as error:
            raise ValidationError("Dit tijdstip bestaat niet: die nacht gaat de klok van 02:00 "
                                  "naar 03:00 (zomertijd).") from error


_REFERENCE_SPLIT = re.compile(r"[\s,;]+")


class _Strict(Schema):
    class Meta:
        unknown = EXCLUDE


# ------------------------------------------------------------------------------ report
class ReportSchema(_Strict):
    """A suspected breach (AVG art. 33): what, when it happened and when it was discovered,
    which data, which persons (requests by reference, or a count), the measures taken."""

    title = text(200, required="Geef het datalek een korte omschrijving.")
    description = text(required="Beschrijf wat er is gebeurd.")
    occurred_at = LocalMoment(load_default=None, allow_none=True)
    aware_at = LocalMoment(required=True, error_messages=_messages(
        "Vul in wanneer het datalek is ontdekt.", MOMENT))
    source_organisation_id = fields.Integer(load_default=None, allow_none=True,
                                            error_messages=_messages())
    breach_types = codes(catalogue.BREACH_TYPES, required="Kies wat voor datalek het is.")
    data_kinds = codes(catalogue.DATA_KINDS)
    data_description = text()
    persons_count = count()
    records_count = count()
    measures = text()
    request_references = fields.List(fields.String(error_messages=_messages(), validate=(
        validate.Length(max=40, error=TOO_LONG))), load_default=list, error_messages=_messages(),
        validate=validate.Length(max=1000, error="Koppel hoogstens 1000 verzoeken tegelijk."),
        metadata={"description": "references of requests (AVG-2026-000123) of persons affected"})
    organisation_ids = fields.List(fields.Integer(error_messages=_messages()),
                                   load_default=list, error_messages=_messages())

    @pre_load
    def _split_references(self, data: Any, **kwargs: Any) -> Any:
        """The form has one text box: references separated by spaces, commas or lines."""
        if not isinstance(data, dict):
            return data
        value = data.get("request_references")
        if isinstance(value, str):
            return {**data, "request_references": [r for r in _REFERENCE_SPLIT.split(value) if r]}
        if value is None and "request_references" in data:  # an empty text box
            return {**data, "request_references": []}
        return data


class FactsSchema(ReportSchema):
    """The facts as they become known; a new moment of awareness needs ``reason``."""

    class Meta:
        unknown = EXCLUDE
        exclude = ("source_organisation_id", "request_references", "organisation_ids")

    reason = text(5000)


class LinkRequestsSchema(_Strict):
    request_references = fields.List(fields.String(error_messages=_messages()), required=True,
                                     validate=validate.Length(min=1, error="Vul een kenmerk in."),
                                     error_messages=_messages("Vul een kenmerk in."))
    _split_references = ReportSchema._split_references


class TasksSchema(_Strict):
    organisation_ids = fields.List(
        fields.Integer(error_messages=_messages()), required=True,
        validate=validate.Length(min=1, error="Kies ten minste één organisatie."),
        error_messages=_messages("Kies ten minste één organisatie."))


# ------------------------------------------------------------------------------ tasks
class BreachTaskAnswerSchema(_Strict):
    """A joint controller's part: is its data touched, how many people, what it does."""

    affected = YesNo()
    answer_data = text()
    answer_persons = count()
    answer_measures = text()
    answer_remarks = text()


class OnBehalfSchema(BreachTaskAnswerSchema):
    """An answer the organisation gave outside the service, recorded by the contact point."""

    source = choice(list(catalogue.ON_BEHALF_SOURCES), "Kies hoe het antwoord binnenkwam.")
    received_on = fields.Date(required=True, error_messages=_messages(
        "Vul de datum van ontvangst in.", "Vul een geldige datum in."))
    answered_by = text(200, required="Vul in wie namens de organisatie antwoordde.")


class SetAsideSchema(_Strict):
    reason = text(5000, required="Geef de reden.")
    confirmed_by = text(200)


class BreachReasonSchema(_Strict):
    reason = text(5000, required="Geef de reden.")


# ------------------------------------------------------------------------- assess, notify, tell
class AssessmentSchema(_Strict):
    """The risk with its reasons (EDPB Guidelines 9/2022), and who notifies."""

    risk = fields.Enum(RiskLevel, by_value=True, required=True,
                       error_messages={**_messages("Kies het risico."),
                                       "unknown": "Kies het risico."})
    reasons = text(required="Geef de redenen van de beoordeling.")
    example = choice(list(catalogue.EXAMPLES_BY_CODE), "Onbekend voorbeeld.", required=False)
    factors = codes(catalogue.FACTORS_BY_CODE)
    consequences = text()
    notifier_organisation_id = fields.Integer(load_default=None, allow_none=True,
                                              error_messages=_messages())
    notifier_reason = text()


class NotificationSchema(_Strict):
    """A notification made to the AP (or a phase of it, art. 33(4))."""

    notified_at = LocalMoment(required=True, error_messages=_messages(
        "Vul in wanneer de melding is gedaan.", MOMENT))
    meldnummer = text(60, required="Vul het meldnummer van de AP in.")
    is_complete = fields.Boolean(load_default=False, error_messages=_messages(),
                                 truthy={True, "complete", "1", "true"},
                                 falsy={False, "phased", "0", "false"})
    nature = text()
    data_categories = text()
    persons_approx = count()
    records_approx = count()
    dpo_contact = text(2000)
    consequences = text()
    measures = text()
    delay_reasons = text()


class PeopleDecisionSchema(_Strict):
    """Tell the people (with the texts for them, art. 34(2)), or why not (34(3), UAVG 41)."""

    decision = fields.Enum(CommunicationDecision, by_value=True, required=True,
                           error_messages={**_messages("Kies wat er met de betrokkenen gebeurt."),
                                           "unknown": "Kies wat er met de betrokkenen gebeurt."})
    reason = text()
    ground = choice(list(catalogue.UAVG_41_BY_CODE), "Kies de grond van art. 41 lid 1 UAVG.",
                    required=False)
    people_nature = text(5000)
    people_consequences = text(5000)
    people_measures = text(5000)
    people_advice = text(5000)


class RecipientSchema(_Strict):
    channel = choice(["letter", "email"], "Kies brief of e-mail.")
    dsr_id = fields.Integer(load_default=None, allow_none=True, error_messages=_messages())
    name = text(200)
    address = text(500)
    email = fields.Email(load_default=None, allow_none=True,
                         validate=validate.Length(max=254, error=TOO_LONG),
                         error_messages=_messages(invalid="Vul een geldig e-mailadres in."))


class CloseSchema(_Strict):
    note = text(5000, required="Vat kort samen hoe het datalek is afgehandeld.")


# ------------------------------------------------------------------------------ lists, settings
class BreachQuerySchema(_Strict):
    status = choice([s.value for s in BreachStatus], INVALID, required=False)
    risk = choice([r.value for r in RiskLevel] + ["unassessed"], INVALID, required=False)
    notified = choice(["yes", "no"], INVALID, required=False)
    organisation_id = fields.Integer(load_default=None, allow_none=True,
                                     error_messages=_messages())
    q = fields.String(load_default=None, allow_none=True, error_messages=_messages(),
                      validate=validate.Length(max=60, error=TOO_LONG),
                      metadata={"description": "(part of) the reference or the title"})
    from_on = fields.Date(load_default=None, allow_none=True, data_key="van",
                          error_messages=_messages(invalid="Vul een geldige datum in."))
    until_on = fields.Date(load_default=None, allow_none=True, data_key="tot",
                           error_messages=_messages(invalid="Vul een geldige datum in."))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000,
                                                                  error=INVALID),
                          error_messages=_messages())


class SettingsSchema(_Strict):
    """The art. 26 arrangement on breaches: who notifies; the FG's contact (art. 33(3)(b))."""

    notifier_rule = fields.Enum(NotifierRule, by_value=True, required=True,
                                error_messages={**_messages("Kies wie meldt."),
                                                "unknown": "Kies wie meldt."})
    notifier_organisation_id = fields.Integer(load_default=None, allow_none=True,
                                              error_messages=_messages())
    contact_point_organisation_id = fields.Integer(load_default=None, allow_none=True,
                                                   error_messages=_messages())
    fg_name = text(200)
    fg_email = fields.Email(load_default=None, allow_none=True,
                            validate=validate.Length(max=254, error=TOO_LONG),
                            error_messages=_messages(invalid="Vul een geldig e-mailadres in."))
    fg_phone = text(40)
