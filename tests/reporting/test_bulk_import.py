"""Bulk CSV/xlsx import and `plantrack import-values`: real files; each bad one names sheet, row, column, reason."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from plantrack.reporting.bulk_import import import_bulk_file
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue, DataValueChange

HEADER = ["indicator_code", "unit_code", "period", "value", "measure_unit", "comment", "explanation"]
ROWS = [
    ["1", "150600", "2026M10", "2500.5", "亿元", "快报数", ""],
    ["2", "150600", "2026M10", "72.3", "%", "", ""],
    ["1", "150200", "2026M10", "3100", "", "", ""],
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8-sig") -> Path:
    import csv

    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER, *, sheet: str = "数据",
               edit=None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    if edit:
        edit(ws)
    wb.save(path)
    return path


def _refused(world, path: Path) -> ValuesRejected:
    with pytest.raises(ValuesRejected) as info:
        import_bulk_file(user=world.admin, plan=world.plan, source=path, submit=True)
    assert DataValue.objects.count() == 0 and DataValueChange.objects.count() == 0
    return info.value


class TestGoodFiles:
    def test_csv_is_imported_through_the_bulk_channel(self, world, tmp_path):
        result = import_bulk_file(user=world.admin, plan=world.plan, source=write_csv(tmp_path / "v.csv", ROWS))
        assert result.created == 3
        v = DataValue.objects.get(unit=world.ordos, indicator=world.gdp)
        assert (v.value, v.channel, v.comment) == (Decimal("2500.5"), "bulk", "快报数")

    def test_gbk_csv_from_excel_is_read(self, world, tmp_path):
        path = write_csv(tmp_path / "v.csv", ROWS, header=["指标编码", "单位代码", "报告期", "数值", "计量单位", "备注",
                                                             "预警说明"], encoding="gb18030")
        assert import_bulk_file(user=world.admin, plan=world.plan, source=path).created == 3

    def test_xlsx_with_number_cells_and_a_date_typed_period(self, world, tmp_path):
        from datetime import datetime

        rows = [["1", 150600, datetime(2026, 10, 1), 2500.5, "亿元"], ["2", "150600", "2026M10", 72.3]]
        result = import_bulk_file(user=world.admin, plan=world.plan, source=write_xlsx(tmp_path / "v.xlsx", rows))
        assert result.created == 2
        assert DataValue.objects.get(indicator=world.urban).value == Decimal("72.3")
        assert set(DataValue.objects.values_list("period", flat=True)) == {"2026M10"}


class TestBadFiles:
    def test_an_outlier_in_a_file_names_the_row_and_column(self, world, tmp_path):
        rows = [["5", "150600", "2026M9", "50"], ["5", "150600", "2026M10", "220"]]
        exc = _refused(world, write_csv(tmp_path / "v.csv", rows, header=HEADER[:4]))
        assert [f.line() for f in exc.findings] == ["第3行 D列（value）：较上期增长340%（50 → 220）"]


    def test_unknown_indicator_code_names_row_and_column(self, world, tmp_path):
        exc = _refused(world, write_csv(tmp_path / "v.csv", ROWS + [["88", "150600", "2026M10", "1"]]))
        assert exc.errors[0].line() == "第5行 A列（indicator_code）：指标编码“88”不在本规划的指标库中"

    def test_unknown_unit_code_in_xlsx_names_the_sheet(self, world, tmp_path):
        exc = _refused(world, write_xlsx(tmp_path / "v.xlsx", [["1", "159999", "2026M10", 5]], sheet="十月"))
        assert exc.errors[0].line() == "工作表“十月”第2行 B列（unit_code）：单位代码“159999”不存在"

    @pytest.mark.parametrize("text", ["—", "12,3", "约5%"])
    def test_text_in_a_number_cell(self, world, tmp_path, text):
        exc = _refused(world, write_xlsx(tmp_path / "v.xlsx", [["1", "150600", "2026M10", text]]))
        assert exc.errors[0].where == "工作表“数据”第2行 D列（value）"
        assert f"“{text}”不是数字" in exc.errors[0].message

    def test_a_formula_is_refused_with_its_cell(self, world, tmp_path):
        exc = _refused(world, write_xlsx(tmp_path / "v.xlsx", [["1", "150600", "2026M10", "=1+1"]]))
        assert exc.errors[0].code == "formula"
        assert exc.errors[0].line() == "工作表“数据”第2行 D列（value）：单元格D2是公式“=1+1”：请粘贴为数值后再导入"

    def test_merged_cells_are_refused(self, world, tmp_path):
        rows = [["1", "150600", "2026M10", 1], ["2", "", "2026M10", 2]]
        exc = _refused(world, write_xlsx(tmp_path / "v.xlsx", rows, edit=lambda ws: ws.merge_cells("B2:B3")))
        assert exc.errors[0].line() == "工作表“数据”：含合并单元格 B2:B3：请取消合并，每格只填一个值"

    def test_period_outside_the_plan(self, world, tmp_path):
        exc = _refused(world, write_csv(tmp_path / "v.csv", [["1", "150600", "2035M1", "1"]]))
        assert exc.errors[0].line() == "第2行 C列（period）：报告期2035M1不在规划期2026–2030年内"

    def test_duplicate_row(self, world, tmp_path):
        exc = _refused(world, write_csv(tmp_path / "v.csv", ROWS + [ROWS[0]]))
        assert exc.errors[0].line() == "第5行：与第2行重复：同一指标、单位、报告期只能填一个数"

    def test_unit_mismatch(self, world, tmp_path):
        exc = _refused(world, write_csv(tmp_path / "v.csv", [["1", "150600", "2026M10", "25005000", "万元"]]))
        assert exc.errors[0].line() == (
            "第2行 E列（measure_unit）：计量单位“万元”与指标“地区生产总值”的计量单位“亿元”不符")

    def test_wrong_header(self, world, tmp_path):
        exc = _refused(world, write_csv(tmp_path / "v.csv", ROWS, header=["指标", "单位", "时间", "数"]))
        assert exc.errors[0].where == "第1行（表头）"
        assert "缺少列 indicator_code、unit_code、period、value" in exc.errors[0].message

    def test_file_over_the_size_limit(self, world, tmp_path, settings):
        settings.PLANTRACK_MAX_UPLOAD_BYTES = 100
        exc = _refused(world, write_csv(tmp_path / "v.csv", ROWS * 3))
        assert exc.errors[0].code == "too_large" and "超过上限" in exc.errors[0].message

    def test_corrupt_xlsx(self, world, tmp_path):
        good = write_xlsx(tmp_path / "good.xlsx", [["1", "150600", "2026M10", 1]])
        broken = tmp_path / "broken.xlsx"
        broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        exc = _refused(world, broken)
        assert exc.errors[0].code == "corrupt_xlsx" and "可能已损坏" in exc.errors[0].message

    def test_a_zip_that_is_not_a_workbook(self, world, tmp_path):
        path = tmp_path / "fake.xlsx"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("hello.txt", "not a workbook")
        assert _refused(world, path).errors[0].code == "corrupt_xlsx"

    def test_wrong_file_type(self, world, tmp_path):
        path = tmp_path / "v.docx"
        path.write_bytes(b"PK")
        assert _refused(world, path).errors[0].code == "file_type"


class TestCommand:
    def test_import_values_writes_and_reports(self, world, tmp_path, capsys):
        call_command("import_values", str(write_csv(tmp_path / "v.csv", ROWS)), "--user", "planning_admin",
                     "--submit")
        assert "新增3" in capsys.readouterr().out
        assert set(DataValue.objects.values_list("state", flat=True)) == {"submitted"}

    def test_rejection_is_one_line_and_writes_nothing(self, world, tmp_path):
        path = write_csv(tmp_path / "v.csv", ROWS + [["1", "150600", "2026M9", "约5%"]])
        with pytest.raises(CommandError) as info:
            call_command("import_values", str(path), "--user", "planning_admin")
        message = str(info.value)
        assert "\n" not in message
        assert message == ("导入被拒绝：第5行 D列（value）：“约5%”不是数字（请去掉%，按指标的计量单位填写数值）"
                           "（共1处问题，未写入任何数据）")
        assert DataValue.objects.count() == 0

    def test_a_clerk_importing_outside_scope_is_refused(self, world, tmp_path):
        with pytest.raises(CommandError, match="未写入任何数据"):
            call_command("import_values", str(write_csv(tmp_path / "v.csv", ROWS)), "--user", "ordos_clerk")
        assert DataValue.objects.count() == 0

    def test_the_cli_entry_point_exits_1(self, world, tmp_path):
        from plantrack.cli import main

        path = write_csv(tmp_path / "v.csv", [["1", "150600", "2026M10", "x"]])
        assert main(["import-values", str(path), "--user", "planning_admin"]) == 1


class TestChunks:
    """Large files are written chunk by chunk in one transaction; a problem in a late chunk still undoes all."""

    @pytest.fixture(autouse=True)
    def small_chunks(self, settings):
        settings.PLANTRACK_WRITE_CHUNK = 2

    def test_a_duplicate_chunks_apart_is_found_and_nothing_stays(self, world, tmp_path):
        rows = [["5", "150600", f"2026M{m}", str(100 + m)] for m in range(1, 8)] + [["5", "150600", "2026M2", "1"]]
        exc = _refused(world, write_csv(tmp_path / "v.csv", rows, header=HEADER[:4]))
        assert exc.errors[0].line() == "第9行：与第3行重复：同一指标、单位、报告期只能填一个数"

    def test_an_outlier_against_an_earlier_chunk_is_found(self, world, tmp_path):
        rows = [["5", "150600", f"2026M{m}", str(100 + m)] for m in range(1, 7)] + [["5", "150600", "2026M7", "900"]]
        exc = _refused(world, write_csv(tmp_path / "v.csv", rows, header=HEADER[:4]))
        assert [f.line() for f in exc.findings] == ["第8行 D列（value）：较上期增长749%（106 → 900）"]

    def test_a_clean_file_of_many_chunks_is_written_with_history(self, world, tmp_path):
        rows = [[code, unit, f"2026M{m}", str(100 + m)] for code in ("1", "5") for unit in ("150600", "150200")
                for m in range(1, 11)]
        steps: list[int] = []
        result = import_bulk_file(user=world.admin, plan=world.plan, progress=steps.append,
                                  source=write_csv(tmp_path / "v.csv", rows, header=HEADER[:4]))
        assert steps == [2] * 20  # progress moves chunk by chunk
        assert result.created == 40
        assert DataValueChange.objects.filter(action="enter").count() == 40


class TestLargeFiles:
    """Over a thousand rows: on PostgreSQL the references are checked once for the batch; the outcome is the same."""

    UNITS = ("150000", "150100", "150200", "150600", "150602", "150603", "150000-TJJ")

    def rows(self, shift: int = 0) -> list[list[str]]:
        return [[code, unit, f"{year}M{month}", str(base + shift)] for code, base in (("5", 300), ("6", 200), ("2", 70))
                for unit in self.UNITS for year in range(2026, 2031) for month in range(1, 13)]

    @pytest.mark.parametrize("batch_check", [True, False], ids=["references-checked-per-batch", "per-row"])
    def test_a_file_of_1260_new_values_is_written_with_one_history_row_each(self, world, tmp_path, settings,
                                                                          batch_check):
        settings.PLANTRACK_BATCH_REFERENCE_CHECK = batch_check
        rows = self.rows()
        result = import_bulk_file(user=world.admin, plan=world.plan,
                                  source=write_csv(tmp_path / "v.csv", rows, header=HEADER[:4]))
        assert result.created == len(rows) == 1260
        assert DataValue.objects.count() == 1260
        history = DataValueChange.objects.filter(action="enter", user=world.admin, channel="bulk")
        assert history.count() == 1260
        assert not DataValue.objects.exclude(changes__action="enter").exists()
        v = DataValue.objects.get(indicator=world.tax, unit=world.kangbashi, period="2030M12")
        assert (v.value, v.updated_by, v.state, v.revision) == (Decimal("200"), world.admin, "draft", 1)
        assert v.changes.get().new_value == Decimal("200")

    def test_importing_it_again_with_changes_updates_and_adds(self, world, tmp_path):
        import_bulk_file(user=world.admin, plan=world.plan,
                         source=write_csv(tmp_path / "v.csv", self.rows()[:1000], header=HEADER[:4]))
        result = import_bulk_file(user=world.admin, plan=world.plan,
                                  source=write_csv(tmp_path / "w.csv", self.rows(shift=1), header=HEADER[:4]))
        assert (result.created, result.updated, result.unchanged) == (260, 1000, 0)
        assert DataValueChange.objects.filter(action="change").count() == 1000
        assert DataValueChange.objects.filter(action="enter").count() == 1260
        assert set(DataValue.objects.values_list("revision", flat=True)) == {1, 2}
        assert DataValue.objects.get(indicator=world.revenue, unit=world.region, period="2026M1").value == 301
