"""A ledger's column decisions saved for the office ("记住这些列的处理方式") settle the same columns in the office's
next ledger, on the page and the command line; the preview marks each column a saved choice settled
(按本单位上次的选择); another office's ledger is not touched by them; a saved mapping to a field the ledger no
longer has is said and not used, so the column is asked about again."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

import office_files
from plantrack.imports.models import ImportColumnChoice
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger, preview_ledger
from plantrack.projects.models import Project


def ledger(tmp_path, name="附加列.xlsx", rows=(("乌审旗天然气综合利用", "乌审旗", 60000, "自治区级", "是"),)):
    book = Workbook()
    sheet = book.active
    sheet.append(["2027年重大项目台账"])
    sheet.append(["项目名称", "所属旗县", "总投资（万元）", "调度层级", "招商引资"])
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    book.save(path)
    return path


def test_remembered_choices_settle_the_offices_next_ledger_and_no_other_offices(people, tmp_path):
    first = ledger(tmp_path)
    import_ledger(user=people.ordos_clerk, source=first, name=first.name,
                  choices={"调度层级": "keep", "招商引资": "ignore"}, remember_choices=True)
    assert sorted(ImportColumnChoice.objects.values_list("sheet", "header", "choice")) == [
        ("ledger", "招商引资", "ignore"), ("ledger", "调度层级", "keep")]
    second = ledger(tmp_path, "下月.xlsx", rows=[("乌审旗光伏治沙", "乌审旗", 30000, "盟市级", "否")])
    preview = preview_ledger(user=people.ordos_clerk, source=second, name=second.name)
    assert preview.unknown == []
    assert {c.header: c.meaning for c in preview.columns}["调度层级"] == "附加属性：调度层级"
    import_ledger(user=people.ordos_clerk, source=second, name=second.name)
    assert Project.objects.get(name="乌审旗光伏治沙").extra == {"调度层级": "盟市级"}
    other = preview_ledger(user=people.baotou_clerk, source=second, name=second.name)
    assert [c.header for c in other.unknown] == ["调度层级", "招商引资"]


def test_choices_are_not_kept_when_the_import_is_refused(people, tmp_path):
    bad = ledger(tmp_path, rows=[("乌审旗天然气综合利用", "乌审旗", "很多", "自治区级", "是")])
    with pytest.raises(ProjectRejected):
        import_ledger(user=people.ordos_clerk, source=bad, name=bad.name,
                      choices={"调度层级": "keep", "招商引资": "ignore"}, remember_choices=True)
    assert not ImportColumnChoice.objects.exists() and not Project.objects.exists()


def test_a_saved_mapping_to_a_field_that_is_gone_is_said_and_not_used(people, tmp_path):
    ImportColumnChoice.objects.create(office=people.ordos_clerk.unit, sheet="ledger", header="调度层级",
                                      choice="field", field="dispatch_level")
    ImportColumnChoice.objects.create(office=people.ordos_clerk.unit, sheet="ledger", header="招商引资",
                                      choice="ignore")
    path = ledger(tmp_path)
    preview = preview_ledger(user=people.ordos_clerk, source=path, name=path.name)
    assert [c.header for c in preview.unknown] == ["调度层级"] and not preview.errors
    assert "本单位上次对“调度层级”列的选择（对应字段：dispatch_level）已不适用，未采用" in preview.notes
    with pytest.raises(ProjectRejected, match="D列“调度层级”"):
        import_ledger(user=people.ordos_clerk, source=path, name=path.name)
    assert not Project.objects.exists()
    import_ledger(user=people.ordos_clerk, source=path, name=path.name, choices={"调度层级": "keep"},
                  remember_choices=True)
    assert ImportColumnChoice.objects.get(header="调度层级").choice == "keep"


def test_the_page_remembers_and_the_command_line_reuses(people, client, tmp_path):
    path = ledger(tmp_path)
    client.force_login(people.ordos_clerk)
    with path.open("rb") as fh:
        preview = client.post("/projects/import/", {"file": fh})
    columns = preview.context["columns"]
    data = {"token": preview.context["token"], "columns": str(len(columns)), "confirm": "1", "remember": "1",
            "unit": "", "year": "", "week": ""}
    for i, column in columns:
        if column.header in ("调度层级", "招商引资"):
            data[f"col-{i}-key"] = column.key
            data[f"col-{i}-choice"] = "keep" if column.header == "调度层级" else "ignore"
    client.post("/projects/import/", data)
    assert Project.objects.get().extra == {"调度层级": "自治区级"}
    assert ImportColumnChoice.objects.filter(office=people.ordos_clerk.unit, sheet="ledger").count() == 2
    again = ledger(tmp_path, "再一次.xlsx", rows=[("乌审旗光伏治沙", "乌审旗", 30000, "盟市级", "否")])
    out = StringIO()
    call_command("import_projects", str(again), "--user", "ordos_clerk", stdout=out)
    assert "附加属性：调度层级" in out.getvalue() and "新增1个项目" in out.getvalue()


URL = "/projects/import/"


def upload(client, path):
    with path.open("rb") as fh:
        return client.post(URL, {"file": fh})


def settle(preview, choices: dict, **extra) -> dict:
    """The preview form sent back with `choices` for the columns they name."""
    columns = preview.context["columns"]
    data = {"token": preview.context["token"], "columns": str(len(columns)), "unit": "", "year": "", "week": "",
            **extra}
    for i, column in columns:
        if column.header in choices:
            data[f"col-{i}-key"] = column.key
            data[f"col-{i}-choice"] = choices[column.header]
    return data


def column_row(page, header: str) -> str:
    """The row of the preview's column table for `header`, as rendered."""
    found = re.search(rf'<tr data-column="{header}"[^>]*>.*?</tr>', page.content.decode(), re.S)
    assert found, header
    return found.group(0)


class TestThePreviewMarksWhatCameFromLastTime:
    def test_a_mapping_remembered_with_one_ledger_is_marked_on_the_next_ones_preview(self, people, client, tmp_path):
        client.force_login(people.ordos_clerk)
        first = upload(client, office_files.county_weekly_ledger(tmp_path / "达拉特旗第14周.xlsx", second_remarks=True))
        assert first.status_code == 200
        assert 'class="unknown"' in column_row(first, "备注2")
        assert "按本单位上次的选择" not in first.content.decode()
        done = client.post(URL, settle(first, {"备注2": "field:remarks"}, confirm="1", remember="1"), follow=True)
        assert "项目台账已导入" in done.content.decode()
        assert Project.objects.get(name="树林召镇农畜产品加工园").remarks == "需市里协调电力接入"

        second = upload(client, office_files.county_weekly_ledger(tmp_path / "达拉特旗第15周.xlsx",
                                                                  second_remarks=True))
        row = column_row(second, "备注2")
        assert second.status_code == 200 and 'class="unknown"' not in row
        assert '<option value="field:remarks" selected>' in row and "按本单位上次的选择" in row
        assert second.content.decode().count("按本单位上次的选择") == 1  # the known columns are not marked

    def test_a_choice_given_for_this_file_is_not_marked_as_last_times(self, people, client, tmp_path):
        ImportColumnChoice.objects.create(office=people.ordos_clerk.unit, sheet="ledger", header="备注2",
                                          choice="ignore")
        client.force_login(people.ordos_clerk)
        path = office_files.county_weekly_ledger(tmp_path / "周.xlsx", second_remarks=True)
        preview = upload(client, path)
        assert "按本单位上次的选择" in column_row(preview, "备注2")
        changed = client.post(URL, settle(preview, {"备注2": "keep"}, apply="1"))
        row = column_row(changed, "备注2")
        assert '<option value="keep" selected>' in row and "按本单位上次的选择" not in row

    def test_a_stale_saved_mapping_is_said_on_its_column(self, people, client, tmp_path):
        ImportColumnChoice.objects.create(office=people.ordos_clerk.unit, sheet="ledger", header="备注2",
                                          choice="field", field="dispatch_level")
        client.force_login(people.ordos_clerk)
        row = column_row(upload(client, office_files.county_weekly_ledger(tmp_path / "周.xlsx",
                                                                          second_remarks=True)), "备注2")
        assert 'class="unknown"' in row
        assert "本单位上次的选择（对应字段：dispatch_level）已不适用，未采用" in row

    def test_the_command_line_says_which_columns_came_from_last_time(self, people, tmp_path):
        ImportColumnChoice.objects.create(office=people.ordos_clerk.unit, sheet="ledger", header="备注2",
                                          choice="field", field="remarks")
        out = StringIO()
        call_command("import_projects", str(office_files.county_weekly_ledger(tmp_path / "周.xlsx",
                                                                              second_remarks=True)),
                     "--user", "ordos_clerk", "--dry-run", stdout=out)
        assert "S 备注2 → 备注（按本单位上次的选择）" in out.getvalue()
