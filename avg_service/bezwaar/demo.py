"""Demo data for ``flask avg init --demo``: a request whose besluit was made known, with a
bezwaar against it that came in without gronden and is waiting for herstel verzuim, so the
bezwaar work queue, the bezwaar page and its letters have something to show.

Idempotent: the demo request has a fixed submission token and is made once. The configured
rechtbank (Awb 8:7) is set when none is, so the demo's beslissing op bezwaar can be drafted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.bezwaar import services
from avg_service.bezwaar.rules import Defect, repair_term_end
from avg_service.coordination import services as coordination
from avg_service.coordination import settling
from avg_service.decisions import services as decisions
from avg_service.decisions.catalogue import Outcome
from avg_service.demo import seeder
from avg_service.extensions import db
from avg_service.organisations.services import contact_point_settings
from avg_service.requests import services as requests
from avg_service.requests.lifecycle import Channel, Right
from avg_service.requests.models import DataSubjectRequest

TOKEN = "demo-request-bezwaar"
DEMO_RECHTBANK = "Rechtbank Voorbeeldstad\nTeam bestuursrecht\nPostbus 90\n1000 AB Voorbeeldstad"
#: The smallest PDF the upload check accepts, as the scanned bezwaarschrift.
DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _jurist(email: str) -> Actor | None:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    return Actor(user.id, Role.JURIST, None, "cli") if user is not None else None


@seeder
def seed_demo_bezwaar() -> list[str]:
    if db.session.scalar(sa.select(DataSubjectRequest.id)
                         .where(DataSubjectRequest.submission_token == TOKEN)) is not None:
        return ["Demo bezwaar: already there (/bezwaren)."]
    drafter, approver = _jurist("jurist@demo.avg.local"), _jurist("jurist2@demo.avg.local")
    if drafter is None or approver is None:
        return ["Demo bezwaar: skipped (the demo jurists are missing)."]
    settings = contact_point_settings()
    if not settings.rechtbank:
        settings.rechtbank = DEMO_RECHTBANK
    system = Actor.system("cli")
    now = clock.now_utc()

    def ago(days: int) -> datetime:
        return now - timedelta(days=days)

    dsr = requests.register(
        requests.Intake(given_names="Anouk", family_name="Smit", rights=[Right.ACCESS],
                        street_address="Voorbeeldstraat 7", postcode="1234 AB",
                        city="Voorbeeldstad", description="Demoverzoek met bezwaar."),
        channel=Channel.LETTER, received_at=ago(45), actor=system, now=ago(45),
        submission_token=TOKEN)
    requests.start_handling(dsr, actor=system, now=ago(44))
    tasks = coordination.create_tasks(
        dsr, organisation_ids=[o.id for o in coordination.default_organisations()],
        shared=("name", "rights"), actor=system, now=ago(44))
    for task in tasks:
        settling.set_aside(task, reason="Geen gegevens in deze casus.",
                           confirmed_by="De privacy officer", actor=system, now=ago(40))
    decision = decisions.save_draft(
        dsr, [decisions.PartInput("15", Outcome.GRANTED, [])], history_note=None,
        actor=drafter, now=ago(38))
    decisions.submit_for_approval(decision, actor=drafter, now=ago(38))
    decisions.approve(decision, actor=approver, now=ago(37))
    sent_on = law.receipt_date(ago(36))
    decisions.notify(decision, sent_on=sent_on, channel="post", actor=system, now=ago(36))
    bezwaar = services.register_bezwaar(
        decision, received_on=law.receipt_date(ago(12)), posted_on=None, channel="letter",
        grounds=None, defects=[Defect.SIGNATURE],
        bezwaarschrift=services.Upload("bezwaarschrift-smit.pdf", DEMO_PDF),
        controllers_informed=True, actor=system, now=ago(12))
    sent = law.receipt_date(ago(10))
    services.request_repair(bezwaar, defects=[Defect.GROUNDS, Defect.SIGNATURE],
                            term_until=repair_term_end(sent), actor=system, now=ago(10))
    return [f"Demo bezwaar {bezwaar.kenmerk}: waiting for herstel verzuim (/bezwaren)."]
