"""What the breach pages print from: the catalogues and labels in one dictionary, the query of
a list (its filter, its page, its errors in Dutch), and the clock of each breach listed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from marshmallow import ValidationError

from avg_service.breaches import catalogue, queries, rules
from avg_service.breaches.models import Breach
from avg_service.breaches.schemas import BreachQuerySchema
from avg_service.web.i18n import localise_errors


def labels() -> dict[str, Any]:
    """The catalogues every breach page prints from."""
    return {"status_labels": {s.value: v for s, v in rules.STATUS_LABELS.items()},
            "risk_labels": {r.value: v for r, v in rules.RISK_LABELS.items()},
            "task_status_labels": {s.value: v for s, v in rules.TASK_STATUS_LABELS.items()},
            "breach_types": catalogue.BREACH_TYPES, "data_kinds": catalogue.DATA_KINDS,
            "factors": catalogue.RISK_FACTORS, "examples": catalogue.EXAMPLES,
            "examples_by_code": catalogue.EXAMPLES_BY_CODE,
            "decisions": catalogue.COMMUNICATION_DECISIONS,
            "grounds": catalogue.UAVG_41_GROUNDS, "sources": catalogue.ON_BEHALF_SOURCES,
            "notification_elements": rules.NOTIFICATION_ELEMENTS}


def parse_query(args: Mapping[str, str]) -> tuple[queries.BreachFilter, int, dict[str, Any]]:
    """The list's filter from the query string; a wrong value is reported beside its field
    and left out, the rest still filters."""
    raw = {k: v for k, v in args.items() if v.strip()}
    try:
        data, errors = BreachQuerySchema().load(raw), {}
    except ValidationError as error:
        errors = localise_errors(error.messages, "nl")
        data = BreachQuerySchema().load({k: v for k, v in raw.items() if k not in errors})
    page_number = data.pop("page")
    return queries.BreachFilter(**data), page_number, errors


def clocks(rows: Iterable[Breach], now: datetime) -> dict[int, rules.ClockReading]:
    return {b.id: rules.read_clock(b.aware_at, now, b.first_notified_at) for b in rows}
