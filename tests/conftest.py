"""Fixtures shared by the whole suite: the seed documents, the shipped org tree (read once per run) with the named
people of tests/people.py in it, and a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# The same generated examples on every run (CI fails only for a change, never for a luckier draw);
# HYPOTHESIS_PROFILE=explore draws new ones, to look for cases nobody has tried yet.
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

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


@pytest.fixture(autouse=True)
def demo_plan_text(settings):
    # The demo loads the plan text shipped with PlanTrack, whether or not ../shared/seeds holds the real plan; the
    # tests about the real plan name it (settings.PLANTRACK_DEMO_PLAN = str(plan_path)).
    from plantrack.plans.demo import DEMO_PLAN_PATH

    settings.PLANTRACK_DEMO_PLAN = str(DEMO_PLAN_PATH)


@pytest.fixture(scope="session")
def shipped_tree_rows(django_db_setup, django_db_blocker) -> list[dict]:
    """The shipped org tree as rows, parents first: read and checked by the real import once per test run (once
    per xdist worker), in a transaction rolled back at once, so no test finds it unless it asks for `tree`."""
    from django.db import transaction

    from plantrack.orgs.models import OrgUnit
    from plantrack.orgs.units import bundled_unit_files, import_units

    class RollBack(Exception):
        pass

    rows: list[dict] = []
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                for path in bundled_unit_files():
                    import_units(path=path)
                rows = list(OrgUnit.objects.order_by("depth", "path")
                            .values("code", "name", "kind", "path", "depth", "parent__code"))
                raise RollBack
        except RollBack:
            pass
    return rows


@pytest.fixture
def tree(db, shipped_tree_rows) -> dict:
    """The shipped tree: Inner Mongolia's divisions and the departments, by code (written from the rows the
    session read, one insert per level of the tree)."""
    from itertools import groupby

    from plantrack.orgs.models import OrgUnit

    units: dict[str, OrgUnit] = {}
    for _depth, level in groupby(shipped_tree_rows, key=lambda row: row["depth"]):
        made = OrgUnit.objects.bulk_create([
            OrgUnit(code=row["code"], name=row["name"], kind=row["kind"], path=row["path"], depth=row["depth"],
                    parent=units.get(row["parent__code"])) for row in level
        ])
        units.update((u.code, u) for u in made)
    return units


@pytest.fixture
def people(tree):
    """The cast of tests/people.py in the shipped tree: the planning office admin, clerks of 鄂尔多斯市 and 包头市,
    鄂尔多斯市's reviewer, a supervisor and a leader (each with `password`)."""
    from types import SimpleNamespace

    from people import BAOTOU_CLERK, LEADER, OFFICE_ADMIN, ORDOS_CLERK, ORDOS_REVIEWER, SUPERVISOR, create_people

    cast = (OFFICE_ADMIN, ORDOS_CLERK, ORDOS_REVIEWER, BAOTOU_CLERK, SUPERVISOR, LEADER)
    return SimpleNamespace(**create_people(tree, cast=cast, password=PASSWORD))


@pytest.fixture
def password() -> str:
    """The password every person of `people` has."""
    return PASSWORD
