"""Export of values (CSV, xlsx, CLI): only the user's scope, text cells neutralised, figures kept as numbers."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from api.world import PASSWORD, build_world, put_value
from plantrack.reporting.export import export_bytes, neutralise

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    put_value(w, indicator=w.gdp, unit=w.ordos, period="2026M10", value="3120.5", comment="=HYPERLINK(\"x\")")
    put_value(w, indicator=w.jobs, unit=w.ordos, period="2026M10", value="-1.25", comment="@SUM(A1)")
    put_value(w, indicator=w.gdp, unit=w.dongsheng, period="2026M10", value="410", comment="+1")
    put_value(w, indicator=w.gdp, unit=w.baotou, period="2026M10", value="2800", comment="-2+3")
    put_value(w, indicator=w.gdp, unit=w.baotou, period="2026M9", value="2500")
    return w


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


class TestNeutralise:
    @pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
    def test_it_prefixes_formula_triggers(self, text):
        assert neutralise(text) == "'" + text

    @pytest.mark.parametrize("text", ["地区生产总值", "1", "", "a=b"])
    def test_it_leaves_plain_text(self, text):
        assert neutralise(text) == text


class TestExportScope:
    def test_clerk_of_ordos_gets_only_ordos_rows(self, world):
        rows = _csv_rows(export_bytes(user=world.ordos_clerk, fmt="csv"))
        units = {r[3] for r in rows[1:]}
        assert units == {"150600", "150602"}
        assert len(rows) == 4

    def test_clerk_of_baotou_gets_only_baotou_rows(self, world):
        rows = _csv_rows(export_bytes(user=world.baotou_clerk, fmt="csv"))
        assert {r[3] for r in rows[1:]} == {"150200"}

    def test_supervisor_and_admin_get_everything(self, world):
        for user in (world.supervisor, world.admin):
            rows = _csv_rows(export_bytes(user=user, fmt="csv"))
            assert len(rows) == 6

    def test_period_filter(self, world):
        rows = _csv_rows(export_bytes(user=world.admin, fmt="csv", period="2026M9"))
        assert [r[5] for r in rows[1:]] == ["2026M9"]

    def test_asking_for_another_unit_is_refused_and_logged(self, world):
        from django.core.exceptions import PermissionDenied

        from plantrack.orgs.models import AccessDenial

        with pytest.raises(PermissionDenied):
            export_bytes(user=world.ordos_clerk, fmt="csv", unit=world.baotou)
        assert AccessDenial.objects.filter(user=world.ordos_clerk, unit=world.baotou).exists()


class TestNeutralisedCells:
    def test_csv_text_cells_are_quoted_and_negative_figures_stay_plain(self, world):
        rows = _csv_rows(export_bytes(user=world.admin, fmt="csv"))
        by_comment = {r[10] for r in rows[1:]}
        assert {"'=HYPERLINK(\"x\")", "'@SUM(A1)", "'+1", "'-2+3"} <= by_comment
        assert not any(c.startswith(("=", "+", "@")) for r in rows[1:] for c in r)
        values = {r[6] for r in rows[1:]}
        assert "-1.25" in values and "3120.5" in values

    def test_xlsx_text_is_text_and_figures_are_numbers(self, world):
        wb = openpyxl.load_workbook(io.BytesIO(export_bytes(user=world.admin, fmt="xlsx")))
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(min_row=2))
        assert len(rows) == 5
        for row in rows:
            for cell in row:
                assert cell.data_type != "f", f"{cell.coordinate} is a formula"
        negative = [r for r in rows if r[6].value is not None and r[6].value < 0]
        assert len(negative) == 1
        assert negative[0][6].data_type == "n" and Decimal(str(negative[0][6].value)) == Decimal("-1.25")
        comments = {r[10].value for r in rows}
        assert "'=HYPERLINK(\"x\")" in comments and "'-2+3" in comments


class TestExportPage:
    def test_clerk_downloads_own_scope_only(self, world):
        client = Client()
        assert client.login(username="baotou_clerk", password=PASSWORD)
        response = client.get("/reporting/export/", {"format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert response.streaming
        rows = _csv_rows(b"".join(response.streaming_content))
        assert {r[3] for r in rows[1:]} == {"150200"}

    def test_xlsx_download(self, world):
        client = Client()
        client.login(username="ordos_clerk", password=PASSWORD)
        response = client.get("/reporting/export/", {"format": "xlsx", "period": "2026M10"})
        assert response.status_code == 200
        assert response.streaming
        ws = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
        assert {r[3] for r in ws.iter_rows(min_row=2, values_only=True)} == {"150600", "150602"}

    def test_anonymous_is_sent_to_login(self, world):
        response = Client().get("/reporting/export/", {"format": "csv"})
        assert response.status_code == 302 and "/login/" in response["Location"]


class TestExportCommand:
    def test_it_writes_the_users_scope_to_a_file(self, world, tmp_path):
        out = tmp_path / "v.csv"
        call_command("export_values", "--format", "csv", "--user", "ordos_clerk", "--out", str(out))
        rows = _csv_rows(out.read_bytes())
        assert {r[3] for r in rows[1:]} == {"150600", "150602"}

    def test_xlsx_with_period(self, world, tmp_path):
        out = tmp_path / "v.xlsx"
        call_command("export_values", "--format", "xlsx", "--user", "admin", "--period", "2026M9", "--out", str(out))
        ws = openpyxl.load_workbook(out).worksheets[0]
        assert [r[5] for r in ws.iter_rows(min_row=2, values_only=True)] == ["2026M9"]

    def test_unknown_user_is_a_clear_error(self, world):
        with pytest.raises(CommandError, match="nobody"):
            call_command("export_values", "--format", "csv", "--user", "nobody")

    def test_cli_entry_point_knows_the_command(self):
        result = subprocess.run(
            [sys.executable, "-m", "plantrack", "export-values", "--help"], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0 and "--format" in result.stdout
