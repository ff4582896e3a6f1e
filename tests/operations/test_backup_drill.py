"""The restore drill: a backup taken while figures are being written restores into a fresh installation with every
table's rows and the value history as they were at the moment of the backup, and the kept files byte for byte."""

from __future__ import annotations

import hashlib
import tarfile
import threading

from django.db import connection
from django.db.models import Max

from operations.drill_world import MONTHS, write_month
from plantrack.operations.backup import make_backup
from plantrack.reporting.models import DataValue, DataValueChange

HISTORY_SQL = ("SELECT id, data_value_id, action, new_value, new_state, channel FROM reporting_datavaluechange "
               "ORDER BY id")
VALUES_SQL = "SELECT id, indicator_id, unit_id, period, value, state, revision FROM reporting_datavalue ORDER BY id"


class TestRestoreDrill:
    def test_a_backup_taken_during_writes_restores_exactly_what_it_saw(self, live, fresh, tmp_path,
                                                                        migrated_databases):
        write_month(live, live.indicators[0], MONTHS[0], 1000)  # something stored before the writer starts
        stop, wrote, errors = threading.Event(), threading.Event(), []

        def writer() -> None:
            try:
                for month_no, month in enumerate(MONTHS[1:], start=1):
                    for ind in live.indicators:
                        if stop.is_set():
                            return
                        write_month(live, ind, month, 1000 + month_no)
                        wrote.set()
            except Exception as exc:  # reported in the test, not lost in the thread
                errors.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            assert wrote.wait(60)
            archive, manifest = make_backup(tmp_path / "backups", keep=3)
            write_month_during = DataValue.objects.count()
        finally:
            stop.set()
            thread.join(120)
        assert not errors, errors
        assert not thread.is_alive()
        # The writer went on after the snapshot (the test would prove nothing if it had finished before).
        assert DataValue.objects.count() > manifest["tables"]["reporting_datavalue"] > 0
        assert write_month_during >= manifest["tables"]["reporting_datavalue"]

        # A fresh installation, set up as an office would (migrate), then restored. Its database starts as a copy of
        # a migrated one, so the migrate finds nothing to do: what is proven here is the restore.
        fresh.start_migrated(migrated_databases)
        migrated = fresh.plantrack("migrate", "--noinput", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
        restored = fresh.plantrack("restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert "与清单一致" in restored.stdout

        assert fresh.counts() == manifest["tables"]
        history = fresh.query(HISTORY_SQL)
        values = fresh.query(VALUES_SQL)
        assert len(values) == manifest["tables"]["reporting_datavalue"]
        # The history as it was at that moment: the same rows of the live database, nothing more, nothing less.
        last = max(r[0] for r in history)
        live_history = [(c.id, c.data_value_id, c.action, c.new_value, c.new_state, c.channel)
                        for c in DataValueChange.objects.filter(id__lte=last).order_by("id")]
        assert [_plain(r) for r in history] == [_plain(r) for r in live_history]
        live_values = {v.id: (v.id, v.indicator_id, v.unit_id, v.period, v.value, v.state, v.revision)
                       for v in DataValue.objects.filter(id__in=[r[0] for r in values])}
        assert [_plain(r) for r in values] == [_plain(live_values[r[0]]) for r in values]
        assert {r[1] for r in history} == {r[0] for r in values}  # every value has its history, and only those
        # Whole batches only: each write is one transaction of a month for every unit.
        assert len(values) % len(live.units) == 0

        for name, content in live.files.items():
            assert (fresh.data_dir / name).read_bytes() == content
        assert restored.stdout.count(str(len(live.files))) >= 1

    def test_the_manifest_names_migrations_counts_and_checksums(self, live, tmp_path):
        write_month(live, live.indicators[0], MONTHS[0], 500)
        archive, manifest = make_backup(tmp_path / "b", keep=1)
        assert manifest["plantrack_version"]
        assert ["reporting", "0001_initial"] in manifest["migrations"]
        assert manifest["tables"]["reporting_datavalue"] == DataValue.objects.count() == len(live.units)
        assert manifest["tables"]["reporting_datavaluechange"] == DataValueChange.objects.count()
        with tarfile.open(archive) as tar:
            names = tar.getnames()
            assert names[-1] == "manifest.json"
            for name, facts in manifest["members"].items():
                data = tar.extractfile(name).read()
                assert hashlib.sha256(data).hexdigest() == facts["sha256"] and len(data) == facts["size"]
        assert {n.removeprefix("files/") for n in manifest["members"] if n.startswith("files/")} == set(live.files)
        assert DataValue.objects.aggregate(m=Max("id"))["m"] is not None


def _plain(row: tuple) -> tuple:
    """Rows from sqlite3, psycopg and the ORM compared as text (decimals and datetimes print alike)."""
    return tuple(None if v is None else str(v).rstrip("0").rstrip(".") if "." in str(v) else str(v) for v in row)
