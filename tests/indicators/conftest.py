"""Fixtures for the registry tests: the shipped org tree, named people in different units, a stored plan."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plantrack.orgs.models import OrgUnit, User
from plantrack.orgs.units import bundled_unit_files, import_units
from plantrack.orgs.users import create_user
from plantrack.plans.models import PlanVersion

PASSWORD = "Grassland-Test-2026!"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db) -> dict[str, OrgUnit]:
    for path in bundled_unit_files():
        import_units(path=path)
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def people(tree) -> SimpleNamespace:
    def make(username: str, role: str, code: str) -> User:
        return create_user(username=username, password=PASSWORD, role=role, unit=tree[code])

    return SimpleNamespace(
        admin=make("planning_admin", User.Role.ADMIN, "150000"),
        ordos_clerk=make("ordos_clerk", User.Role.CLERK, "150600"),
        baotou_clerk=make("baotou_clerk", User.Role.CLERK, "150200"),
        supervisor=make("npc_supervisor", User.Role.SUPERVISOR, "150000"),
    )


@pytest.fixture
def demo_version(db) -> PlanVersion:
    """The demo plan that ships with PlanTrack, stored through the plans app's own import."""
    from plantrack.plans.demo import DEMO_PLAN_PATH, DEMO_REGION
    from plantrack.plans.importing import import_plan

    return import_plan(path=DEMO_PLAN_PATH, region=DEMO_REGION).version
