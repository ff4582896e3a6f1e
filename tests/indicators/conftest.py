"""Fixtures for the registry tests: a stored plan (the org tree and people come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from plantrack.plans.models import PlanVersion


@pytest.fixture
def demo_version(db) -> PlanVersion:
    """The demo plan that ships with PlanTrack, stored through the plans app's own import."""
    from plantrack.plans.demo import DEMO_PLAN_PATH, DEMO_REGION
    from plantrack.plans.importing import import_plan

    return import_plan(path=DEMO_PLAN_PATH, region=DEMO_REGION).version
