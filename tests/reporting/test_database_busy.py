"""A busy database (another connection holds the write lock) answers "稍后重试" on every face, never a 500.

The other writer is a real second connection: on SQLite it holds a write transaction on the same database, on
PostgreSQL it holds an EXCLUSIVE lock on the value table while our lock wait runs out (one second here).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from api.world import PASSWORD, ApiClient, build_world
from plantrack.api.tokens import create_api_token
from plantrack.cli import main
from plantrack.reporting.busy import DatabaseBusy
from plantrack.reporting.models import DataValue, DataValueChange
from plantrack.reporting.services import approve_values

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def short_lock_wait(settings):
    settings.PLANTRACK_LOCK_WAIT_SECONDS = 1
    if connection.vendor != "sqlite":
        yield
        return
    # SQLite takes its wait from the connection (DATABASES' timeout, read when the test database was opened):
    # give the open connection the same short wait, then the configured one back.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        configured = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout = 1000")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {int(configured)}")


@contextmanager
def another_writer() -> Iterator[None]:
    """A second connection holding the database's write lock until the block ends."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")
        # A write to a table nobody here reads: SQLite's in-memory test database shares one cache, where a written
        # table is also closed to readers (a file database in WAL mode lets them read).
        other.execute("INSERT INTO django_content_type (app_label, model) VALUES ('busy', 'writer')")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    import psycopg

    s = connection.settings_dict
    other = psycopg.connect(dbname=s["NAME"], user=s["USER"], host=s["HOST"], port=s["PORT"] or 5432,
                            password=s["PASSWORD"] or None)
    other.execute("LOCK TABLE reporting_datavalue IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


@pytest.fixture
def world():
    return build_world()


def _values_body(value: str = "2500") -> dict:
    return {"values": [{"indicator": "1", "unit": "150600", "period": "2026M10", "value": value}]}


class TestDatabaseBusy:
    def test_the_api_answers_503_with_retry_after_and_writes_nothing(self, world):
        _row, token = create_api_token(user=world.ordos_clerk, name="test")
        api = ApiClient(token)
        with another_writer():
            response = api.post("/api/values", _values_body())
        assert response.status_code == 503
        assert "稍后重试" in response.json()["detail"]
        assert response["Retry-After"]
        assert DataValue.objects.count() == 0 and DataValueChange.objects.count() == 0
        assert api.post("/api/values", _values_body()).status_code == 200, "once the lock is gone it works"

    def test_the_entry_page_answers_503_in_chinese(self, world):
        client = Client()
        assert client.login(username="ordos_clerk", password=PASSWORD)
        data = {"action": "save", f"i{world.gdp.pk}-value": "2500", f"i{world.gdp.pk}-revision": "0",
                f"i{world.jobs.pk}-value": "", f"i{world.jobs.pk}-revision": "0"}
        with another_writer():
            response = client.post(f"/reporting/form/{world.round.pk}/150600/", data)
        assert response.status_code == 503
        assert "稍后重试" in response.content.decode()
        assert DataValue.objects.count() == 0

    def test_the_command_line_says_one_line_and_exits_1(self, world, tmp_path, capsys):
        path = tmp_path / "values.csv"
        path.write_text("indicator_code,unit_code,period,value\n1,150600,2026M10,2500\n", encoding="utf-8")
        with another_writer():
            code = main(["import-values", str(path), "--user", "admin"])
        err = capsys.readouterr().err.strip()
        assert code == 1
        assert "稍后重试" in err and "Traceback" not in err and len(err.splitlines()) == 1
        assert DataValue.objects.count() == 0

    def test_a_bad_file_is_checked_and_refused_without_waiting_for_the_lock(self, world, tmp_path, capsys):
        # Reading and checking take no write lock: the refusal names the row even while another writer works.
        path = tmp_path / "values.csv"
        path.write_text("indicator_code,unit_code,period,value\n1,150600,2026M10,abc\n", encoding="utf-8")
        with another_writer():
            code = main(["import-values", str(path), "--user", "admin"])
        assert code == 1
        assert "第2行" in capsys.readouterr().err

    def test_an_approval_while_busy_raises_database_busy_and_changes_nothing(self, world):
        value = DataValue.objects.create(indicator=world.gdp, unit=world.ordos, period="2026M10", year=2026,
                                         value=1, state=DataValue.State.SUBMITTED, channel="api",
                                         updated_by=world.ordos_clerk)
        with another_writer(), pytest.raises(DatabaseBusy):
            approve_values(user=world.ordos_reviewer, value_ids=[value.id])
        value.refresh_from_db()
        assert value.state == DataValue.State.SUBMITTED
