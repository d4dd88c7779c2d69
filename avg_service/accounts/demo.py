"""Demo accounts for development (``flask avg init --demo``): one per role, two participants."""

from __future__ import annotations

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.accounts.services import create_user
from avg_service.demo import seeder
from avg_service.extensions import db
from avg_service.organisations.models import Organisation

DEMO_PASSWORD = "demo-wachtwoord-2026"
#: (e-mail, name, role, organisation code)
DEMO_ACCOUNTS: tuple[tuple[str, str, Role, str | None], ...] = (
    ("contactpunt@demo.avg.local", "Demo Contactpunt", Role.CONTACTPUNT, None),
    ("jurist@demo.avg.local", "Demo Jurist", Role.JURIST, None),
    ("jurist2@demo.avg.local", "Demo Tweede Jurist", Role.JURIST, None),
    ("fg@demo.avg.local", "Demo FG", Role.FG, None),
    ("beheer@demo.avg.local", "Demo Beheerder", Role.BEHEERDER, None),
    ("politie@demo.avg.local", "Demo Politie", Role.DEELNEMER, "politie"),
    ("ggd@demo.avg.local", "Demo GGD", Role.DEELNEMER, "ggd"),
)


@seeder
def seed_demo_accounts() -> list[str]:
    now = clock.now_utc()
    codes = dict(db.session.execute(sa.select(Organisation.code, Organisation.id)).all())
    existing = set(db.session.scalars(sa.select(User.email)))
    lines = ["Demo log-ins (password for all: " + DEMO_PASSWORD + "):"]
    for email, name, role, code in DEMO_ACCOUNTS:
        if email not in existing:
            create_user(email=email, display_name=name, role=role,
                        organisation_id=codes.get(code) if code else None,
                        password=DEMO_PASSWORD, actor=Actor.system("cli"), now=now)
        lines.append(f"  {role.value:<12} {email}" + (f"  ({code})" if code else ""))
    return lines
