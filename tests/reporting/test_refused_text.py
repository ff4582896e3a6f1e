"""Control characters and figures too large to store are refused on every channel (form, CSV, xlsx, template),
naming the row, the column and the character; nothing is written. Each test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client

from api.world import PASSWORD, build_world
from plantrack.reporting.bulk_import import import_bulk_file
from plantrack.reporting.excel_template import DATA_SHEET, template_for, upload_template
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue, DataValueChange

pytestmark = pytest.mark.django_db

HEADER = "indicator_code,unit_code,period,value,comment\n"


@pytest.fixture
def world():
    return build_world()


def refused_file(world, path: Path) -> ValuesRejected:
    with pytest.raises(ValuesRejected) as info:
        import_bulk_file(user=world.admin, plan=world.plan, source=path)
    assert DataValue.objects.count() == 0 and DataValueChange.objects.count() == 0
    return info.value


class TestBulkFiles:
    def test_a_nul_in_a_csv_comment_is_refused_with_its_row(self, world, tmp_path):
        path = tmp_path / "v.csv"
        path.write_bytes((HEADER + "1,150600,2026M10,2500,快报\x00数\n").encode("utf-8"))
        exc = refused_file(world, path)
        assert exc.errors[0].line() == "第2行 E列（comment）：第3个字符是控制字符\\x00，不能保存：请删除后重试"

    def test_a_vertical_tab_in_a_csv_comment_is_refused(self, world, tmp_path):
        path = tmp_path / "v.csv"
        path.write_text(HEADER + "1,150600,2026M10,2500,a\x0bb\n", encoding="utf-8")
        assert refused_file(world, path).errors[0].code == "control_character"

    def test_line_breaks_and_tabs_in_a_comment_are_fine(self, world, tmp_path):
        path = tmp_path / "v.csv"
        path.write_text(HEADER + '1,150600,2026M10,2500,"第一行\r\n第二行\t完"\n', encoding="utf-8")
        assert import_bulk_file(user=world.admin, plan=world.plan, source=path).created == 1
        assert DataValue.objects.get().comment == "第一行\r\n第二行\t完"

    def test_a_control_character_in_an_xlsx_cell_names_the_sheet_row_and_column(self, world, tmp_path):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "数据"
        ws.append(["indicator_code", "unit_code", "period", "value", "comment"])
        ws.append(["1", "150600", "2026M10", 2500, "快报\x7f"])  # DEL: allowed by XML, not by us
        wb.save(tmp_path / "v.xlsx")
        exc = refused_file(world, tmp_path / "v.xlsx")
        assert exc.errors[0].where == "工作表“数据”第2行 E列（comment）"
        assert "第3个字符是控制字符\\x7f" in exc.errors[0].message

    @pytest.mark.parametrize("figure", [1e300, 1e22, -1e22])
    def test_an_xlsx_figure_too_large_to_store_is_refused(self, world, tmp_path, figure):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["indicator_code", "unit_code", "period", "value"])
        ws.append(["1", "150600", "2026M10", figure])
        wb.save(tmp_path / "v.xlsx")
        exc = refused_file(world, tmp_path / "v.xlsx")
        assert exc.errors[0].field == "value" and "超出可存储的范围" in exc.errors[0].message


class TestTemplateAndForm:
    def test_a_control_character_in_a_template_comment_is_refused(self, world):
        wb = openpyxl.load_workbook(io.BytesIO(template_for(user=world.ordos_clerk, round=world.round,
                                                            unit=world.ordos)))
        ws = wb[DATA_SHEET]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "1")
        ws.cell(row=row, column=6).value = 2500
        ws.cell(row=row, column=7).value = "快报\x7f数"
        out = io.BytesIO()
        wb.save(out)
        with pytest.raises(ValuesRejected) as info:
            upload_template(user=world.ordos_clerk, data=out.getvalue())
        finding = info.value.errors[0]
        assert finding.code == "control_character" and finding.where.endswith("G列")
        assert DataValue.objects.count() == 0

    def test_a_control_character_typed_into_the_form_is_shown_beside_the_field(self, world):
        client = Client()
        assert client.login(username="ordos_clerk", password=PASSWORD)
        data = {"action": "save", f"i{world.gdp.pk}-value": "2500", f"i{world.gdp.pk}-revision": "0",
                f"i{world.gdp.pk}-comment": "快报\x0b数", f"i{world.jobs.pk}-value": "",
                f"i{world.jobs.pk}-revision": "0"}
        response = client.post(f"/reporting/form/{world.round.pk}/150600/", data)
        assert response.status_code == 400
        html = response.content.decode()
        row = html[html.index(f'id="row-{world.gdp.code}"'):]
        assert "第3个字符是控制字符\\x0b" in row[: row.index("</tr>")]
        assert DataValue.objects.count() == 0
