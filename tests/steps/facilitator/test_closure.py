"""Steps for features/facilitator/closure.feature (all shared: see conftest.py)."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("facilitator/closure.feature")
