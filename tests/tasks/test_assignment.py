"""Giving out tasks (分工): the planning office assigns a plan node's work to a lead unit and supporting units."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from plantrack.orgs.models import AccessDenial
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.models import Task
from plantrack.tasks.services import create_task, task_fields


class TestAssignTask:
    def test_the_office_assigns_a_sections_task_to_a_prefecture(self, office, tree, give_task):
        task = give_task("建设库布其沙漠新能源基地", lead="150600", supporting=["150200", "150000-FGW"],
                         deadline="2028年6月", node=office.section4_2, indicators=[office.forest])
        task.refresh_from_db()
        assert task.lead_unit == tree["150600"]
        assert {u.code for u in task.supporting_units.all()} == {"150200", "150000-FGW"}
        assert task.deadline == date(2028, 6, 30) and task.deadline_text == "2028年6月"
        assert task.chapter_number == 4 and task.node == office.section4_2
        assert list(task.indicators.all()) == [office.forest]
        assert task.status == Task.Status.OPEN and task.progress == 0

    def test_ongoing_work_has_no_deadline_date(self, give_task):
        task = give_task("持续推进防沙治沙", deadline="持续推进")
        assert task.deadline is None and task.is_ongoing

    def test_the_lead_unit_is_not_also_a_supporting_unit(self, give_task):
        task = give_task(lead="150600", supporting=["150600", "150200"])
        assert [u.code for u in task.supporting_units.all()] == ["150200"]

    def test_a_unit_cannot_assign_tasks_to_others(self, office, tree):
        fields = task_fields(plan=office.plan, title="越权分工", lead_unit=tree["150200"], deadline="2027年底")
        with pytest.raises(PermissionDenied):
            create_task(user=office.ordos_clerk, plan=office.plan, fields=fields)
        assert not Task.objects.filter(title="越权分工").exists()
        assert AccessDenial.objects.filter(user=office.ordos_clerk, action="assign tasks").exists()

    def test_bad_fields_are_refused_each_by_name(self, office):
        with pytest.raises(TaskRejected) as caught:
            task_fields(plan=office.plan, title="  ", lead_unit=None, deadline="尽快")
        errors = caught.value.errors
        assert any(e.startswith("任务：") for e in errors)
        assert any(e.startswith("牵头单位：") for e in errors)
        assert any(e.startswith("完成时限：") and "尽快" in e for e in errors)

    def test_the_same_title_twice_in_a_plan_is_refused(self, give_task):
        give_task("新建高标准农田")
        with pytest.raises(TaskRejected, match="同名任务"):
            give_task("新建高标准农田", lead="150200")
        assert Task.objects.filter(title="新建高标准农田").count() == 1


class TestAssignPage:
    def test_the_office_assigns_from_a_section_through_the_page(self, client, office, tree):
        client.force_login(office.admin)
        form = client.get(reverse("tasks:new") + f"?node={office.section4_2.pk}").content.decode()
        assert f'<option value="{office.section4_2.pk}" selected>' in form
        response = client.post(reverse("tasks:new"), {
            "title": "推进风光氢储一体化", "node": office.section4_2.pk, "lead_unit": tree["150600"].pk,
            "supporting_units": [tree["150200"].pk], "deadline": "2027年底", "report_frequency": "Q",
            "plan": office.plan.pk,
        })
        task = Task.objects.get(title="推进风光氢储一体化")
        assert response.status_code == 302 and response["Location"] == reverse("tasks:detail", args=[task.pk])
        assert task.lead_unit.code == "150600" and task.chapter_number == 4

    def test_a_bad_deadline_on_the_page_says_why_and_stores_nothing(self, client, office, tree):
        client.force_login(office.admin)
        response = client.post(reverse("tasks:new"), {
            "title": "某任务", "node": office.section4_2.pk, "lead_unit": tree["150600"].pk, "deadline": "明年",
            "report_frequency": "Q", "plan": office.plan.pk,
        })
        assert response.status_code == 400
        assert "完成时限：完成时限“明年”无法识别" in response.content.decode()
        assert not Task.objects.filter(title="某任务").exists()

    def test_a_clerk_may_not_open_the_assign_page(self, client, office):
        client.force_login(office.ordos_clerk)
        assert client.get(reverse("tasks:new")).status_code == 403


class TestPlanAndIndicatorPages:
    def test_the_chapter_page_shows_its_tasks_and_their_state(self, client, office, give_task):
        give_task("建设库布其沙漠新能源基地", deadline="2027年底")
        give_task("到期未完成的任务", deadline=date(2020, 1, 1))
        give_task("第七章的任务", node=office.section7_1)
        client.force_login(office.admin)
        url = reverse("plans:chapter", kwargs={"plan_id": office.plan.pk, "number": office.version.number,
                                               "chapter": 4})
        page = client.get(url).content.decode()
        tasks = page[page.index('id="tasks"'):]
        assert "建设库布其沙漠新能源基地" in tasks and 'data-state="not_started"' in tasks
        assert "到期未完成的任务" in tasks and 'data-state="overdue"' in tasks
        assert "第七章的任务" not in tasks
        assert "第二节 扩大新能源开发利用" in tasks  # the node each task comes from

    def test_a_clerk_sees_on_the_chapter_page_only_the_tasks_of_its_scope(self, client, office, give_task):
        give_task("鄂尔多斯市牵头的任务", lead="150600")
        give_task("包头市牵头的任务", lead="150200")
        client.force_login(office.baotou_clerk)
        url = reverse("plans:chapter", kwargs={"plan_id": office.plan.pk, "number": office.version.number,
                                               "chapter": 4})
        page = client.get(url).content.decode()
        assert "包头市牵头的任务" in page and "鄂尔多斯市牵头的任务" not in page
        assert "为本章节分配任务" not in page

    def test_the_indicator_page_lists_the_tasks_serving_it(self, client, office, give_task):
        give_task("完成防沙治沙任务", node=office.section7_1, indicators=[office.forest])
        give_task("与森林无关的任务")
        client.force_login(office.admin)
        page = client.get(reverse("indicators:detail", args=[office.forest.pk])).content.decode()
        listed = page[page.index("服务本指标的任务"):]
        assert "完成防沙治沙任务" in listed and "与森林无关的任务" not in listed


class TestFromCommitment:
    def test_a_commitment_becomes_a_task_with_its_quote_and_node(self, client, office, tree):
        commitment = office.version.commitments.filter(chapter_number=4).order_by("order").first()
        client.force_login(office.admin)
        chapter = client.get(reverse("plans:chapter", kwargs={
            "plan_id": office.plan.pk, "number": office.version.number, "chapter": 4})).content.decode()
        assert f'<option value="{commitment.pk}">' in chapter[chapter.index('id="commitment-task"'):]
        form = client.get(reverse("tasks:new") + f"?commitment={commitment.pk}").content.decode()
        assert commitment.quote in form
        client.post(reverse("tasks:new"), {
            "title": commitment.quote, "commitment": commitment.pk, "node": commitment.node_id,
            "lead_unit": tree["150600"].pk, "deadline": "“十五五”期间", "report_frequency": "Q",
            "plan": office.plan.pk,
        })
        task = Task.objects.get(commitment=commitment)
        assert task.node == commitment.node and task.chapter_number == 4
        assert task.deadline == date(office.plan.period_end, 12, 31)

    def test_a_box_items_task_is_listed_under_its_chapter(self, client, office, give_task):
        item = office.version.nodes.filter(kind="box_item", chapter_number=4).order_by("order").first()
        give_task("建设特高压外送通道", node=item)
        client.force_login(office.admin)
        page = client.get(reverse("plans:chapter", kwargs={
            "plan_id": office.plan.pk, "number": office.version.number, "chapter": 4})).content.decode()
        row = page[page.index("建设特高压外送通道") - 300:page.index("建设特高压外送通道")]
        assert item.label in row


class TestChangeTask:
    def test_the_office_reassigns_a_task_and_moves_its_deadline(self, client, office, tree, give_task):
        task = give_task("建设库布其沙漠新能源基地", lead="150600", deadline="2027年底")
        client.force_login(office.admin)
        assert "修改任务" in client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
        response = client.post(reverse("tasks:edit", args=[task.pk]), {
            "title": "改名的企图", "node": office.section4_2.pk, "lead_unit": tree["150200"].pk,
            "supporting_units": [tree["150600"].pk], "deadline": "2028年6月", "report_frequency": "M",
        })
        assert response.status_code == 302
        task.refresh_from_db()
        assert task.title == "建设库布其沙漠新能源基地"  # the title is the task's name in the 分工方案
        assert task.lead_unit.code == "150200" and task.deadline == date(2028, 6, 30)
        assert [u.code for u in task.supporting_units.all()] == ["150600"] and task.report_frequency == "M"

    def test_a_clerk_cannot_change_a_task(self, client, office, give_task):
        task = give_task(lead="150600")
        client.force_login(office.ordos_clerk)
        assert client.get(reverse("tasks:edit", args=[task.pk])).status_code == 403
        assert "修改任务" not in client.get(reverse("tasks:detail", args=[task.pk])).content.decode()


def test_a_malformed_node_in_the_address_is_ignored_not_a_server_error(client, office):
    client.force_login(office.admin)
    assert client.get(reverse("tasks:new") + "?node=abc&commitment=1x&plan=-3").status_code == 200


def test_every_change_to_a_task_is_kept_with_who_and_old_and_new(office, tree, give_task, client):
    from plantrack.core.deadlines import read_deadline
    from plantrack.tasks.models import TaskChange
    from plantrack.tasks.services import report_progress, update_task

    task = give_task("建设库布其沙漠新能源基地", lead="150600", deadline="2027年底")
    fields = task_fields(plan=office.plan, title=task.title, lead_unit=tree["150200"],
                         supporting_units=[tree["150600"]], deadline=read_deadline("2028年6月"),
                         node=task.node, indicators=None)
    assert update_task(user=office.admin, task=task, fields=fields)
    assert update_task(user=office.admin, task=task, fields=fields) == []  # the same again: no change, no record
    report_progress(user=office.baotou_clerk, task=task, unit=tree["150200"], period="2026Q3", text="开工",
                    percent="20")
    created, updated, reported = TaskChange.objects.filter(task=task).order_by("pk")
    assert created.action == "created" and created.by == office.admin
    assert updated.changes["lead_unit_id"] == ["150600", "150200"]
    assert updated.changes["supporting_units"] == [[], ["150600"]]
    assert updated.changes["deadline_text"] == ["2027年底", "2028年6月"]
    assert reported.by == office.baotou_clerk and reported.changes["percent"] == [None, "20.00"]
    client.force_login(office.supervisor)
    page = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "牵头单位：150600 → 150200" in page and "完成时限：2027年底 → 2028年6月" in page
    assert "配合单位：— → 150600" in page
