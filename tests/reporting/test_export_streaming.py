"""Exports stream in constant memory, hold whole years, keep periods in time order and survive anything stored:
control characters in a stored comment never break the xlsx file, the page or `plantrack export-values`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.world import build_world, put_value
from plantrack.reporting import export as exporting
from plantrack.reporting.export import CONTROL_REPLACEMENT

pytestmark = pytest.mark.django_db

MONTHS = ["2026M1", "2026M2", "2026M9", "2026M10", "2026M11", "2026M12"]


@pytest.fixture
def world():
    w = build_world()
    for period in reversed(MONTHS):  # stored newest first, so the order in the file is the exporter's own
        put_value(w, indicator=w.gdp, unit=w.ordos, period=period, value="100.5")
    put_value(w, indicator=w.gdp, unit=w.ordos, period="2026Q4", value="300")
    put_value(w, indicator=w.gdp, unit=w.ordos, period="2026", value="1200")
    put_value(w, indicator=w.gdp, unit=w.ordos, period="2025M12", value="90")
    put_value(w, indicator=w.jobs, unit=w.baotou, period="2026M10", value="-3.5", comment="@cmd")
    return w


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming, "the CSV export must be streamed, not built in memory"
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2, values_only=True))


class TestStreamedCsv:
    def test_the_page_streams_rows_in_tree_order_then_code_then_time(self, world):
        rows = _csv(_client(world.admin).get("/reporting/export/", {"format": "csv"}))
        ordos = [r[5] for r in rows[1:] if r[3] == "150600"]
        assert ordos == ["2025M12", *MONTHS[:-1], "2026M12", "2026Q4", "2026"]
        assert [r[3] for r in rows[1:]][-1] == "150600"  # 包头市 150200 sorts before 鄂尔多斯市 in the tree
        assert rows[1][3] == "150200" and rows[1][6] == "-3.5" and rows[1][10] == "'@cmd"

    def test_a_whole_year_in_one_request(self, world):
        rows = _csv(_client(world.admin).get("/reporting/export/", {"format": "csv", "year": "2026"}))
        assert sorted(r[5] for r in rows[1:] if r[3] == "150600") == sorted([*MONTHS, "2026Q4", "2026"])
        assert "2025M12" not in {r[5] for r in rows[1:]}

    @pytest.mark.parametrize("year", ["20x6", "99999", "0", "9" * 5000])
    def test_a_bad_year_is_a_clear_400(self, world, year):
        response = _client(world.admin).get("/reporting/export/", {"format": "csv", "year": year})
        assert response.status_code == 400 and "年份" in response.content.decode()

    def test_a_unit_outside_the_scope_is_refused_before_streaming(self, world):
        response = _client(world.ordos_clerk).get("/reporting/export/", {"format": "csv", "unit": "150200"})
        assert response.status_code == 403

    def test_queries_do_not_grow_with_the_number_of_values(self, world, django_assert_max_num_queries):
        client = _client(world.admin)
        with django_assert_max_num_queries(12):
            before = _csv(client.get("/reporting/export/", {"format": "csv"}))
        for month in range(1, 13):
            for indicator in (world.gdp, world.jobs):
                put_value(world, indicator=indicator, unit=world.dongsheng, period=f"2027M{month}", value="1")
        with django_assert_max_num_queries(12):
            after = _csv(client.get("/reporting/export/", {"format": "csv"}))
        assert len(after) == len(before) + 24


class TestStreamedXlsx:
    def test_the_page_streams_a_file_written_in_write_only_mode(self, world):
        response = _client(world.ordos_clerk).get("/reporting/export/", {"format": "xlsx", "year": "2026"})
        assert response.status_code == 200 and response.streaming
        assert response["Content-Disposition"].startswith("attachment")
        rows = _xlsx_rows(b"".join(response.streaming_content))
        assert [r[5] for r in rows] == [*MONTHS[:-1], "2026M12", "2026Q4", "2026"]
        assert all(isinstance(r[6], (int, float)) for r in rows)


@pytest.fixture
def odd_comments(world):
    """Comments as they may already sit in the database, whatever the input checks say today."""
    texts = ["第一行\x0b第二行", "tab\there", "=1+1\x0c"]
    if connection.vendor != "postgresql":  # PostgreSQL cannot store NUL in text at all
        texts.append("空\x00字符")
    for i, text in enumerate(texts, start=1):
        put_value(world, indicator=world.jobs, unit=world.ordos, period=f"2024M{i}", value="1", comment=text)
    return texts


class TestControlCharacters:
    def test_xlsx_export_holds_them_neutralised(self, world, odd_comments):
        response = _client(world.admin).get("/reporting/export/", {"format": "xlsx"})
        assert response.status_code == 200
        comments = {r[10] for r in _xlsx_rows(b"".join(response.streaming_content))}
        assert f"第一行{CONTROL_REPLACEMENT}第二行" in comments
        assert "tab\there" in comments
        assert f"'=1+1{CONTROL_REPLACEMENT}" in comments
        if len(odd_comments) == 4:
            assert f"空{CONTROL_REPLACEMENT}字符" in comments

    def test_csv_export_holds_no_control_characters(self, world, odd_comments):
        rows = _csv(_client(world.admin).get("/reporting/export/", {"format": "csv"}))
        text = "".join("".join(r) for r in rows)
        assert "\x0b" not in text and "\x00" not in text and "\x0c" not in text
        assert f"第一行{CONTROL_REPLACEMENT}第二行" in {r[10] for r in rows}

    def test_the_command_writes_a_valid_xlsx(self, world, odd_comments, tmp_path):
        out = tmp_path / "values.xlsx"
        call_command("export_values", "--format", "xlsx", "--user", "admin", "--out", str(out))
        comments = {r[10] for r in openpyxl.load_workbook(out).worksheets[0].iter_rows(min_row=2, values_only=True)}
        assert f"第一行{CONTROL_REPLACEMENT}第二行" in comments

    def test_the_command_writes_a_whole_year(self, world, tmp_path):
        out = tmp_path / "year.csv"
        call_command("export_values", "--format", "csv", "--user", "admin", "--year", "2026", "--out", str(out))
        rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert {r[5] for r in rows[1:]} == {*MONTHS, "2026Q4", "2026"}


class TestCommandLeavesNoBrokenFile:
    def test_a_failure_midway_leaves_the_old_file_and_no_empty_one(self, world, tmp_path, monkeypatch):
        out = tmp_path / "values.xlsx"
        out.write_bytes(b"the previous export")

        def broken(rows, stream):
            stream.write(b"PK partial")
            raise OSError("disk full")

        monkeypatch.setattr(exporting, "write_xlsx", broken)
        with pytest.raises(CommandError, match="disk full"):
            call_command("export_values", "--format", "xlsx", "--user", "admin", "--out", str(out))
        assert out.read_bytes() == b"the previous export"
        assert [p.name for p in tmp_path.iterdir()] == ["values.xlsx"]

    def test_a_refused_unit_creates_no_file(self, world, tmp_path):
        out = tmp_path / "values.csv"
        with pytest.raises(CommandError, match="refused"):
            call_command("export_values", "--format", "csv", "--user", "ordos_clerk", "--unit", "150200",
                         "--out", str(out))
        assert list(Path(tmp_path).iterdir()) == []

    def test_a_bad_period_is_a_one_line_error(self, world, tmp_path):
        with pytest.raises(CommandError, match="无法识别"):
            call_command("export_values", "--format", "csv", "--user", "admin", "--period", "十月",
                         "--out", str(tmp_path / "v.csv"))


class TestReadInBatches:
    def test_small_batches_give_the_same_file_as_one_read(self, world, monkeypatch):
        for unit in (world.dongsheng, world.baotou):
            for month in range(1, 5):
                put_value(world, indicator=world.jobs, unit=unit, period=f"2027M{month}", value=str(month))
        whole = exporting.export_bytes(user=world.admin, fmt="csv")
        monkeypatch.setattr(exporting, "_ROWS_PER_READ", 3)
        with CaptureQueriesContext(connection) as batched:
            assert exporting.export_bytes(user=world.admin, fmt="csv") == whole
        reads = [q for q in batched.captured_queries if "reporting_datavalue" in q["sql"]
                 and "COUNT" not in q["sql"]]
        assert len(reads) == 3  # 包头市 (5 values), 鄂尔多斯市 (9), 东胜区 (4): one read each at 3 a batch


def test_the_update_time_is_shown_in_local_time_to_the_minute(world):
    import datetime as dt

    from plantrack.reporting.models import DataValue

    DataValue.objects.filter(unit=world.baotou).update(
        updated_at=dt.datetime(2026, 11, 1, 23, 30, 59, 123456, tzinfo=dt.UTC))
    rows = _csv(_client(world.admin).get("/reporting/export/", {"format": "csv", "unit": "150200"}))
    assert [r[13] for r in rows[1:]] == ["2026-11-02 07:30"]  # Asia/Shanghai is UTC+8
