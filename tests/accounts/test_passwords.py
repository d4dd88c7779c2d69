"""The service's argon2id parameters, and the rehash on log-in of a hash made with others.

The suite itself hashes at the lowest cost (tests/conftest.py, ``passwords.use_hasher``).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from avg_service.access.roles import Role
from avg_service.accounts import passwords
from avg_service.accounts.models import User
from tests.factories import PASSWORD, log_in, make_user


def test_the_service_hashes_with_argon2id_at_rfc_9106_cost() -> None:
    stored = passwords.SERVICE_HASHER.hash("een lang genoeg wachtwoord")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.SERVICE_HASHER.verify(stored, "een lang genoeg wachtwoord")


def test_a_hash_with_other_parameters_still_logs_in_and_is_rehashed(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT)
    older = passwords.SERVICE_HASHER.hash(PASSWORD)  # not the parameters hashing uses now
    user.password_hash = older
    db_session.flush()
    assert passwords.needs_rehash(older)

    log_in(client, user)

    stored = db_session.scalars(sa.select(User.password_hash).where(User.id == user.id)).one()
    assert stored != older and not passwords.needs_rehash(stored)
    assert passwords.verify_password(stored, PASSWORD)
    assert not passwords.verify_password(stored, PASSWORD + "x")
