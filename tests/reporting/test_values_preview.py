"""The values import shows what it read before it writes: a workbook written the way an office writes it (title
lines, a merged two-row header, a chapter heading, a 合计 row, a 注 row, a column the import does not know) is
previewed with every column, every skipped row and the first rows as stored; a column not recognised must be
ignored or mapped before anything is written; cancelling writes nothing. Page, service and command line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from values_pages import TEMPLATE_URL, URL, FilledTemplate, as_user, decide, filled_template, upload, upload_template

from office_files import office_values_workbook
from plantrack.reporting.bulk_import import import_bulk_file
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue, DataValueChange
from plantrack.reporting.values_preview import preview_bulk_file


def nothing_written() -> bool:
    return not DataValue.objects.exists() and not DataValueChange.objects.exists()


@pytest.fixture
def office_file(tmp_path) -> Path:
    return office_values_workbook(tmp_path / "十月报表.xlsx")


class TestPreview:
    def test_it_lists_each_column_the_unknown_one_the_skipped_rows_and_the_rows_as_stored(self, world, office_file):
        preview = preview_bulk_file(user=world.admin, plan=world.plan, source=office_file, name="十月报表.xlsx")
        assert nothing_written()
        assert [(c.ref, c.header, c.field) for c in preview.columns] == [
            ("A3", "指标编码", "indicator_code"), ("B3", "单位代码", "unit_code"), ("C3", "报告期", "period"),
            ("D4", "本期数据/数值", "value"), ("E4", "本期数据/计量单位", "measure_unit"), ("F3", "备注", "comment"),
            ("G3", "备注说明", None)]
        assert [c.label for c in preview.unknown] == ["G3 备注说明"]
        assert [(r.number, r.shape) for r in preview.skipped] == [
            (1, "heading"), (2, "heading"), (5, "heading"), (9, "total"), (10, "note")]
        assert preview.skipped[3].text.startswith("合计")
        assert preview.value_rows == 3 and not preview.problems
        first = preview.first_rows[0]
        assert (first.where, first.indicator, first.unit, first.period, first.figure, first.comment) == (
            "工作表“十月”第6行", "1 地区生产总值", "150600 鄂尔多斯市", "2026年10月", "2500.5", "快报数")
        assert preview.outcome.created == 3 and not preview.ready  # the unknown column stands in the way

    def test_a_decided_column_makes_it_ready_and_the_report_says_so(self, world, office_file):
        preview = preview_bulk_file(user=world.admin, plan=world.plan, source=office_file, name="十月报表.xlsx",
                                    choices={"备注说明": "ignore"})
        assert preview.ready and preview.ignored[0].label == "G3 备注说明"
        report = "\n".join(preview.report())
        assert "G3 备注说明 → 忽略" in report and "D4 本期数据/数值 → 数值（value）" in report
        assert "合计行 第9行：合计" in report and "注释行 第10行：注：本表数据为快报数" in report
        assert "确认后将新增3项" in report

    def test_problems_of_the_rows_are_found_by_the_same_checks(self, world, tmp_path):
        rows = [("1", "150600", "2026M10", 2500.5, "亿元", None, None),
                ("1", "159999", "2026M10", 3, "亿元", None, None)]
        preview = preview_bulk_file(user=world.admin, plan=world.plan, name="v.xlsx",
                                    source=office_values_workbook(tmp_path / "v.xlsx", rows),
                                    choices={"备注说明": "ignore"})
        assert [f.line() for f in preview.problems] == ["工作表“十月”第7行 B列（unit_code）：单位代码“159999”不存在"]
        assert preview.outcome is None and not preview.ready and nothing_written()


class TestImport:
    def test_an_unsettled_column_refuses_the_file_before_any_row_is_read(self, world, office_file):
        with pytest.raises(ValuesRejected) as info:
            import_bulk_file(user=world.admin, plan=world.plan, source=office_file)
        error = info.value.errors[0]
        assert error.code == "unknown_column" and "G3“备注说明”" in error.message
        assert error.where == "工作表“十月”第3–4行（表头）"
        assert nothing_written()

    def test_ignoring_it_writes_exactly_the_value_rows(self, world, office_file):
        result = import_bulk_file(user=world.admin, plan=world.plan, source=office_file,
                                  choices={"备注说明": "ignore"})
        assert (result.created, result.skipped_rows, result.ignored_columns) == (3, 5, ["G3 备注说明"])
        stored = sorted(DataValue.objects.values_list("indicator__code", "unit__code", "period", "value", "comment"))
        assert stored == [("1", "150200", "2026M10", Decimal("3100"), ""),
                          ("1", "150600", "2026M10", Decimal("2500.5"), "快报数"),
                          ("2", "150600", "2026M10", Decimal("72.3"), "")]

    def test_a_column_mapped_to_the_comment_is_stored_as_the_comment(self, world, tmp_path):
        path = office_values_workbook(tmp_path / "v.xlsx", extra="说明", comment=False)
        import_bulk_file(user=world.admin, plan=world.plan, source=path, choices={"说明": "field:comment"})
        assert DataValue.objects.get(unit=world.baotou).comment == "初步核算"

    def test_mapping_to_a_field_another_column_holds_is_refused(self, world, office_file):
        with pytest.raises(ValuesRejected) as info:
            import_bulk_file(user=world.admin, plan=world.plan, source=office_file,
                             choices={"备注说明": "field:comment"})
        assert "G列“备注说明”对应的字段comment已由F列读取" in info.value.errors[0].message
        assert nothing_written()

    def test_a_merged_cell_among_the_values_is_still_refused(self, world, tmp_path):
        from openpyxl import load_workbook

        path = office_values_workbook(tmp_path / "v.xlsx")
        book = load_workbook(path)
        book.active.merge_cells("B6:B7")
        book.save(path)
        with pytest.raises(ValuesRejected) as info:
            import_bulk_file(user=world.admin, plan=world.plan, source=path, choices={"备注说明": "ignore"})
        assert info.value.errors[0].line() == "工作表“十月”：含合并单元格 B6:B7：请取消合并，每格只填一个值"


class TestPage:
    def test_the_upload_shows_the_preview_and_writes_nothing(self, world, office_file):
        response = upload(as_user(world.admin), office_file)
        assert response.status_code == 200 and nothing_written()
        html = response.content.decode()
        assert 'data-column="备注说明" class="unknown"' in html and "G3" in html
        assert "第9行（合计行）：合计" in html and "第10行（注释行）" in html
        assert "第5行（标题行）：一、经济发展" in html
        assert "150600 鄂尔多斯市" in html and "2500.5" in html

    def test_confirming_without_a_decision_is_refused_and_writes_nothing(self, world, office_file):
        client = as_user(world.admin)
        preview = upload(client, office_file)
        response = client.post(URL, decide(preview, ""))
        assert response.status_code == 400 and "无法识别的列 G3“备注说明”" in response.content.decode()
        assert nothing_written()

    def test_confirming_with_ignore_writes_the_value_rows_and_says_what_was_ignored(self, world, office_file):
        client = as_user(world.admin)
        done = client.post(URL, decide(upload(client, office_file), "ignore"), follow=True)
        html = done.content.decode()
        assert "批量导入完成：新增3项" in html and "按您的选择忽略了列 G3 备注说明" in html
        assert "跳过标题、合计、注释等行5行" in html
        assert DataValue.objects.count() == 3 and set(DataValue.objects.values_list("channel", flat=True)) == {"bulk"}

    def test_mapping_the_column_to_the_comment_on_the_page(self, world, tmp_path):
        client = as_user(world.admin)
        path = office_values_workbook(tmp_path / "v.xlsx", extra="说明", comment=False)
        again = client.post(URL, decide(upload(client, path), "field:comment", action="apply"))
        assert again.status_code == 200 and "初步核算" in again.content.decode()  # the preview shows it as comment
        client.post(URL, decide(again, "field:comment"))
        assert DataValue.objects.get(unit=world.ordos, indicator=world.gdp).comment == "含能源工业"

    def test_cancelling_writes_nothing_and_forgets_the_file(self, world, office_file, settings, tmp_path):
        settings.DATA_DIR = tmp_path / "data"
        client = as_user(world.admin)
        preview = upload(client, office_file)
        staged = list((Path(settings.DATA_DIR) / "staged-uploads").iterdir())
        assert len(staged) == 1
        response = client.post(URL, decide(preview, "ignore", action="cancel"), follow=True)
        assert "已取消导入，没有写入任何数据" in response.content.decode()
        assert nothing_written() and not staged[0].exists()
        late = client.post(URL, decide(preview, "ignore"), follow=True)
        assert "上传的文件已失效" in late.content.decode() and nothing_written()

    def test_a_clerk_uploading_another_units_rows_gets_403_and_the_file_is_forgotten(self, world, office_file,
                                                                                     settings, tmp_path):
        settings.DATA_DIR = tmp_path / "data"
        response = upload(as_user(world.ordos_clerk), office_file)  # a 包头市 row among 鄂尔多斯市's
        assert response.status_code == 403 and nothing_written()
        assert not any((tmp_path / "data" / "staged-uploads").iterdir())

    def test_another_users_token_is_not_taken(self, world, office_file):
        preview = upload(as_user(world.admin), office_file)
        as_user(world.ordos_clerk).post(URL, decide(preview, "ignore"))
        assert nothing_written()


class TestCommand:
    def test_dry_run_prints_the_report_and_writes_nothing(self, world, office_file, capsys):
        call_command("import_values", str(office_file), "--user", "planning_admin", "--dry-run")
        out = capsys.readouterr().out
        assert "G3 备注说明 → 未识别" in out and "合计行 第9行" in out and "数值行 3 行" in out
        assert "工作表“十月”第6行: 1 地区生产总值 | 150600 鄂尔多斯市 | 2026年10月 | 2500.5 亿元 | 快报数" in out
        assert "dry run" in out and nothing_written()

    def test_without_a_decision_it_refuses_in_one_line(self, world, office_file):
        from plantrack.cli import main

        with pytest.raises(CommandError) as info:
            call_command("import_values", str(office_file), "--user", "planning_admin")
        message = str(info.value)
        assert "\n" not in message and "无法识别的列 G3“备注说明”" in message and "--ignore 备注说明" in message
        assert nothing_written()
        assert main(["import-values", str(office_file), "--user", "planning_admin"]) == 1

    def test_ignore_and_map_settle_the_column(self, world, office_file, tmp_path, capsys):
        call_command("import_values", str(office_file), "--user", "planning_admin", "--ignore", "备注说明")
        assert "新增3" in capsys.readouterr().out and DataValue.objects.count() == 3
        path = office_values_workbook(tmp_path / "v.xlsx", extra="说明", comment=False)
        call_command("import_values", str(path), "--user", "planning_admin", "--map", "说明=comment")
        assert DataValue.objects.get(unit=world.baotou).comment == "初步核算"


class TestTemplate:
    """The filled Excel template has the same preview: a column added to it, and a 合计 and a 注 row added below."""

    @pytest.fixture
    def filled(self, world, rounds_for) -> FilledTemplate:
        rounds_for("2026M10")
        return filled_template(world.ordos_clerk, world.ordos, "2026M10")

    def test_the_preview_names_the_added_column_and_the_rows_below(self, world, filled):
        response = upload_template(as_user(world.ordos_clerk), filled.content)
        assert response.status_code == 200 and nothing_written()
        preview = response.context["preview"]
        assert [c.label for c in preview.unknown] == ["I4 说明"]
        assert [(r.number, r.shape) for r in preview.skipped][-2:] == [(filled.total_row, "total"),
                                                                       (filled.note_row, "note")]
        assert preview.value_rows == 2 and preview.first_rows[0].figure == "2600"

    def test_confirming_without_a_decision_is_refused(self, world, filled):
        client = as_user(world.ordos_clerk)
        response = client.post(TEMPLATE_URL, decide(upload_template(client, filled.content), ""))
        assert response.status_code == 400 and "无法识别的列 I4“说明”" in response.content.decode()
        assert nothing_written()

    def test_mapped_to_the_comment_the_text_is_kept(self, world, filled):
        client = as_user(world.ordos_clerk)
        done = client.post(TEMPLATE_URL, decide(upload_template(client, filled.content), "field:comment"), follow=True)
        assert "模板已导入：新增2项" in done.content.decode()
        assert DataValue.objects.get(indicator=world.gdp, unit=world.ordos).comment == "含园区数据"
        assert set(DataValue.objects.values_list("channel", flat=True)) == {"template"}

    def test_ignored_it_is_said_and_cancel_writes_nothing(self, world, filled):
        client = as_user(world.ordos_clerk)
        previewed = upload_template(client, filled.content)
        cancelled = client.post(TEMPLATE_URL, decide(previewed, "ignore", action="cancel"))
        assert cancelled.status_code == 302 and nothing_written()
        done = client.post(TEMPLATE_URL, decide(upload_template(client, filled.content), "ignore"), follow=True)
        assert "按您的选择忽略了列 I4 说明" in done.content.decode()
        assert DataValue.objects.get(indicator=world.gdp, unit=world.ordos).comment == ""
