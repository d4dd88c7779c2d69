"""Unbound extension singletons, bound to the app in ``create_app``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf import CSRFProtect

from avg_service.db import Base


class AppSession(FlaskSession):
    """Flask-SQLAlchemy's session, except that an explicit ``bind`` wins.

    Tests bind the session to one outer connection and let code under test really commit into a
    savepoint (STYLE.md); Flask-SQLAlchemy would otherwise always pick its own engine.
    """

    def get_bind(self, mapper: Any = None, clause: Any = None, bind: Any = None, **kwargs: Any) -> Any:
        if bind is None and self.bind is not None:
            return self.bind
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base, session_options={"class_": AppSession})
migrate = Migrate(compare_type=True, render_as_batch=True)
csrf = CSRFProtect()

__all__ = ["csrf", "db", "migrate", "sa"]
