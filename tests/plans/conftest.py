"""Fixtures for the plans tests: a planning-office admin, a logged-in client, and the seed plan imported by the test
itself (for the tests of the import; the others take `seed_plan` of tests/conftest.py)."""

from __future__ import annotations

import pytest

from plantrack.orgs.models import User
from plantrack.plans.importing import import_plan


@pytest.fixture
def office_admin(db) -> User:
    # No password: the client logs in with force_login, and hashing one costs half a second a test.
    return User.objects.create_user(username="office-admin", role=User.Role.ADMIN)


@pytest.fixture
def admin_client(client, office_admin):
    client.force_login(office_admin)
    return client


@pytest.fixture
def seed_import(db, plan_path):
    """The seed plan outline (004) imported as 内蒙古自治区's plan by `import_plan` itself, for the tests of what the
    import stores."""
    return import_plan(path=plan_path, region="内蒙古自治区")
