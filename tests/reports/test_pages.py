"""The figures and anomaly pages: who may see them, the audit entry of each view, the SVG
holding its table's values, the CSV, and bad input beside the field."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import time_machine

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry, Outcome
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.extensions import db
from tests.factories import log_in, make_user
from tests.reports.seed import seed

NOW = datetime(2027, 1, 15, 9, tzinfo=UTC)
YEAR = "van=2026-01-01&tot=2026-12-31"


def _audited(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)))


@time_machine.travel(NOW, tick=False)
def test_the_fg_sees_every_table_with_its_chart_holding_the_same_values(client) -> None:
    seed()
    log_in(client, make_user(Role.FG))
    response = client.get(f"/fg/cijfers?{YEAR}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert len(_audited("reports.figures")) == 1
    sections = re.findall(r'<section class="figure[^"]*" aria-labelledby="fig-([a-z_]+)">(.*?)</section>',
                          html, re.S)
    keys = [key for key, _ in sections]
    assert {"by_right", "by_channel", "outcomes", "timeliness", "tasks", "breaches"} <= set(keys)
    charted = 0
    for key, body in sections:
        if "<svg" not in body:
            continue
        charted += 1
        table, svg = body.split("<svg", 1)
        table_values = re.findall(r"<td class=\"number\">(\d+)</td>", table)
        rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
        bar_titles = re.findall(r"<g>\s*<title>(.*?): (\d+)</title>", svg)
        # Every row of the table is a bar in the chart, with its label and its value.
        assert len(bar_titles) == len(rows), key
        for (label, _cells), (bar_label, value) in zip(rows, bar_titles):
            assert bar_label == label
            assert value in table_values
    assert charted >= 5
    assert "Inzage (art. 15): 4" in html  # the seeded year: four requests for access


@time_machine.travel(NOW, tick=False)
def test_the_contact_point_sees_the_figures_a_participant_does_not(client) -> None:
    log_in(client, make_user(Role.CONTACTPUNT))
    assert client.get("/fg/cijfers").status_code == 200
    assert client.get("/fg/afwijkingen").status_code == 403  # the audit log is the FG's


@time_machine.travel(NOW, tick=False)
def test_a_participant_and_the_beheerder_get_no_figures(client) -> None:
    log_in(client, make_user(Role.DEELNEMER, organisation="politie"))
    assert client.get("/fg/cijfers").status_code == 403
    assert client.get("/fg/cijfers.csv").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_csv_holds_every_table(client) -> None:
    seed()
    log_in(client, make_user(Role.FG))
    response = client.get(f"/fg/cijfers.csv?{YEAR}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Verzoeken per recht" in text and "Inzage (art. 15),4" in text
    assert "Te laat,1" in text
    assert len(_audited("reports.figures_export")) == 1


@time_machine.travel(NOW, tick=False)
def test_a_wrong_date_is_reported_beside_its_field(client) -> None:
    log_in(client, make_user(Role.FG))
    response = client.get("/fg/cijfers?van=2026-13-45")
    assert response.status_code == 400
    assert "Vul een geldige datum in." in response.get_data(as_text=True)
    response = client.get("/fg/cijfers?van=2026-05-01&tot=2026-04-01")
    assert "De einddatum ligt voor de begindatum." in response.get_data(as_text=True)
    assert client.get("/fg/cijfers.csv?tot=nope").status_code == 400
    odd = client.get("/fg/cijfers?van=0001-01-01&tot=9999-12-31&organisatie=999999")
    assert odd.status_code == 400
    assert "Kies een datum tussen 2000 en 2099." in odd.get_data(as_text=True)
    wrong_org = client.get("/fg/cijfers?organisatie=999999")
    assert "Kies een organisatie." in wrong_org.get_data(as_text=True)


@time_machine.travel(NOW, tick=False)
def test_the_anomalies_page_shows_the_entries_behind_each(client) -> None:
    seeded = seed()
    fg = make_user(Role.FG)
    staff = make_user(Role.CONTACTPUNT)
    r1 = seeded.requests["R1"]  # closed
    night = NOW - timedelta(days=2, hours=7)  # 2027-01-13 03:00 local: a Wednesday night
    with unit_of_work():
        actor = Actor(staff.id, Role.CONTACTPUNT, staff.organisation_id, "session")
        viewed = record(actor, "dsr.view", object_type="dsr", object_id=r1, at=night)
        refused = record(actor, "dsr.view", object_type="dsr", object_id=999,
                         outcome=Outcome.REFUSED, at=NOW - timedelta(days=1))
    log_in(client, fg)
    html = client.get("/fg/afwijkingen").get_data(as_text=True)
    assert "Bekeken buiten kantooruren" in html
    assert "Afgesloten verzoek bekeken" in html
    assert "Geweigerde toegang" in html
    assert f"<td>{viewed.id}</td>" in html and f"<td>{refused.id}</td>" in html
    assert f"{staff.display_name} (medewerker contactpunt)" in html  # a name, not an id
    assert len(_audited("audit.anomalies")) == 1


@time_machine.travel(NOW, tick=False)
def test_the_anomalies_page_follows_the_office_hours_setting(client, app, monkeypatch) -> None:
    """AVG_OFFICE_HOURS=08:00-17:00 (not the default 07:00-19:00): a view at 18:00 on a
    Wednesday stands out, and the page says which hours count."""
    from dataclasses import replace
    from datetime import time

    seeded = seed()
    fg = make_user(Role.FG)
    staff = make_user(Role.CONTACTPUNT)
    evening = NOW - timedelta(days=2, hours=-8)  # 2027-01-13 18:00 local: a Wednesday
    with unit_of_work():
        actor = Actor(staff.id, Role.CONTACTPUNT, staff.organisation_id, "session")
        viewed = record(actor, "dsr.view", object_type="dsr", object_id=seeded.requests["R5"],
                        at=evening)
    log_in(client, fg)
    default = client.get("/fg/afwijkingen").get_data(as_text=True)
    assert "07:00 tot 19:00" in default and "Bekeken buiten kantooruren" not in default
    settings = app.extensions["avg_settings"]
    monkeypatch.setitem(app.extensions, "avg_settings", replace(
        settings, office_hours=(time(8, 0), time(17, 0)), anomaly_factor=2.5,
        anomaly_minimum=5))
    html = client.get("/fg/afwijkingen").get_data(as_text=True)
    assert "08:00 tot 17:00" in html and "minstens 2,5 keer de mediaan" in html
    assert "Bekeken buiten kantooruren" in html and "(ma-vr 08:00-17:00)" in html
    assert f"<td>{viewed.id}</td>" in html
