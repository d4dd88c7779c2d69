"""Shared Hypothesis settings and strategies for the deadline property tests.

Modest example counts and a 2020–2035 date range keep the whole folder within a few seconds;
``database=None`` keeps Hypothesis from writing a ``.hypothesis`` folder into the repository.
"""

from __future__ import annotations

from datetime import date

from hypothesis import settings
from hypothesis import strategies as st

PROPERTY = settings(max_examples=200, deadline=None, database=None)

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
suspensions = st.integers(min_value=0, max_value=120)
