"""Demo region for ``flask avg init --demo``: a regional ZVH of two gemeenten, so the burgemeester
and the college of each are joint controllers (WGS art. 2.27(1)(e)-(f)). The seeded burgemeester
and college belong to the contact point's own gemeente; a second gemeente joins. Idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.demo import seeder
from avg_service.extensions import db
from avg_service.organisations import services
from avg_service.organisations.models import Organisation

SECOND_MUNICIPALITY = "Buurdorp"


@seeder
def seed_demo_region() -> list[str]:
    now = clock.now_utc()
    home = services.contact_point_settings().municipality.removeprefix("Gemeente ").strip()
    for code in ("burgemeester", "college"):
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.code == code))
        if organisation is not None and organisation.municipality is None:
            organisation.municipality = home
            organisation.name = f"{organisation.name} van {home}"
    if db.session.scalar(sa.select(Organisation.id).where(
            Organisation.municipality == SECOND_MUNICIPALITY)) is None:
        services.add_municipality(SECOND_MUNICIPALITY, actor=Actor.system("cli"), now=now)
    return [f"Demo region: gemeenten {home} and {SECOND_MUNICIPALITY}, each with its "
            "burgemeester and college as joint controllers."]
