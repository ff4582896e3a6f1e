"""Fixtures shared by the whole suite: the seed documents, the shipped org tree and the seed plan (each imported once
per run and written back for each test that asks), the named people of tests/people.py, and a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from database_selection import in_running_order, undeclared_database_use, uses_the_database

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


def pytest_addoption(parser) -> None:
    parser.addoption("--database-tests-only", action="store_true",
                     help="run only the tests that use the database (the PostgreSQL run of `make test`)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items) -> None:
    # After the random order and pytest-django's grouping (tests/database_selection.py). The PostgreSQL run repeats
    # what the database can change; a test that never touches it would only repeat the SQLite run's result.
    if config.getoption("--database-tests-only"):
        left = [item for item in items if not uses_the_database(item)]
        if left:
            config.hook.pytest_deselected(items=left)
            items[:] = [item for item in items if uses_the_database(item)]
    items[:] = in_running_order(items)


@pytest.fixture(autouse=True)
def database_use_is_declared(request) -> Iterator[None]:
    """A test that asks for the database only at run time would be left out of the PostgreSQL run, which chooses its
    tests before running them: it fails here, in every run, until it says so."""
    yield
    undeclared = undeclared_database_use(request.node, request.fixturenames)
    if undeclared:
        pytest.fail(f"{request.node.nodeid} uses the database ({', '.join(undeclared)}) only through "
                    "request.getfixturevalue: ask for `db` (or that fixture) in a signature, so that the PostgreSQL "
                    "run keeps it")


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


# The tables `import_plan` writes, parents first; `seed_plan_rows` refuses to run if the import writes any other.
SEED_PLAN_REGION = "内蒙古自治区"
PLAN_TABLES = ("Plan", "PlanVersion", "PlanNode", "PlanIndicator", "PlanCommitment", "PlanSentence")


@dataclass(frozen=True)
class StoredTable:
    """The rows one import wrote to a table, as the database takes them (values already prepared for it)."""

    model: type
    columns: list[str]
    rows: list[list]
    keys: list[tuple[int, type]]  # (column index, model whose key it holds): the row's own key and its references

    @property
    def first_key(self) -> int:
        return self.rows[0][self.columns.index(self.model._meta.pk.column)]


@dataclass(frozen=True)
class SeedPlanRows:
    tables: list[StoredTable]  # parents first
    counts: dict[str, int]


@pytest.fixture(scope="session")
def seed_plan_rows(django_db_setup, django_db_blocker, plan_path) -> SeedPlanRows:
    """The seed plan (004) as `import_plan` stores it for 内蒙古自治区, read once per test run (once per xdist
    worker): every row it wrote, captured inside a transaction rolled back at once, so no test finds it unless it
    asks for `seed_plan`."""
    from django.apps import apps
    from django.db import connection, transaction

    from plantrack.plans.importing import import_plan

    class RollBack(Exception):
        pass

    every_model = [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    models = [apps.get_model("plans", name) for name in PLAN_TABLES]
    tables: list[StoredTable] = []
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                before = {m: m._base_manager.count() for m in every_model}
                result = import_plan(path=plan_path, region=SEED_PLAN_REGION)
                written = {m for m in every_model if m._base_manager.count() != before[m]}
                if written != set(models):
                    raise AssertionError(f"import_plan writes {sorted(m.__name__ for m in written)}; the seed plan "
                                         f"fixture copies {list(PLAN_TABLES)}: update PLAN_TABLES in tests/conftest.py")
                owner = {"Plan": {"pk": result.plan.pk}, "PlanVersion": {"plan": result.plan}}
                for model in models:
                    fields = model._meta.concrete_fields
                    found = model.objects.filter(**owner.get(model.__name__, {"version": result.version}))
                    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                            for obj in found.order_by("pk")]
                    outside = [f.name for f in fields if f.is_relation and f.related_model not in models
                               and any(getattr(obj, f.attname) is not None for obj in found)]
                    assert not outside, f"the seed plan's {model.__name__} refers outside the plan: {outside}"
                    keys = [(i, model if f.primary_key else f.related_model) for i, f in enumerate(fields)
                            if f.primary_key or (f.is_relation and f.related_model in models)]
                    tables.append(StoredTable(model, [f.column for f in fields], rows, keys))
                counts = result.counts
                raise RollBack
        except RollBack:
            pass
    return SeedPlanRows(tables=tables, counts=counts)


@pytest.fixture
def seed_plan(db, seed_plan_rows):
    """The seed plan stored as `import_plan(path=plan_path, region="内蒙古自治区")` stores it, written back from the
    rows the session read (one multi-row insert per table, a tenth of the import's time); an ImportResult. Tests of
    the import itself call import_plan."""
    from django.core.management.color import no_style
    from django.db import connection
    from django.db.models import Max

    from plantrack.plans.importing import ImportResult
    from plantrack.plans.models import PlanVersion

    # Each row keeps the key the session's import gave it unless a test wrote rows of that table first: then the
    # table's keys (and the references to them) move past those.
    shift = {}
    for table in seed_plan_rows.tables:
        highest = table.model.objects.aggregate(top=Max("pk"))["top"] or 0
        shift[table.model] = max(0, highest + 1 - table.first_key)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in seed_plan_rows.tables:
            rows = table.rows
            if any(shift[model] for _i, model in table.keys):
                rows = [list(row) for row in rows]
                for row in rows:
                    for i, model in table.keys:
                        if row[i] is not None:
                            row[i] += shift[model]
            sql = (f"INSERT INTO {qn(table.model._meta.db_table)} ({', '.join(qn(c) for c in table.columns)}) "
                   f"VALUES ({', '.join(['%s'] * len(table.columns))})")
            cursor.executemany(sql, rows)
        # PostgreSQL's sequences must go past the keys written here (SQLite's follow an explicit key by themselves).
        for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in seed_plan_rows.tables]):
            cursor.execute(sql)
    version_table = next(t for t in seed_plan_rows.tables if t.model is PlanVersion)
    version = PlanVersion.objects.select_related("plan").get(pk=version_table.first_key + shift[PlanVersion])
    return ImportResult(plan=version.plan, version=version, created=True, counts=dict(seed_plan_rows.counts))


@pytest.fixture(scope="session")
def demo_images() -> dict:
    """The demo databases this test process has made or read, by the PLANTRACK_* settings they were made under."""
    return {}


@pytest.fixture(scope="session")
def shared_images_folder(request, tmp_path_factory) -> Path | None:
    """Where the test processes of this xdist run share the demo images they build (tests/db_image.py); None when
    the suite runs in one process. Named for the run, so that no run reads another's images."""
    worker = getattr(request.config, "workerinput", None)
    if worker is None:
        return None
    return tmp_path_factory.getbasetemp().parent / f"demo-images-{worker['testrunuid']}"


@pytest.fixture
def demo_data(db, settings, demo_images, shared_images_folder) -> str:
    """The demo, as `plantrack setup-demo` leaves an empty database under this test's settings (set them before
    asking); what it printed. Made by the first test that asks, copied back for the others (tests/db_image.py).
    A test of setup-demo itself runs the command."""
    import io

    from django.core.management import call_command

    from db_image import image_key, put_back, run_and_keep, shared_image

    key = image_key()
    if key in demo_images:
        return put_back(demo_images[key])

    def setup() -> str:
        out = io.StringIO()
        call_command("setup_demo", stdout=out)
        return out.getvalue()

    if shared_images_folder is None:
        demo_images[key] = run_and_keep(setup)
    else:
        demo_images[key] = shared_image(key, shared_images_folder, lambda: run_and_keep(setup))
    return demo_images[key].output


@pytest.fixture(scope="session")
def migrated_databases(tmp_path_factory) -> Iterator[object]:
    """A database as `plantrack migrate` leaves it, made once per test process (SQLite file, PostgreSQL template),
    copied by the tests that start an installation in processes of their own
    (tests/operations/service_processes.py, `MigratedDatabases`)."""
    from operations.service_processes import MigratedDatabases

    databases = MigratedDatabases(tmp_path_factory.mktemp("migrated"))
    yield databases
    databases.close()
