"""The date filters of the templates (the functions live in ``avg_service.formatting``)."""

from __future__ import annotations

from flask import Flask

from avg_service.formatting import local_datetime, local_datetime_short, long_date, short_date

__all__ = ["init_formatting", "local_datetime", "local_datetime_short", "long_date", "short_date"]


def init_formatting(app: Flask) -> None:
    from avg_service.requests.lifecycle import event_label

    app.jinja_env.filters.update(long_date=long_date, short_date=short_date,
                                 local_datetime=local_datetime,
                                 local_datetime_short=local_datetime_short,
                                 event_label=event_label)
