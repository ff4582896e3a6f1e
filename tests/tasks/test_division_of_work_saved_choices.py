"""A 分工方案's column decisions saved for the office settle the same columns of its next 分工方案: on the page the
second step shows them pre-filled and marked 按本单位上次的选择; the command line applies and prints them; another
office's sheets are not touched by them; a saved choice the 分工方案 cannot apply (a field mapping) is said and not
used, and the file is refused until the column is settled."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from plantrack.imports.models import ImportColumnChoice
from plantrack.orgs.models import User
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.importing import import_task_file
from plantrack.tasks.models import Task

URL = "/tasks/import/"


def sheet(tmp_path, name="分工.xlsx", title="推进数字政府建设"):
    book = Workbook()
    rows = book.active
    rows.append(["重点任务", "牵头单位", "完成时限", "督办层级", "联系人"])
    rows.append([title, "自治区发展改革委", "2027年底", "自治区级", "张三"])
    path = tmp_path / name
    book.save(path)
    return path


def saved(office) -> dict:
    return dict(ImportColumnChoice.objects.filter(office=office, sheet="division_of_work")
                .values_list("header", "choice"))


class TestService:
    def test_remembered_choices_settle_the_next_sheet_and_are_said(self, office, tmp_path):
        first = sheet(tmp_path)
        import_task_file(user=office.admin, plan=office.plan, source=first, name=first.name,
                         choices={"督办层级": "keep", "联系人": "ignore"}, remember_choices=True)
        assert saved(office.admin.unit) == {"督办层级": "keep", "联系人": "ignore"}
        second = sheet(tmp_path, "下一份.xlsx", title="推进政务服务一网通办")
        result = import_task_file(user=office.admin, plan=office.plan, source=second, name=second.name)
        assert result.created == 1
        assert Task.objects.get(title="推进政务服务一网通办").extra == {"督办层级": "自治区级"}
        assert "D列“督办层级”：按本单位上次的选择，保留为附加属性" in result.notes
        assert "E列“联系人”：按本单位上次的选择，忽略" in result.notes

    def test_another_offices_choices_do_not_apply(self, office, tree, tmp_path):
        ImportColumnChoice.objects.create(office=tree["150600"], sheet="division_of_work", header="督办层级",
                                          choice="keep")
        ImportColumnChoice.objects.create(office=tree["150600"], sheet="division_of_work", header="联系人",
                                          choice="ignore")
        path = sheet(tmp_path)
        with pytest.raises(TaskRejected, match="D列“督办层级”、E列“联系人”"):
            import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name)
        assert not Task.objects.exists()

    def test_a_saved_field_mapping_is_said_and_not_used(self, office, tmp_path):
        ImportColumnChoice.objects.create(office=office.admin.unit, sheet="division_of_work", header="督办层级",
                                          choice="field", field="remarks")
        path = sheet(tmp_path)
        with pytest.raises(TaskRejected) as refused:
            import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name,
                             choices={"联系人": "ignore"})
        assert "D列“督办层级”：本单位上次的选择（对应字段：remarks）已不适用，未采用" in refused.value.errors
        assert not Task.objects.exists()

    def test_choices_that_may_not_be_saved_refuse_the_import(self, office, tmp_path):
        path = sheet(tmp_path)
        with pytest.raises(TaskRejected, match="处理方式“field:remarks”无法记住"):
            import_task_file(user=office.admin, plan=office.plan, source=path, name=path.name,
                             choices={"督办层级": "keep", "联系人": "ignore", "其他": "field:remarks"},
                             remember_choices=True)
        assert not Task.objects.exists() and not ImportColumnChoice.objects.exists()


class TestPage:
    def columns_step(self, client, path, **fields):
        with path.open("rb") as fh:
            return client.post(URL, {"file": fh, "plan": fields.pop("plan"), **fields})

    def send_back(self, step, choices: dict, **extra) -> dict:
        data = {"token": step.context["token"], "plan": step.context["plan"].pk,
                "columns": str(len(step.context["columns"])), **extra}
        for i, column in step.context["columns"]:
            data[f"col-{i}-key"] = column.header
            data[f"col-{i}-choice"] = choices.get(column.header, "")
        return data

    def test_the_step_remembers_and_the_next_upload_is_pre_filled(self, office, client, tmp_path):
        client.force_login(office.admin)
        step = self.columns_step(client, sheet(tmp_path), plan=office.plan.pk)
        assert step.status_code == 400 and not Task.objects.exists()
        html = step.content.decode()
        assert 'data-column="督办层级" class="unknown"' in html and "记住这些列的处理方式" in html
        done = client.post(URL, self.send_back(step, {"督办层级": "keep", "联系人": "ignore"}, confirm="1",
                                               remember="1"), follow=True)
        assert "分工方案已导入：新增1项" in done.content.decode()
        assert saved(office.admin.unit) == {"督办层级": "keep", "联系人": "ignore"}

        step = self.columns_step(client, sheet(tmp_path, "下一份.xlsx", title="推进政务服务一网通办"),
                                 plan=office.plan.pk)
        assert step.status_code == 200 and Task.objects.count() == 1  # shown, not yet imported
        html = step.content.decode()
        assert html.count("按本单位上次的选择") == 2
        assert 'href="/imports/columns/"' in html  # where the office may forget them
        assert '<option value="keep" selected>' in html and '<option value="ignore" selected>' in html
        # the clerk may still change it: 联系人 kept this time, and not remembered
        client.post(URL, self.send_back(step, {"督办层级": "keep", "联系人": "keep"}, confirm="1"))
        assert Task.objects.get(title="推进政务服务一网通办").extra == {"督办层级": "自治区级", "联系人": "张三"}
        assert saved(office.admin.unit) == {"督办层级": "keep", "联系人": "ignore"}

    def test_another_office_sees_no_pre_filled_choice(self, office, client, tree, tmp_path):
        ImportColumnChoice.objects.create(office=tree["150600"], sheet="division_of_work", header="督办层级",
                                          choice="keep")
        client.force_login(office.admin)
        step = self.columns_step(client, sheet(tmp_path), plan=office.plan.pk)
        assert step.status_code == 400 and "按本单位上次的选择" not in step.content.decode()

    def test_a_stale_saved_choice_is_shown_and_cancel_writes_nothing(self, office, client, tmp_path):
        ImportColumnChoice.objects.create(office=office.admin.unit, sheet="division_of_work", header="督办层级",
                                          choice="field", field="remarks")
        client.force_login(office.admin)
        step = self.columns_step(client, sheet(tmp_path), plan=office.plan.pk)
        html = step.content.decode()
        assert step.status_code == 400 and "本单位上次的选择（对应字段：remarks）已不适用，未采用" in html
        refused = client.post(URL, self.send_back(step, {"联系人": "ignore"}, confirm="1"))
        assert refused.status_code == 400 and not Task.objects.exists()
        cancelled = client.post(URL, self.send_back(step, {}, cancel="1"), follow=True)
        assert "已取消导入，没有写入任何任务" in cancelled.content.decode() and not Task.objects.exists()

    def test_a_regional_admin_of_another_office_is_not_pre_filled(self, office, client, tree, tmp_path):
        ImportColumnChoice.objects.create(office=office.admin.unit, sheet="division_of_work", header="督办层级",
                                          choice="keep")
        other = User.objects.create(username="ordos_planning", role=User.Role.ADMIN, unit=tree["150600"])
        client.force_login(other)
        step = self.columns_step(client, sheet(tmp_path), plan=office.plan.pk)
        assert "按本单位上次的选择" not in step.content.decode()


def test_the_command_remembers_and_then_applies_the_saved_choices(office, tmp_path):
    out = StringIO()
    call_command("import_tasks", str(sheet(tmp_path)), "--plan", str(office.plan.pk), "--keep", "督办层级",
                 "--ignore", "联系人", "--remember", stdout=out)
    assert "新增1项" in out.getvalue() and "column choices saved" in out.getvalue()
    assert saved(office.admin.unit) == {"督办层级": "keep", "联系人": "ignore"}
    out = StringIO()
    call_command("import_tasks", str(sheet(tmp_path, "再一份.xlsx", title="推进政务服务一网通办")), "--plan",
                 str(office.plan.pk), "--dry-run", stdout=out)
    assert "D列“督办层级”：按本单位上次的选择，保留为附加属性" in out.getvalue()
    assert "dry run: 1 tasks read" in out.getvalue()
