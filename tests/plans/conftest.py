"""Fixtures for the plans tests: a planning-office admin, a logged-in client, and the seed plan imported."""

from __future__ import annotations

import pytest

from plantrack.orgs.models import User
from plantrack.plans.importing import import_plan


@pytest.fixture
def office_admin(db) -> User:
    return User.objects.create_user(username="office-admin", password="plan-office-2026", role=User.Role.ADMIN)


@pytest.fixture
def admin_client(client, office_admin):
    client.force_login(office_admin)
    return client


@pytest.fixture
def seed_import(db, plan_path):
    """The seed plan outline (004) imported as 内蒙古自治区's plan."""
    return import_plan(path=plan_path, region="内蒙古自治区")
