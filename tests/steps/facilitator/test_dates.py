"""Steps for features/facilitator/dates.feature (all shared: see conftest.py)."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("facilitator/dates.feature")
