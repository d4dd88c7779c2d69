"""Demo coordination for ``flask avg init --demo``: tasks on the demo requests in progress, so
the demo participants (politie, GGD) find work in their inbox. Idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.coordination import services
from avg_service.coordination.models import CoordinationTask
from avg_service.coordination.rules import DEFAULT_SHARED
from avg_service.demo import seeder
from avg_service.extensions import db
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest


@seeder
def seed_demo_tasks() -> list[str]:
    now = clock.now_utc()
    requests = db.session.scalars(
        sa.select(DataSubjectRequest)
        .where(DataSubjectRequest.submission_token.like("demo-%"),
               DataSubjectRequest.status == Status.IN_PROGRESS.value)
        .order_by(DataSubjectRequest.id)).all()
    made = 0
    organisations = [o.id for o in services.default_organisations()]
    for dsr in requests:
        has_tasks = db.session.scalar(sa.select(sa.func.count()).select_from(CoordinationTask)
                                      .where(CoordinationTask.dsr_id == dsr.id))
        if not has_tasks:
            made += len(services.create_tasks(dsr, organisation_ids=organisations,
                                              shared=DEFAULT_SHARED, actor=Actor.system("cli"),
                                              now=now))
    return [f"Demo tasks: {made} made (participant inbox: /taken)."]
