"""Fixtures for the plans tests: a planning-office admin, a logged-in client, and the seed plan imported."""

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
    """The seed plan outline (004) imported as 内蒙古自治区's plan."""
    return import_plan(path=plan_path, region="内蒙古自治区")


@pytest.fixture(scope="module")
def seed_import_for_module(django_db_setup, django_db_blocker, plan_path):
    """The seed imported once per test module and committed; each test's own writes are rolled back around it."""
    with django_db_blocker.unblock():
        result = import_plan(path=plan_path, region="内蒙古自治区")
    yield result
    with django_db_blocker.unblock():
        result.plan.delete()
