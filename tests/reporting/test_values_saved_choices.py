"""A values file's column decisions saved for the office ("记住这些列的处理方式") apply to the office's next file:
the preview shows them applied and marked 按本单位上次的选择, and the person can still change them; another office's
files are not touched by them; a saved mapping to a field the import does not have is said and not used. The bulk
file (page and `import-values --remember`) and the filled template (kept apart: its columns map to fewer fields)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from values_pages import TEMPLATE_URL, URL, FilledTemplate, as_user, decide, filled_template, upload, upload_template

from office_files import office_values_workbook
from plantrack.imports.models import ImportColumnChoice
from plantrack.orgs.models import User
from plantrack.reporting.bulk_import import import_bulk_file
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue
from plantrack.reporting.values_preview import preview_bulk_file


def saved(office, sheet="values") -> dict:
    return {h: (f"field:{f}" if c == "field" else c) for h, c, f in
            ImportColumnChoice.objects.filter(office=office, sheet=sheet).values_list("header", "choice", "field")}


@pytest.fixture
def office_file(tmp_path) -> Path:
    return office_values_workbook(tmp_path / "十月报表.xlsx")


class TestBulkFile:
    def test_the_page_remembers_and_the_next_preview_applies_and_marks_it(self, world, office_file, tmp_path):
        client = as_user(world.admin)
        done = client.post(URL, decide(upload(client, office_file), "ignore", remember="1"), follow=True)
        html = done.content.decode()
        assert "批量导入完成：新增3项" in html and "已为本单位记住这些列的处理方式" in html
        assert saved(world.region) == {"备注说明": "ignore"}

        again = upload(client, office_values_workbook(tmp_path / "十一月.xlsx"))
        preview = again.context["preview"]
        assert again.status_code == 200 and preview.unknown == [] and preview.ready
        column = next(c for c in preview.columns if c.header == "备注说明")
        assert column.ignored and column.saved
        assert "按本单位上次的选择" in again.content.decode()
        assert "G3 备注说明 → 忽略（按本单位上次的选择）" in "\n".join(preview.report())
        assert 'href="/imports/columns/"' in again.content.decode()  # where the office may forget it

    def test_the_person_can_still_change_a_saved_choice(self, world, tmp_path):
        ImportColumnChoice.objects.create(office=world.region, sheet="values", header="说明", choice="ignore")
        path = office_values_workbook(tmp_path / "v.xlsx", extra="说明", comment=False)
        client = as_user(world.admin)
        preview = upload(client, path)
        assert next(c for c in preview.context["preview"].columns if c.header == "说明").saved
        client.post(URL, decide(preview, "field:comment"))
        assert DataValue.objects.get(unit=world.baotou).comment == "初步核算"
        assert saved(world.region) == {"说明": "ignore"}  # changed for this file, not remembered

    def test_another_offices_choice_does_not_apply(self, world, office_file):
        ImportColumnChoice.objects.create(office=world.baotou, sheet="values", header="备注说明", choice="ignore")
        preview = preview_bulk_file(user=world.admin, plan=world.plan, source=office_file, name=office_file.name)
        assert [c.label for c in preview.unknown] == ["G3 备注说明"]
        baotou_planner = User.objects.create(username="baotou_planner", role=User.Role.ADMIN, unit=world.baotou)
        theirs = preview_bulk_file(user=baotou_planner, plan=world.plan, source=office_file, name=office_file.name)
        assert theirs.unknown == [] and theirs.settled_by_saved_choice[0].header == "备注说明"

    def test_a_saved_mapping_to_a_field_that_is_gone_is_said_and_not_used(self, world, office_file):
        ImportColumnChoice.objects.create(office=world.region, sheet="values", header="备注说明", choice="field",
                                          field="remark_text")
        preview = preview_bulk_file(user=world.admin, plan=world.plan, source=office_file, name=office_file.name)
        assert [c.label for c in preview.unknown] == ["G3 备注说明"]
        assert preview.choice_notes == ["G3“备注说明”：本单位上次的选择（对应字段：remark_text）已不适用，未采用"]
        with pytest.raises(ValuesRejected, match="无法识别的列 G3“备注说明”"):
            import_bulk_file(user=world.admin, plan=world.plan, source=office_file)
        assert not DataValue.objects.exists()
        page = upload(as_user(world.admin), office_file)
        assert "已不适用，未采用" in page.content.decode()

    def test_the_command_remembers_and_then_applies(self, world, office_file, tmp_path, capsys):
        call_command("import_values", str(office_file), "--user", "planning_admin", "--ignore", "备注说明",
                     "--remember")
        out = capsys.readouterr().out
        assert "新增3" in out and "已为本单位记住列的处理方式：备注说明=ignore" in out
        assert saved(world.region) == {"备注说明": "ignore"}
        call_command("import_values", str(office_values_workbook(tmp_path / "again.xlsx")), "--user",
                     "planning_admin", "--dry-run")
        assert "G3 备注说明 → 忽略（按本单位上次的选择）" in capsys.readouterr().out

    def test_a_choice_that_may_not_be_saved_refuses_before_anything_is_written(self, world, office_file):
        with pytest.raises(ValuesRejected, match="没有字段“colour”"):
            import_bulk_file(user=world.admin, plan=world.plan, source=office_file,
                             choices={"备注说明": "ignore", "颜色": "field:colour"}, remember_choices=True)
        assert not DataValue.objects.exists() and not ImportColumnChoice.objects.exists()


class TestTemplate:
    @pytest.fixture
    def filled(self, world, rounds_for) -> FilledTemplate:
        rounds_for("2026M10")
        return filled_template(world.ordos_clerk, world.ordos, "2026M10")

    def test_remembered_on_the_page_and_applied_to_the_next_template(self, world, filled):
        client = as_user(world.ordos_clerk)
        done = client.post(TEMPLATE_URL, decide(upload_template(client, filled.content), "field:comment", remember="1"),
                           follow=True)
        assert "模板已导入：新增2项" in done.content.decode()
        assert saved(world.ordos, "values_template") == {"说明": "field:comment"} and saved(world.ordos) == {}
        again = upload_template(as_user(world.ordos_clerk), filled.content)
        column = next(c for c in again.context["preview"].columns if c.header == "说明")
        assert column.field == "comment" and column.saved and again.context["preview"].unknown == []
        assert "按本单位上次的选择" in again.content.decode()

    def test_a_bulk_files_mapping_the_template_cannot_take_is_not_used(self, world, filled):
        ImportColumnChoice.objects.create(office=world.ordos, sheet="values_template", header="说明",
                                          choice="field", field="source")
        preview = upload_template(as_user(world.ordos_clerk), filled.content).context["preview"]
        assert [c.label for c in preview.unknown] == ["I4 说明"]
        assert preview.choice_notes == ["I4“说明”：本单位上次的选择（对应字段：source）已不适用，未采用"]
