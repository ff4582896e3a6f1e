"""Importing a 分工方案 (任务 / 牵头单位 / 配合单位 / 完成时限) from xlsx or csv.

All or nothing; every error names its row and column.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.importing import import_task_file
from plantrack.tasks.models import Task

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限", "规划章节", "服务指标"]
ROWS = [
    [1, "建设库布其沙漠新能源基地", "鄂尔多斯市", "包头市、150000-FGW", "2028年6月", "第四章第二节", "16"],
    [2, "推进风光制氢一体化示范", "150200", "", "2027年底", "5.1", ""],
    [3, "完成防沙治沙年度任务", "鄂尔多斯市人民政府", "各盟市", "持续推进", "第七章", "森林覆盖率"],
    [4, "开展就业帮扶", "自治区发展和改革委员会", None, dt.datetime(2026, 12, 31), None, None],
]


def write_xlsx(path, rows, *, title="示范自治区“十五五”规划纲要重点任务分工方案", header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([])  # a spacer row under the title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, rows, *, encoding="utf-8-sig"):
    import csv

    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(["" if c is None else c for c in row])
    return path


def run_import(office, path):
    return import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)


class TestImport:
    def test_an_office_sheet_under_a_title_row_is_read(self, office, tree, tmp_path):
        result = run_import(office, write_xlsx(tmp_path / "分工方案.xlsx", ROWS))
        assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
        base = Task.objects.get(title="建设库布其沙漠新能源基地")
        assert base.lead_unit.code == "150600" and base.deadline == dt.date(2028, 6, 30)
        assert {u.code for u in base.supporting_units.all()} == {"150200", "150000-FGW"}
        assert base.node == office.section4_2 and list(base.indicators.all()) == [office.forest]
        hydrogen = Task.objects.get(title="推进风光制氢一体化示范")
        assert hydrogen.lead_unit.code == "150200" and hydrogen.chapter_number == 5 and hydrogen.node.number == 1
        sand = Task.objects.get(title="完成防沙治沙年度任务")
        assert sand.is_ongoing and sand.deadline is None and sand.chapter_number == 7
        assert sand.supporting_units.count() == 11  # 各盟市: every 盟市 but the lead
        jobs = Task.objects.get(title="开展就业帮扶")
        assert jobs.lead_unit.code == "150000-FGW" and jobs.deadline == dt.date(2026, 12, 31)

    def test_the_same_file_twice_changes_nothing(self, office, tmp_path):
        path = write_xlsx(tmp_path / "分工方案.xlsx", ROWS)
        run_import(office, path)
        before = list(Task.objects.order_by("pk").values())
        result = run_import(office, path)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
        assert list(Task.objects.order_by("pk").values()) == before

    def test_a_later_sheet_updates_the_tasks_it_names(self, office, tmp_path):
        run_import(office, write_xlsx(tmp_path / "v1.xlsx", ROWS))
        changed = [list(r) for r in ROWS[:2]]
        changed[0][4] = "2029年底"
        changed[1][2] = "鄂尔多斯市"
        result = run_import(office, write_xlsx(tmp_path / "v2.xlsx", changed))
        assert (result.created, result.updated, result.unchanged) == (0, 2, 0)
        assert Task.objects.get(title=ROWS[0][1]).deadline == dt.date(2029, 12, 31)
        assert Task.objects.get(title=ROWS[1][1]).lead_unit.code == "150600"
        assert Task.objects.count() == 4

    def test_a_csv_from_chinese_excel_in_gb18030_is_read(self, office, tmp_path):
        result = run_import(office, write_csv(tmp_path / "分工.csv", ROWS[:2], encoding="gb18030"))
        assert result.created == 2

    def test_several_lead_units_keep_the_first_as_lead_and_say_so(self, office, tmp_path):
        rows = [[1, "联合推进的任务", "鄂尔多斯市、包头市", "", "2027年底", "", ""]]
        result = run_import(office, write_xlsx(tmp_path / "a.xlsx", rows))
        task = Task.objects.get(title="联合推进的任务")
        assert task.lead_unit.code == "150600" and [u.code for u in task.supporting_units.all()] == ["150200"]
        assert result.notes and "第4行" in result.notes[0]


class TestBadRows:
    def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(self, office, tmp_path):
        rows = [
            ROWS[0],
            [2, "推进风光制氢一体化示范", "包头", "", "2027年底", "", ""],            # unknown unit
            [3, "开展就业帮扶", "包头市", "某某局", "尽快", "", ""],                   # unknown unit, bad deadline
            [4, None, "包头市", "", "2027年底", "", ""],                                # task missing
            [5, "建设库布其沙漠新能源基地", "包头市", "", "2027年底", "", ""],          # duplicate
            [6, "新任务", "", "", "2027年底", "第九十九章", "不存在的指标"],  # no lead, bad chapter, indicator
        ]
        with pytest.raises(TaskRejected) as caught:
            run_import(office, write_xlsx(tmp_path / "bad.xlsx", rows))
        errors = caught.value.errors
        assert "第5行 C列（牵头单位）：单位“包头”不存在（请写单位全称、规范简称或代码，或在单位别名中添加）" in errors
        assert "第6行 D列（配合单位）：单位“某某局”不存在（请写单位全称、规范简称或代码，或在单位别名中添加）" in errors
        assert any(e.startswith("第6行 E列（完成时限）：") and "尽快" in e for e in errors)
        assert "第7行 B列（任务）：任务为空，但这一行有其他内容" in errors
        assert "第8行 B列（任务）：与第4行的任务重复" in errors
        assert "第9行 C列（牵头单位）：必须填写牵头单位" in errors
        assert "第9行 F列（规划章节）：规划中没有“第九十九章”" in errors
        assert "第9行 G列（服务指标）：指标“不存在的指标”不在指标库中" in errors
        assert len(errors) == 8
        assert not Task.objects.exists()

    def test_a_csv_names_its_lines(self, office, tmp_path):
        with pytest.raises(TaskRejected) as caught:
            run_import(office, write_csv(tmp_path / "bad.csv", [ROWS[0], [2, "任务乙", "火星市", "", "2027年底"]]))
        assert caught.value.errors == ["第3行 C列（牵头单位）：单位“火星市”不存在（请写单位全称、规范简称或代码，"
                                    "或在单位别名中添加）"]

    def test_a_sheet_without_the_columns_is_refused(self, office, tmp_path):
        path = write_xlsx(tmp_path / "x.xlsx", [[1, "a", "b"]], header=["序号", "名称", "单位"])
        with pytest.raises(TaskRejected, match="找不到表头"):
            run_import(office, path)

    def test_a_header_without_the_deadline_column_says_so(self, office, tmp_path):
        path = write_xlsx(tmp_path / "x.xlsx", [[1, "任务甲", "包头市"]], header=["序号", "任务", "牵头单位"])
        with pytest.raises(TaskRejected, match="第3行（表头）：缺少列 完成时限"):
            run_import(office, path)

    def test_a_broken_or_foreign_file_is_refused(self, office, tmp_path):
        broken = tmp_path / "broken.xlsx"
        broken.write_bytes(b"PK\x03\x04 not really a workbook")
        with pytest.raises(TaskRejected, match="不是有效的xlsx工作簿"):
            run_import(office, broken)
        doc = tmp_path / "plan.docx"
        doc.write_bytes(b"x")
        with pytest.raises(TaskRejected, match="不支持的文件类型"):
            run_import(office, doc)

    def test_only_the_office_imports(self, office, tmp_path):
        with pytest.raises(PermissionDenied):
            import_task_file(user=office.ordos_clerk, plan=office.plan,
                             source=write_xlsx(tmp_path / "a.xlsx", ROWS), name="a.xlsx")
        assert not Task.objects.exists()


class TestCommandAndPage:
    def test_the_command_imports_and_reports_counts(self, office, tmp_path):
        out = StringIO()
        call_command("import_tasks", str(write_xlsx(tmp_path / "分工方案.xlsx", ROWS)), "--plan",
                     str(office.plan.pk), stdout=out)
        assert "新增4项，更新0项，未变0项" in out.getvalue()

    def test_the_command_lists_the_errors_and_writes_nothing(self, office, tmp_path):
        path = write_xlsx(tmp_path / "bad.xlsx", [[1, "任务甲", "火星市", "", "2027年底"]])
        with pytest.raises(CommandError) as caught:
            call_command("import_tasks", str(path), "--plan", str(office.plan.pk))
        assert "nothing imported" in str(caught.value) and "第4行 C列（牵头单位）" in str(caught.value)
        assert not Task.objects.exists()

    def test_the_upload_page_imports_and_shows_errors(self, office, client, tmp_path):
        client.force_login(office.admin)
        bad = write_xlsx(tmp_path / "bad.xlsx", [[1, "任务甲", "火星市", "", "2027年底"]])
        with open(bad, "rb") as fh:
            response = client.post(reverse("tasks:import"), {"file": fh, "plan": office.plan.pk})
        assert response.status_code == 400 and "单位“火星市”不存在" in response.content.decode()
        good = write_xlsx(tmp_path / "good.xlsx", ROWS)
        with open(good, "rb") as fh:
            response = client.post(reverse("tasks:import"), {"file": fh, "plan": office.plan.pk}, follow=True)
        assert "新增4项" in response.content.decode() and Task.objects.count() == 4
        client.force_login(office.ordos_clerk)
        assert client.get(reverse("tasks:import")).status_code == 403


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read(office, tmp_path, settings):
    settings.PLANTRACK_MAX_UPLOAD_BYTES = 1024
    path = write_xlsx(tmp_path / "big.xlsx", ROWS * 20)
    with pytest.raises(TaskRejected, match="超过上限"):
        run_import(office, path)
    assert not Task.objects.exists()


def test_a_sheet_without_the_optional_columns_leaves_what_the_office_set_alone(office, tmp_path, give_task):
    task = give_task("推进风光制氢一体化示范", lead="150200", node=office.section4_2, indicators=[office.forest],
                     deadline="2027年底")
    rows = [[1, "推进风光制氢一体化示范", "包头市", "", "2028年底"]]
    result = run_import(office, write_xlsx(tmp_path / "short.xlsx", rows, header=HEADER[:5]))
    assert result.updated == 1
    task.refresh_from_db()
    assert task.deadline == dt.date(2028, 12, 31)
    assert task.node == office.section4_2 and list(task.indicators.all()) == [office.forest]
