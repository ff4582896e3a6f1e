"""A 分工方案 written the way offices write it (tests/office_files.py): chapter heading rows, 具体举措 and
备注, standard short names, collective units, a company and 各有关部门 — imported as written."""

from __future__ import annotations

from datetime import date

import pytest

import office_files
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.importing import import_task_file
from plantrack.tasks.models import Task, UnitAlias
from plantrack.tasks.unit_names import UnitNames, split_outside_brackets


def test_splitting_respects_brackets():
    assert split_outside_brackets("各旗县（市、区）人民政府、自治区水利厅") == [
        "各旗县（市、区）人民政府", "自治区水利厅"]
    assert split_outside_brackets("内蒙古电力（集团）有限责任公司，各有关部门") == [
        "内蒙古电力（集团）有限责任公司", "各有关部门"]


class TestDivisionOfWork:
    def test_imported_as_written(self, office, tree, tmp_path):
        path = office_files.division_of_work_plan(tmp_path / "分工方案.xlsx")
        result = import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)
        assert result.created == 4
        wind = Task.objects.get(title="推进大型风电光伏基地建设")
        assert wind.lead_unit.name == "自治区能源局"
        supporting = {u.name for u in wind.supporting_units.all()}
        assert {"自治区发展和改革委员会", "自治区自然资源厅"} <= supporting
        assert sum(1 for u in wind.supporting_units.all() if u.kind == "prefecture") == 12
        assert wind.measures.startswith("2027年底前新增新能源装机") and wind.remarks == "按年度滚动推进"
        assert wind.heading == "一、加快建设国家重要能源和战略资源基地"
        grid = Task.objects.get(title="完善电网主网架")
        assert grid.lead_text == "内蒙古电力（集团）有限责任公司" and grid.lead_unit == office.admin.unit
        assert grid.other_units == "各有关部门"
        sand = Task.objects.get(title="实施沙化土地综合治理")
        assert sand.lead_unit.name == "自治区林业和草原局" and sand.heading == "二、推动生态文明建设"
        assert sum(1 for u in sand.supporting_units.all() if u.kind == "county") == 103
        jobs = Task.objects.get(title="促进高校毕业生就业")
        assert jobs.lead_unit.name == "自治区人力资源和社会保障厅"
        assert any("各有关部门" in n for n in result.notes)
        assert any("内蒙古电力（集团）有限责任公司" in n for n in result.notes)

    def test_the_same_plan_twice_changes_nothing(self, office, tree, tmp_path):
        path = office_files.division_of_work_plan(tmp_path / "分工方案.xlsx")
        import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)
        again = import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 4)

    def test_an_alias_the_office_adds_is_understood(self, office, tree):
        assert UnitNames().find("区能源局") is None
        UnitAlias.objects.create(unit=tree["150000-NYJ"] if "150000-NYJ" in tree else
                                 next(u for u in tree.values() if u.name == "自治区能源局"), alias="区能源局")
        assert UnitNames().find("区能源局").name == "自治区能源局"

    def test_an_unknown_column_must_be_kept_or_ignored(self, office, tree, tmp_path):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["重点任务", "牵头单位", "完成时限", "督办层级"])
        sheet.append(["推进数字政府建设", "自治区发展改革委", "2027年底", "自治区级"])
        path = tmp_path / "分工.xlsx"
        book.save(path)
        with pytest.raises(TaskRejected, match="D列“督办层级”"):
            import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)
        import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name,
                         choices={"督办层级": "keep"})
        assert Task.objects.get(title="推进数字政府建设").extra == {"督办层级": "自治区级"}

    def test_control_characters_in_a_title_are_refused(self, office, tree, tmp_path):
        path = tmp_path / "分工.csv"
        path.write_text("重点任务,牵头单位,完成时限\n推进\u202e建设,自治区发展改革委,2027年底\n", encoding="utf-8")
        with pytest.raises(TaskRejected, match="控制字符"):
            import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)


class TestTaskGuards:
    @pytest.mark.parametrize("deadline", [date(1, 1, 1), date(9999, 12, 31)])
    def test_a_deadline_out_of_any_plan_is_refused(self, office, tree, deadline):
        from plantrack.tasks.services import task_fields

        with pytest.raises(TaskRejected, match="完成时限"):
            task_fields(plan=office.plan, title="推进某项工作", lead_unit=tree["150600"], deadline=deadline)

    def test_control_characters_in_progress_text_are_refused(self, office, tree, give_task):
        from plantrack.tasks.services import report_progress

        task = give_task(lead="150600")
        with pytest.raises(TaskRejected, match="控制字符"):
            report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3",
                            text="进展\x00", percent="10")


def test_the_command_dry_run_prints_the_rows_and_writes_nothing(office, tree, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = office_files.division_of_work_plan(tmp_path / "分工方案.xlsx")
    out = StringIO()
    call_command("import_tasks", str(path), "--dry-run", "--plan", str(office.plan.pk), stdout=out)
    text = out.getvalue()
    assert "完善电网主网架 | 内蒙古电力（集团）有限责任公司" in text and "dry run: 4 tasks read" in text
    assert not Task.objects.exists()


def test_the_export_carries_measures_remarks_and_kept_columns_and_reads_back_unchanged(office, tree, tmp_path,
                                                                                    client):
    from openpyxl import load_workbook

    path = office_files.division_of_work_plan(tmp_path / "分工方案.xlsx")
    import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)
    Task.objects.filter(title="完善电网主网架").update(extra={"督办层级": "自治区级"}, measures="=建成3项")
    client.force_login(office.admin)
    exported = tmp_path / "导出.xlsx"
    exported.write_bytes(client.get("/tasks/export.xlsx").content)
    cells = [c for row in load_workbook(exported).active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert {"具体举措", "备注", "附加：督办层级", "按年度滚动推进", "=建成3项", "各有关部门"} <= values
    again = import_task_file(user=office.admin, plan=office.plan, source=exported, name=exported.name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_the_upload_page_keeps_a_column_the_office_names(office, tree, tmp_path, client):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["重点任务", "牵头单位", "完成时限", "督办层级", "联系人"])
    sheet.append(["推进数字政府建设", "自治区发展改革委", "2027年底", "自治区级", "张三"])
    path = tmp_path / "分工.xlsx"
    book.save(path)
    client.force_login(office.admin)
    with path.open("rb") as f:
        refused = client.post("/tasks/import/", {"file": f, "plan": office.plan.pk})
    assert refused.status_code == 400 and "督办层级" in refused.content.decode()
    with path.open("rb") as f:
        client.post("/tasks/import/", {"file": f, "plan": office.plan.pk, "keep": "督办层级", "ignore": "联系人"})
    assert Task.objects.get(title="推进数字政府建设").extra == {"督办层级": "自治区级"}
