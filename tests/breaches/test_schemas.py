"""Every field error of the breach forms and API is Dutch: never marshmallow's English default
(issue 20: "field errors included")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from marshmallow import Schema, ValidationError

from avg_service.breaches import schemas

SCHEMAS = [cls for cls in vars(schemas).values()
           if isinstance(cls, type) and issubclass(cls, Schema)
           and cls.__module__ == schemas.__name__ and not cls.__name__.startswith("_")]
ODD_VALUES: list[Any] = [None, "", "x", "-1", 12, -5, 1.5, True, [], ["x"], [12], [None],
                         {"a": 1},
                         "2026-13-45T25:61", "2026-03-29T02:30", "a" * 25000]
ENGLISH = re.compile(r"\b(Not a valid|Missing data|Field may not|Unknown field|Must be|Length must|"
                     r"Invalid|Shorter than|Longer than|greater than|less than)\b")


def _messages(error: ValidationError) -> list[str]:
    def walk(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [m for v in value.values() for m in walk(v)]
        if isinstance(value, list):
            return [m for v in value for m in walk(v)]
        return [str(value)]
    return walk(error.messages)


@pytest.mark.parametrize("schema_class", SCHEMAS, ids=lambda c: c.__name__)
def test_every_error_message_is_dutch(schema_class: type[Schema]) -> None:
    schema = schema_class()
    seen: set[str] = set()
    for name, field in schema.fields.items():
        key = field.data_key or name
        for value in ODD_VALUES:
            try:
                schema.load({key: value})
            except ValidationError as error:
                seen.update(_messages(error))
    try:
        schema.load({"unexpected": 1, **{f: None for f in schema.fields}})
    except ValidationError as error:
        seen.update(_messages(error))
    english = sorted(m for m in seen if ENGLISH.search(m))
    assert english == [], english
    assert seen  # the loop did find errors to check


def test_the_report_form_splits_references_and_an_empty_box_is_none() -> None:
    base = {"title": "t", "description": "d", "aware_at": "2026-03-27T10:00",
            "breach_types": ["confidentiality"]}
    loaded = schemas.ReportSchema().load({**base, "request_references": "avg-2026-000001, \n"
                                                                        "AVG-2026-000002"})
    assert loaded["request_references"] == ["avg-2026-000001", "AVG-2026-000002"]
    assert schemas.ReportSchema().load({**base, "request_references": None})[
        "request_references"] == []
    assert loaded["aware_at"].isoformat() == "2026-03-27T09:00:00+00:00"  # CET
