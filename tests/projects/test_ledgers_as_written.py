"""Ledgers written the way offices write them (tests/office_files.py) import as written: every open
procedure, investment figure, place and remark kept; nothing the clerk gave is dropped without the clerk deciding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

import office_files
from plantrack.core.text_guard import append_inert
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger, ledger_workbook, preview_ledger
from plantrack.projects.models import DispatchRecord, Project, ProjectInvestment, ProjectProcedure


def kinds_open(project: Project) -> list[str]:
    return list(project.open_procedures)


class TestMergedTwoRowHeader:
    def test_every_open_procedure_investment_figure_and_remark_is_kept(self, people, tmp_path):
        path = office_files.merged_two_row_header(tmp_path / "鄂尔多斯台账.xlsx")
        result = import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        hydrogen = Project.objects.get(code=office_files.CODE_HYDROGEN)
        assert hydrogen.region.name == "达拉特旗" and hydrogen.category == "新能源"
        assert hydrogen.completed_wan == Decimal("213000")
        assert hydrogen.annual_plan_wan == Decimal("150000")
        assert ProjectInvestment.objects.get(project=hydrogen, month=None).year == 2027
        # five procedures are open: the two 规划许可, 林草 and 节能 in progress, and 施工许可 not filled in
        assert kinds_open(hydrogen) == ["用地规划许可", "工程规划许可", "林草审批", "能耗审查", "施工许可"]
        states = {p.kind.name: p.state for p in hydrogen.procedures.all()}
        assert states["立项"] == states["用地预审"] == states["水土保持"] == ProjectProcedure.State.DONE
        assert states["施工许可"] == ProjectProcedure.State.NOT_FILLED
        assert hydrogen.actual_start == date(2026, 5, 10)
        assert (hydrogen.liaison_leader, hydrogen.responsible_unit) == ("王副旗长", "旗能源局")
        assert (hydrogen.construction_period, hydrogen.remarks) == ("2026-2028", "一期已并网")
        assert hydrogen.content.startswith("建设光伏100万千瓦")

    def test_several_places_are_filed_under_the_unit_holding_them_with_a_note(self, people, tmp_path):
        path = office_files.merged_two_row_header(tmp_path / "台账.xlsx")
        result = import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        road = Project.objects.get(name="东康快速通道改造")
        assert road.region.code == "150600" and road.category == "基础设施"
        wind = Project.objects.get(code=office_files.CODE_SAND)
        assert wind.region.code == "150600"
        assert any("达拉特旗、杭锦旗" in n and "鄂尔多斯市" in n for n in result.notes)

    def test_the_preview_shows_columns_headings_totals_and_notes_and_writes_nothing(self, people, tmp_path):
        path = office_files.merged_two_row_header(tmp_path / "台账.xlsx")
        preview = preview_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert Project.objects.count() == 0
        meaning = {c.header: c.meaning for c in preview.columns}
        assert meaning["投资情况（万元）/截至2026年底累计完成投资"] == "累计完成投资（2026年）"
        assert meaning["前期手续办理情况/用地预审与选址意见书"] == "审批手续：用地预审"
        assert meaning["前期手续办理情况/使用林地草原审核"] == "审批手续：林草审批"
        assert meaning["前期手续办理情况/水土保持方案"] == "审批手续：水土保持"
        assert preview.unknown == [] and preview.plan_year == 2027
        assert [t for _n, t in preview.headings] == ["一、新能源", "二、基础设施"]
        assert [(t.text, t.differences) for t in preview.totals] == [
            ("小计", []), ("小计", []), ("合计（3个项目）", [])]
        assert preview.note_rows[0][1].startswith("注：1.投资单位为万元")
        assert [r.fields.name for r in preview.first_rows][0] == "达拉特旗光伏治沙制氢项目"

    def test_a_total_that_does_not_add_up_is_reported(self, people, tmp_path):
        path = office_files.merged_two_row_header(tmp_path / "台账.xlsx")
        book = load_workbook(path)
        sheet = book.active
        for row in sheet.iter_rows():
            if row[0].value == "合计（3个项目）":
                row[7].value = 700000
        book.save(path)
        preview = preview_ledger(user=people.ordos_clerk, source=path, name=path.name)
        differing = [t for t in preview.totals if t.differences]
        assert len(differing) == 1 and "700000" in differing[0].differences[0]
        result = import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert any("合计（3个项目）" in n and "不符" in n for n in result.notes)
        assert Project.objects.count() == 3


class TestCountyWeeklyLedger:
    def test_the_filing_unit_line_places_township_rows_and_the_week_becomes_dispatch(self, people, tmp_path):
        path = office_files.county_weekly_ledger(tmp_path / "达拉特旗第14周.xlsx")
        preview = preview_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert preview.unit.name == "达拉特旗" and preview.week == "2027-W14" and preview.plan_year == 2027
        result = import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert result.created == 3 and result.dispatches == 3
        park = Project.objects.get(name="树林召镇农畜产品加工园")
        assert park.region.name == "达拉特旗" and park.location == "树林召镇"
        assert park.completed_wan == Decimal("4200") and park.actual_start == date(2027, 3, 20)
        record = DispatchRecord.objects.get(project=park, week="2027-W14")
        assert record.progress == "厂房钢结构吊装完成60%" and record.week_completed_wan == Decimal("600")
        solar = Project.objects.get(name="展旦召苏木光伏牧光互补项目")
        permit = solar.procedures.get(kind__name="施工许可")
        assert permit.state == ProjectProcedure.State.IN_PROGRESS and permit.tolerant
        assert solar.problems == "林草手续未批复" and solar.liaison_leader == "王副旗长"

    def test_a_week_not_yet_come_is_refused_by_the_clock(self, people, tmp_path, settings):
        settings.PLANTRACK_TODAY = "2027-03-01"
        path = office_files.county_weekly_ledger(tmp_path / "周.xlsx")
        with pytest.raises(ProjectRejected, match="2027-W14尚未到来"):
            import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert Project.objects.count() == 0


class TestWpsLedger:
    def test_serial_dates_codes_to_come_and_a_county_column_at_the_end(self, people, tmp_path):
        path = office_files.wps_ledger(tmp_path / "wps.xlsx")
        with pytest.raises(ProjectRejected) as refused:
            import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert any("未写明调度周" in e for e in refused.value.errors)
        assert any("未写年份" in e for e in refused.value.errors)
        result = import_ledger(user=people.ordos_clerk, source=path, name=path.name, year=2027, week="2027-W14")
        assert result.created == 2
        plant = Project.objects.get(name="准格尔旗煤矸石综合利用电厂")
        assert plant.region.name == "准格尔旗" and plant.location == "薛家湾镇" and plant.code is None
        assert plant.planned_start == date(2027, 3, 1)
        assert any("46447" in n and "2027-03-01" in n for n in result.notes)
        assert any("待赋码" in n for n in result.notes)
        assert kinds_open(plant) == ["用地预审", "环评批复", "施工许可"]


class TestGbkCsv:
    def test_a_gbk_csv_in_yi_yuan_with_a_note_row(self, people, tmp_path):
        path = office_files.gbk_csv_ledger(tmp_path / "包头.csv")
        preview = preview_ledger(user=people.baotou_clerk, source=path, name=path.name)
        assert preview.note_rows and preview.plan_year == 2027
        import_ledger(user=people.baotou_clerk, source=path, name=path.name)
        park = Project.objects.get(name="包头稀土新材料产业园标准化厂房")
        assert park.region.name == "九原区"
        assert (park.total_investment_wan, park.completed_wan) == (Decimal("125000"), Decimal("32000"))
        houses = Project.objects.get(name="昆都仑区老旧小区改造")
        assert kinds_open(houses) == ["施工许可"]  # 不涉及 is not open


class TestUnknownColumns:
    def ledger_with_unknown(self, tmp_path, rows):
        book = Workbook()
        sheet = book.active
        sheet.append(["2027年重大项目台账"])
        sheet.append(["项目名称", "所属旗县", "总投资（万元）", "环评", "调度层级", "招商引资"])
        for row in rows:
            sheet.append(row)
        path = tmp_path / "附加列.xlsx"
        book.save(path)
        return path

    def test_an_unknown_column_refuses_until_kept_or_ignored(self, people, tmp_path):
        path = self.ledger_with_unknown(tmp_path, [["乌审旗天然气综合利用", "乌审旗", 60000, "已批复", "自治区级",
                                                    "是"]])
        with pytest.raises(ProjectRejected, match="E列“调度层级”.*F列“招商引资”"):
            import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        assert Project.objects.count() == 0
        import_ledger(user=people.ordos_clerk, source=path, name=path.name,
                      choices={"调度层级": "keep", "招商引资": "ignore"}, remember_choices=True)
        project = Project.objects.get()
        assert project.extra == {"调度层级": "自治区级"}
        # the office's choices are reused next time without asking again
        assert preview_ledger(user=people.ordos_clerk, source=path, name=path.name).unknown == []

    def test_kept_columns_and_the_plan_year_round_trip_through_the_export(self, people, tmp_path):
        path = office_files.merged_two_row_header(tmp_path / "台账.xlsx")
        import_ledger(user=people.ordos_clerk, source=path, name=path.name)
        extra = self.ledger_with_unknown(tmp_path, [["乌审旗天然气综合利用", "乌审旗", 60000, "已批复", "自治区级",
                                                     "是"]])
        import_ledger(user=people.ordos_clerk, source=extra, name=extra.name, year=2027,
                      choices={"调度层级": "keep", "招商引资": "keep"})
        exported = tmp_path / "导出台账.xlsx"
        exported.write_bytes(ledger_workbook(Project.objects.all(), title="重大项目台账"))
        header = [c.value for c in load_workbook(exported).active[2]]
        assert "2027年计划投资（万元）" in header and "附加：调度层级" in header
        before = list(Project.objects.order_by("pk").values())
        result = import_ledger(user=people.ordos_clerk, source=exported, name=exported.name)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
        assert list(Project.objects.order_by("pk").values()) == before
        assert set(ProjectInvestment.objects.values_list("year", flat=True)) == {2027}


class TestGuards:
    def write(self, tmp_path, rows, name="台账.xlsx"):
        book = Workbook()
        sheet = book.active
        sheet.append(["2027年重大项目台账"])
        sheet.append(["项目名称", "所属地区", "总投资（万元）", "存在问题", "计划开工"])
        for row in rows:
            append_inert(sheet, row)  # as text, the way a clerk types a leading = after a quote
        path = tmp_path / name
        book.save(path)
        return path

    @pytest.mark.parametrize("total", [1e300, 1e22, 2 ** 64, "1e300"])
    def test_amounts_beyond_a_ledger_are_refused_clearly(self, people, tmp_path, total):
        path = self.write(tmp_path, [["某项目", "达拉特旗", total, "", None]])
        with pytest.raises(ProjectRejected, match="金额超出范围"):
            import_ledger(user=people.admin, source=path, name=path.name)
        assert Project.objects.count() == 0

    @pytest.mark.parametrize("name", ["项目\x00", "项目\x1b[31m", "正常\u202e目项"])
    def test_control_and_bidi_characters_are_refused(self, people, tmp_path, name):
        path = tmp_path / "c.csv"
        path.write_text(f"项目名称,所属地区,总投资（万元）\n{name},达拉特旗,100\n", encoding="utf-8")
        with pytest.raises(ProjectRejected, match="控制字符"):
            import_ledger(user=people.admin, source=path, name=path.name)

    def test_texts_are_bounded(self, people, tmp_path):
        path = self.write(tmp_path, [["项目", "达拉特旗", 100, "堵" * 100_000, None]])
        with pytest.raises(ProjectRejected, match="不能超过2000字"):
            import_ledger(user=people.admin, source=path, name=path.name)

    @pytest.mark.parametrize("start", ["0001-01-01", 2958465, "9999-12-31"])
    def test_dates_out_of_any_plan_are_refused(self, people, tmp_path, start):
        path = self.write(tmp_path, [["项目", "达拉特旗", 100, "", start]])
        with pytest.raises(ProjectRejected, match="计划开工"):
            import_ledger(user=people.admin, source=path, name=path.name)

    def test_permission_is_asked_before_the_file_is_read(self, people, tmp_path):
        path = tmp_path / "不是表格.xlsx"
        path.write_bytes(b"not a workbook at all")
        with pytest.raises(PermissionDenied):
            preview_ledger(user=people.supervisor, source=path, name=path.name)

    def test_rows_are_bounded(self, people, tmp_path, settings):
        settings.PLANTRACK_LEDGER_MAX_ROWS = 40
        path = self.write(tmp_path, [[f"项目{i}", "达拉特旗", 100, "", None] for i in range(60)])
        with pytest.raises(ProjectRejected, match="超过上限40行"):
            import_ledger(user=people.admin, source=path, name=path.name)
        assert Project.objects.count() == 0

    def test_a_name_starting_with_equals_is_exported_as_text_not_a_formula(self, people, tmp_path):
        path = self.write(tmp_path, [['=HYPERLINK("http://x.example","点我")', "达拉特旗", 100, "=1+1", None]])
        import_ledger(user=people.admin, source=path, name=path.name)
        exported = tmp_path / "out.xlsx"
        exported.write_bytes(ledger_workbook(Project.objects.all(), title="台账"))
        cells = [c for row in load_workbook(exported).active.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert any(c.value == '=HYPERLINK("http://x.example","点我")' for c in cells)


class TestCommandLine:
    def run(self, *args) -> str:
        import io

        from django.core.management import call_command

        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_dry_run_prints_the_preview_and_writes_nothing(self, people, tmp_path):
        path = office_files.merged_two_row_header(tmp_path / "台账.xlsx")
        out = self.run("import_projects", str(path), "--dry-run")
        assert "前期手续办理情况/使用林地草原审核 → 审批手续：林草审批" in out
        assert "合计行 第11行“合计（3个项目）”：与所列项目之和一致" in out
        assert "dry run: nothing written" in out
        assert Project.objects.count() == 0

    def test_unknown_columns_are_settled_on_the_command_line(self, people, tmp_path):
        path = TestUnknownColumns().ledger_with_unknown(tmp_path, [["乌审旗天然气综合利用", "乌审旗", 60000, "已批复",
                                                                    "自治区级", "是"]])
        out = self.run("import_projects", str(path), "--dry-run")
        assert "E 调度层级: unknown column" in out
        out = self.run("import_projects", str(path), "--keep", "调度层级", "--ignore", "招商引资")
        assert "新增1个项目" in out
        assert Project.objects.get().extra == {"调度层级": "自治区级"}


class TestOldExcelAndOpenDocument:
    @pytest.mark.parametrize("fmt", ["xls", "ods"])
    def test_a_ledger_saved_as_xls_or_ods_reads_as_the_xlsx_does(self, people, tmp_path, fmt):
        source = office_files.merged_two_row_header(tmp_path / "台账.xlsx")
        converted = getattr(office_files, f"as_{fmt}")(source, tmp_path / f"台账.{fmt}")
        expected = preview_ledger(user=people.ordos_clerk, source=source, name=source.name)
        preview = preview_ledger(user=people.ordos_clerk, source=converted, name=converted.name)
        assert [c.meaning for c in preview.columns] == [c.meaning for c in expected.columns]
        assert [(r.number, r.fields.name, r.fields.total_investment_wan, r.fields.region.code)
                for r in preview.rows] == [(r.number, r.fields.name, r.fields.total_investment_wan,
                                            r.fields.region.code) for r in expected.rows]
        result = import_ledger(user=people.ordos_clerk, source=converted, name=converted.name)
        assert result.created == 3
        hydrogen = Project.objects.get(code=office_files.CODE_HYDROGEN)
        assert hydrogen.open_procedures == ["用地规划许可", "工程规划许可", "林草审批", "能耗审查", "施工许可"]
        assert hydrogen.actual_start == date(2026, 5, 10)

    def test_a_damaged_xls_is_refused_clearly(self, people, tmp_path):
        path = tmp_path / "坏.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0 not really an old excel file")
        with pytest.raises(ProjectRejected, match="无法读取"):
            import_ledger(user=people.ordos_clerk, source=path, name=path.name)
