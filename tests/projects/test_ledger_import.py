"""Importing the project ledger (重大项目台账) from the Excel layout offices use: all or nothing, errors naming the
row and column, the same ledger twice changing nothing, a later ledger updating the projects it names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import Project, ProjectProcedure


def run(user, path):
    return import_ledger(user=user, source=path, name=path.name)


class TestLedgerImport:
    def test_rows_become_projects_with_procedures_dates_and_amounts(self, people, ledger, rows):
        result = run(people.admin, ledger(rows))
        assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
        wind = Project.objects.get(name="达拉特旗风光制氢一体化项目")
        assert wind.region.code == "150621"
        assert wind.code == rows[0][1]
        assert wind.total_investment_wan == Decimal("250000")
        assert wind.completed_wan == Decimal("30000")
        assert wind.status == Project.Status.BUILDING
        assert str(wind.planned_completion) == "2027-12-31"
        states = {p.kind.name: (p.state, p.done_on and str(p.done_on)) for p in wind.procedures.all()}
        assert states == {"用地预审": ("done", "2026-03-02"), "环评批复": ("done", None),
                          "林草审批": ("in_progress", None), "能耗审查": ("not_started", None)}
        assert wind.open_procedures == ["林草审批", "能耗审查"]
        coal = Project.objects.get(name="鄂尔多斯煤化工园区基础设施")
        assert coal.region.code == "150600" and coal.status == Project.Status.PREPARING
        assert coal.open_procedures == ["用地预审"]
        assert Project.objects.get(region__code="150200").open_procedures == []

    def test_the_same_ledger_twice_changes_nothing(self, people, ledger, rows):
        path = ledger(rows)
        run(people.admin, path)
        before = list(Project.objects.order_by("pk").values())
        result = run(people.admin, path)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
        assert list(Project.objects.order_by("pk").values()) == before

    def test_a_later_ledger_updates_the_projects_it_names(self, people, ledger, rows):
        run(people.admin, ledger(rows))
        later = [list(rows[0])]
        later[0][8] = 90000
        later[0][14] = "已办结2026年9月1日"
        result = run(people.admin, ledger(later, name="台账10月.xlsx"))
        assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
        wind = Project.objects.get(code=rows[0][1])
        assert wind.completed_wan == Decimal("90000")
        assert wind.open_procedures == ["能耗审查"]
        assert Project.objects.count() == 3

    def test_a_renamed_project_is_found_by_its_code(self, people, ledger, rows):
        run(people.admin, ledger(rows))
        renamed = [list(rows[0])]
        renamed[0][2] = "达拉特旗风光制氢一体化示范项目"
        run(people.admin, ledger(renamed, name="改名.xlsx"))
        assert Project.objects.get(code=rows[0][1]).name == "达拉特旗风光制氢一体化示范项目"
        assert Project.objects.count() == 3

    def test_amounts_in_yi_yuan_are_read_from_the_header(self, people, ledger, rows):
        rows[0][6], rows[0][7], rows[0][8] = 25, 8, "3.5"
        run(people.admin, ledger(rows[:1], amount_unit="亿元"))
        wind = Project.objects.get()
        assert wind.total_investment_wan == Decimal("250000")
        assert wind.completed_wan == Decimal("35000")

    def test_column_order_may_differ_and_csv_is_read(self, people, ledger, rows, header):
        order = [2, 3, 6, 8, 12, 13, 1, 11]
        path = ledger([[r[i] for i in order] for r in rows], name="台账.csv", header=[header[i] for i in order])
        assert run(people.admin, path).created == 3
        assert Project.objects.get(region__code="150621").open_procedures == []  # 林草 and 能耗 not in this sheet

    def test_a_second_header_row_under_a_procedures_group_is_read(self, people, tmp_path, rows):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["重大项目推进情况表"])
        sheet.append(["项目名称", "所属地区", "总投资（亿元）", "手续办理情况", None])
        sheet.merge_cells("D2:E2")
        sheet.append([None, None, None, "用地预审", "环评"])
        sheet.append(["某旗光伏项目", "达拉特旗", 2, "办理中", "已批复"])
        path = tmp_path / "二级表头.xlsx"
        book.save(path)
        run(people.admin, path)
        project = Project.objects.get()
        assert project.total_investment_wan == Decimal("20000")
        assert project.open_procedures == ["用地预审"]


class TestLedgerBadInput:
    def refused(self, user, path) -> list[str]:
        count = Project.objects.count()
        with pytest.raises(ProjectRejected) as caught:
            run(user, path)
        assert Project.objects.count() == count
        return caught.value.errors

    def test_an_unknown_unit_names_row_and_column(self, people, ledger, rows):
        rows[1][3] = "火星旗"
        errors = self.refused(people.admin, ledger(rows))
        assert errors == ["第5行 D列（所属地区）：单位“火星旗”不存在（请写盟市、旗县名称或代码）"]
        assert not ProjectProcedure.objects.exists()

    def test_a_project_code_of_the_wrong_form(self, people, ledger, rows):
        rows[0][1] = "2604-150621-04-01-1000"
        errors = self.refused(people.admin, ledger(rows))
        assert len(errors) == 1 and errors[0].startswith("第4行 B列（项目代码）：") and "24位" in errors[0]

    def test_a_project_code_of_another_region(self, people, ledger, rows):
        rows[0][1] = "2604-150221-04-01-100017"
        errors = self.refused(people.admin, ledger(rows))
        assert errors == ["第4行 B列（项目代码）：项目代码的地区码150221与项目所在地“达拉特旗”（150621）不符"]

    def test_a_deadline_that_is_not_a_date(self, people, ledger, rows):
        rows[2][10] = "尽快"
        errors = self.refused(people.admin, ledger(rows))
        assert errors == ["第6行 K列（计划竣工）：“尽快”不是日期（应写成 2027年6月 或 2027-06-30）"]

    def test_investment_as_text(self, people, ledger, rows):
        rows[1][6] = "约五亿"
        errors = self.refused(people.admin, ledger(rows))
        assert errors == ["第5行 G列（总投资）：“约五亿”不是数字（金额须填数字）"]

    def test_completed_larger_than_total(self, people, ledger, rows):
        rows[2][8] = 200000
        errors = self.refused(people.admin, ledger(rows))
        assert errors == ["第6行 I列（累计完成投资）：累计完成投资200000万元大于总投资180000万元"]

    def test_completed_larger_than_total_in_figures_as_typed(self, people, ledger, rows):
        rows[2][8], rows[2][6] = 200000.5, 180000.25
        errors = self.refused(people.admin, ledger(rows))
        assert errors == ["第6行 I列（累计完成投资）：累计完成投资200000.5万元大于总投资180000.25万元"]  # not 200000.50

    def test_a_name_twice_in_one_unit(self, people, ledger, rows):
        twin = list(rows[1])
        twin[0], twin[2] = "4", " 鄂尔多斯煤化工园区基础设施"
        errors = self.refused(people.admin, ledger([*rows, twin]))
        assert errors == ["第7行 C列（项目名称）：“鄂尔多斯煤化工园区基础设施”在鄂尔多斯市重复（第5行已有）"]

    def test_the_same_name_in_two_units_is_two_projects(self, people, ledger, rows):
        other = list(rows[1])
        other[3] = "包头市"
        assert run(people.admin, ledger([*rows, other])).created == 4

    def test_an_unreadable_procedure_state(self, people, ledger, rows):
        rows[0][13] = "差不多了"
        errors = self.refused(people.admin, ledger(rows))
        assert len(errors) == 1 and errors[0].startswith("第4行 N列（环评批复）：无法识别的办理状态“差不多了”")

    def test_every_bad_row_is_listed_and_a_good_row_is_not_written(self, people, ledger, rows):
        rows[0][6] = "abc"
        rows[2][3] = "不存在市"
        errors = self.refused(people.admin, ledger(rows))
        assert [e[:3] for e in errors] == ["第4行", "第6行"]

    def test_a_sheet_without_the_name_column(self, people, ledger, rows, header):
        errors = self.refused(people.admin, ledger(rows, header=[h if h != "项目名称" else "名目" for h in header]))
        assert "找不到表头" in errors[0]

    def test_a_sheet_without_total_investment(self, people, ledger, rows, header):
        changed = [h if not h.startswith("总投资") else "投资额" for h in header]
        errors = self.refused(people.admin, ledger(rows, header=changed))
        assert errors == ["第3行（表头）：缺少列 总投资"]

    def test_a_file_that_is_not_a_workbook(self, people, tmp_path):
        path = tmp_path / "台账.xlsx"
        path.write_bytes(b"not a zip")
        errors = self.refused(people.admin, path)
        assert errors[0].startswith("台账.xlsx：") and "xlsx" in errors[0]


class TestLedgerScope:
    def test_a_clerk_imports_its_own_units_projects(self, people, ledger, rows):
        result = run(people.ordos_clerk, ledger(rows[:2]))
        assert result.created == 2

    def test_a_clerk_cannot_import_another_units_projects(self, people, ledger, rows):
        with pytest.raises(ProjectRejected) as caught:
            run(people.ordos_clerk, ledger(rows))
        assert caught.value.errors == ["第6行：无权登记包头市的项目"]
        assert not Project.objects.exists()
