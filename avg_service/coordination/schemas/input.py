"""What staff and participants send: setting out tasks, the answer (form and API), on behalf, set
aside, messages, reasons, third parties, the inbox query."""

from __future__ import annotations

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

from avg_service.coordination.rules import (
    GROUNDS_BY_CODE,
    ON_BEHALF_SOURCES,
    SHAREABLE_FIELDS,
    TaskStatus,
    WEIGHING_POINTS,
)
from avg_service.coordination.schemas.common import (
    INVALID,
    TOO_LONG,
    YesNo,
    _messages,
    _required_text,
    _text,
)

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
