"""The periodic review of authorisations (BIO 9.2.5): every user with role and organisation."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import sqlalchemy as sa

from avg_service.accounts.models import User
from avg_service.audit.queries import csv_value
from avg_service.extensions import db
from avg_service.organisations.models import Organisation

ACCESS_REVIEW_COLUMNS = ("user_id", "display_name", "email", "role", "organisation",
                         "is_joint_controller", "is_active", "second_factor", "last_login_at",
                         "created_at")


def access_review_rows() -> Iterable[list[object]]:
    """Users × roles × organisations, for the periodic review of authorisations (BIO 9.2.5)."""
    query = (sa.select(User, Organisation).outerjoin(Organisation, User.organisation_id == Organisation.id)
             .order_by(User.role, User.display_name))
    for user, organisation in db.session.execute(query):
        yield [user.id, user.display_name, user.email, user.role,
               organisation.name if organisation else "",
               "ja" if organisation is not None and organisation.is_joint_controller else "nee",
               "ja" if user.is_active else "nee", "ja" if user.has_second_factor else "nee",
               user.last_login_at.isoformat() if user.last_login_at else "",
               user.created_at.isoformat()]


def access_review_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACCESS_REVIEW_COLUMNS)
    for row in access_review_rows():
        writer.writerow([csv_value(value) for value in row])
    return buffer.getvalue()
