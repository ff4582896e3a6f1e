"""Named people in different units for the orgs tests: the planning office, two 盟市 clerks, a supervisor."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plantrack.orgs.models import OrgUnit, User
from plantrack.orgs.units import bundled_unit_files, import_units
from plantrack.orgs.users import create_user

PASSWORD = "Grassland-Test-2026!"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # The real hasher costs a quarter of a second a password; these tests are about who may do what.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db) -> dict[str, OrgUnit]:
    """The shipped tree: Inner Mongolia's divisions and the departments, by code."""
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
        ordos_reviewer=make("ordos_reviewer", User.Role.REVIEWER, "150600"),
        baotou_clerk=make("baotou_clerk", User.Role.CLERK, "150200"),
        supervisor=make("npc_supervisor", User.Role.SUPERVISOR, "150000"),
        leader=make("region_leader", User.Role.LEADER, "150000"),
    )


@pytest.fixture
def password() -> str:
    """The password every person of `people` has."""
    return PASSWORD
