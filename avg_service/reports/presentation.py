"""How the figures are shown: the chart of each table (``rules.bar_chart``, drawn by the
``reports/_chart.svg`` template) and the CSV of every table.

Charts are a small SVG template, not a library: a horizontal bar per row is all the figures
need, it renders on the server and in WeasyPrint alike, with no JavaScript, no CDN and no new
dependency (matplotlib would add ~40 MB and a second rendering path for one kind of chart).
"""

from __future__ import annotations

import csv
import io

from flask import render_template
from markupsafe import Markup

from avg_service.reports.figures import Figures
from avg_service.reports.rules import Table, bar_chart


def chart_svg(table: Table, *, width: int = 560) -> Markup | None:
    """The SVG of ``table``'s chart, or None for a table without one."""
    chart = bar_chart(table, width=width)
    if chart is None:
        return None
    return Markup(render_template("reports/_chart.svg", chart=chart, key=table.key))


def charts(computed: Figures) -> dict[str, Markup | None]:
    return {table.key: chart_svg(table) for table in computed.tables}


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # no formula injection when opened in a spreadsheet
    return value


def figures_csv(computed: Figures) -> str:
    """Every table, one after another: a line with the table's title, its header, its rows and
    an empty line (one file a spreadsheet opens as is)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    scope = computed.organisation_name or "alle deelnemers"
    writer.writerow(["periode", computed.period.from_on.isoformat(),
                     computed.period.until_on.isoformat(), scope])
    writer.writerow([])
    for table in computed.tables:
        writer.writerow([table.title])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_cell(value) for value in row])
        writer.writerow([])
    return buffer.getvalue()
