"""One catalogue of the messages marshmallow gives when a schema does not name its own: Dutch
(taalniveau B1), with English for the public pages.

marshmallow's defaults ("Field may not be null.", "Not a valid integer.", "Length must be between
12 and 1024.") are English developer texts. ``install()`` replaces them, once, at import of
``avg_service``, before any schema module builds its fields (a field copies its class's default
messages when it is made). A schema that names its own message keeps it. ``ENGLISH`` turns a Dutch
default back into English for the English public pages (``web.i18n.localise_errors``).
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

REQUIRED = "Vul dit veld in."
INVALID = "Deze waarde klopt niet."
CHOOSE = "Kies een waarde uit de lijst."
ONE_LINE = "Schrijf dit op één regel, zonder Enter, tab of andere bijzondere tekens."

#: field class -> {error key: Dutch text}; subclasses inherit unless they name their own.
FIELD_MESSAGES: dict[type[fields.Field[Any]], dict[str, str]] = {
    fields.Field: {"required": REQUIRED, "null": REQUIRED, "validator_failed": INVALID},
    fields.String: {"invalid": "Vul hier tekst in.",
                    "invalid_utf8": "Deze tekst bevat tekens die wij niet kunnen lezen."},
    fields.Number: {"invalid": "Vul een getal in.", "too_large": "Dit getal is te groot."},
    fields.Integer: {"invalid": "Vul een heel getal in, zonder punt of komma."},
    fields.Float: {"special": "Vul een gewoon getal in."},
    fields.Decimal: {"special": "Vul een gewoon getal in."},
    fields.Boolean: {"invalid": "Kies ja of nee."},
    fields.DateTime: {"invalid": "Vul een geldige datum en tijd in.",
                      "invalid_awareness": "Vul een geldige datum en tijd in.",
                      "format": "Vul een geldige datum en tijd in."},
    fields.Date: {"invalid": "Vul een geldige datum in, bijvoorbeeld 31-12-2026.",
                  "format": "Vul een geldige datum in, bijvoorbeeld 31-12-2026."},
    fields.Time: {"invalid": "Vul een geldige tijd in, bijvoorbeeld 14:30.",
                  "format": "Vul een geldige tijd in, bijvoorbeeld 14:30."},
    fields.TimeDelta: {"invalid": "Vul een geldige periode in.",
                       "format": "Vul een geldige periode in."},
    fields.Email: {"invalid": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."},
    fields.Url: {"invalid": "Vul een geldig webadres in, bijvoorbeeld https://voorbeeld.nl."},
    fields.UUID: {"invalid_uuid": INVALID},
    fields.Enum: {"unknown": CHOOSE},
    fields.List: {"invalid": INVALID},
    fields.Tuple: {"invalid": INVALID},
    fields.Mapping: {"invalid": INVALID},
    fields.Nested: {"type": INVALID},
    fields.IP: {"invalid_ip": "Vul een geldig IP-adres in."},
    fields.IPInterface: {"invalid_ip_interface": "Vul een geldig IP-adres in."},
}
SCHEMA_MESSAGES = {"type": "Deze gegevens kloppen niet.", "unknown": "Dit veld kennen wij niet."}

#: validator class -> {attribute: Dutch text}. Length is worded per kind of value (text or list).
VALIDATOR_MESSAGES: dict[type[Any], dict[str, str]] = {
    validate.Email: {"default_message": FIELD_MESSAGES[fields.Email]["invalid"]},
    validate.URL: {"default_message": FIELD_MESSAGES[fields.Url]["invalid"]},
    validate.OneOf: {"default_message": CHOOSE},
    validate.ContainsOnly: {"default_message": CHOOSE},
    validate.ContainsNoneOf: {"default_message": CHOOSE},
    validate.NoneOf: {"default_message": INVALID},
    validate.Equal: {"default_message": INVALID},
    validate.Predicate: {"default_message": INVALID},
    validate.Regexp: {"default_message": INVALID},
    # Range formats these once with its {min_op}/{max_op} words, hence the doubled braces
    validate.Range: {"message_min": "Vul een getal in van {{min}} of meer.",
                     "message_max": "Vul een getal in van hoogstens {{max}}.",
                     "message_all": "Vul een getal in van {{min}} tot en met {{max}}.",
                     "message_gte": "", "message_gt": "", "message_lte": "", "message_lt": ""},
}
_TEXT_LENGTH = {"min": "Dit is te kort: vul minstens {min} tekens in.",
                "max": "Dit is te lang: hoogstens {max} tekens.",
                "all": "Vul {min} tot {max} tekens in.",
                "equal": "Vul precies {equal} tekens in."}
_LIST_LENGTH = {"min": "Kies er minstens {min}.", "max": "Kies er hoogstens {max}.",
                "all": "Kies er {min} tot {max}.", "equal": "Kies er precies {equal}."}

#: Dutch default -> English, for the public pages in English.
ENGLISH: dict[str, str] = {
    REQUIRED: "Please fill in this field.",
    INVALID: "This value is not valid.",
    CHOOSE: "Choose a value from the list.",
    "Vul hier tekst in.": "Please enter text here.",
    "Vul een getal in.": "Please enter a number.",
    "Vul een heel getal in, zonder punt of komma.": "Please enter a whole number.",
    "Kies ja of nee.": "Choose yes or no.",
    "Vul een geldige datum en tijd in.": "Please enter a valid date and time.",
    "Vul een geldige datum in, bijvoorbeeld 31-12-2026.": "Please enter a valid date, for "
    "example 31-12-2026.",
    FIELD_MESSAGES[fields.Email]["invalid"]: "Please enter a valid e-mail address, for example "
    "name@example.com.",
    "Dit veld kennen wij niet.": "We do not know this field.",
    "Deze gegevens kloppen niet.": "This data is not valid.",
}


#: Line breaks (also Unicode's NEL and line and paragraph separators), tab and other controls.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(value: str) -> None:
    """A validator for a name or other one-line text: it becomes a mail's subject, a page
    title, a line in a letter, and must not carry a line break into any of them (issue 15,
    finding 12: a CR/LF in an organisation's name)."""
    if _NOT_ONE_LINE.search(value):
        raise ValidationError(ONE_LINE)


def _length_call(self: validate.Length, value: Any) -> Any:
    """``validate.Length`` with a message that fits text (tekens) or a list (keuzes)."""
    texts = _TEXT_LENGTH if isinstance(value, str) else _LIST_LENGTH
    length = len(value)
    if self.equal is not None:
        if length != self.equal:
            raise ValidationError(self._format_error(value, texts["equal"]))
        return value
    if self.min is not None and length < self.min:
        raise ValidationError(self._format_error(value, texts["min" if self.max is None else "all"]))
    if self.max is not None and length > self.max:
        raise ValidationError(self._format_error(value, texts["max" if self.min is None else "all"]))
    return value


_installed = False


def install() -> None:
    """Replace marshmallow's English defaults by the catalogue (idempotent)."""
    global _installed
    if _installed:
        return
    for field_class, messages in FIELD_MESSAGES.items():
        field_class.default_error_messages = {
            **field_class.__dict__.get("default_error_messages", {}), **messages}
    # _TemporalField carries "Not a valid {obj_type}." for DateTime's subclasses (NaiveDateTime ...)
    temporal = getattr(fields, "_TemporalField", None)
    if temporal is not None:
        temporal.default_error_messages = {**temporal.default_error_messages,
                                           **FIELD_MESSAGES[fields.DateTime]}
    Schema._default_error_messages = {**Schema._default_error_messages, **SCHEMA_MESSAGES}
    for validator_class, attributes in VALIDATOR_MESSAGES.items():
        for name, text in attributes.items():
            setattr(validator_class, name, text)
    # Length's own error= still wins: _format_error uses self.error first
    validate.Length.__call__ = _length_call  # type: ignore[method-assign]
    _installed = True
