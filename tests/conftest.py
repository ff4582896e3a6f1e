"""Fixtures shared by the whole suite: the seed documents, the shipped org tree with named people in different
units (the planning office, clerks of 鄂尔多斯市 and 包头市, a reviewer, a supervisor, a leader), and a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PASSWORD = "Grassland-Test-2026!"

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def seed_path(prefix: str) -> Path:
    """The seed document whose file name starts with `prefix` (e.g. "004")."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        raise FileNotFoundError(f"no seed {prefix}_*.txt in {SEEDS}: put ../shared beside the checkout")
    return matches[0]


@pytest.fixture(scope="session")
def plan_text() -> str:
    return seed_path("004").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def plan_path() -> Path:
    return seed_path("004")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium driven by Playwright; never a browser Playwright downloads itself."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    # A request in English leaves English active in the thread; the next test must start in Chinese again.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # The real hasher costs a quarter of a second a password; the tests are about who may do what.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fixed_today(settings):
    # Figures may be entered only for periods that have ended; the suite's periods (2026–2030) all have by then.
    # Tests about "not yet ended" set their own day.
    settings.PLANTRACK_TODAY = "2031-01-15"


@pytest.fixture
def tree(db) -> dict:
    """The shipped tree: Inner Mongolia's divisions and the departments, by code."""
    from plantrack.orgs.models import OrgUnit
    from plantrack.orgs.units import bundled_unit_files, import_units

    for path in bundled_unit_files():
        import_units(path=path)
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def people(tree):
    """Named people: the planning office admin, clerks of 鄂尔多斯市 and 包头市, a reviewer, a supervisor, a leader."""
    from types import SimpleNamespace

    from plantrack.orgs.models import User
    from plantrack.orgs.users import create_user

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
