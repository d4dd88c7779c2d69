"""Shared pieces of the coordination schemas: Dutch messages, text fields, the yes/no field."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

REQUIRED = "Vul dit veld in."
TOO_LONG = "Dit is te lang."
INVALID = "Deze waarde klopt niet."


def _messages(required: str = REQUIRED) -> dict[str, Any]:
    return {"required": required, "null": required, "invalid": INVALID}


def _not_blank(message: str) -> Any:
    def check(value: str) -> None:
        if not value.strip():
            raise ValidationError(message)
    return check


def _text(max_length: int = 20000) -> fields.String:
    """An optional text: empty means "not filled in" (None)."""
    return fields.String(load_default=None, allow_none=True, error_messages=_messages(),
                         validate=validate.Length(max=max_length, error=TOO_LONG))


def _required_text(message: str, max_length: int = 5000) -> fields.String:
    return fields.String(required=True, error_messages=_messages(message),
                         validate=[validate.Length(max=max_length, error=TOO_LONG),
                                   _not_blank(message)])


class YesNo(fields.Field[bool | None]):
    """Whether the participant holds data: "yes"/"no" (or a JSON boolean); empty is "not yet"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(load_default=None, allow_none=True,
                         metadata={"type": "string", "enum": ["yes", "no"],
                                   "description": "yes, no, or null (not yet answered)"},
                         **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool | None:
        if value is True or value == "yes":
            return True
        if value is False or value == "no":
            return False
        if value in ("", None):
            return None
        raise ValidationError("Kies ja of nee.")

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else ("yes" if value else "no")
