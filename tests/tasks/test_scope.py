"""Who sees which tasks: scoped exactly as monitoring data (tasks.access), through pages and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from plantrack.api.tokens import create_api_token
from plantrack.orgs.models import AccessDenial
from plantrack.tasks.access import access_task_by_id, tasks_in_scope
from plantrack.tasks.models import Task


def api(user) -> Client:
    _row, token = create_api_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def three(give_task):
    """A task 鄂尔多斯市 leads, one 包头市 leads with 鄂尔多斯市 supporting, one 东胜区 (inside 鄂尔多斯市) leads."""
    return (
        give_task("鄂尔多斯市牵头", lead="150600"),
        give_task("包头市牵头鄂尔多斯市配合", lead="150200", supporting=["150600"]),
        give_task("东胜区牵头", lead="150602"),
    )


class TestScope:
    def test_a_clerk_sees_what_its_unit_and_the_units_below_lead_or_support(self, office, three):
        ordos, baotou, dongsheng = three
        assert set(tasks_in_scope(office.ordos_clerk)) == {ordos, baotou, dongsheng}
        assert set(tasks_in_scope(office.baotou_clerk)) == {baotou}

    def test_the_office_and_supervisors_see_every_task(self, office, three):
        assert set(tasks_in_scope(office.admin)) == set(three)
        assert set(tasks_in_scope(office.supervisor)) == set(three)

    def test_a_task_outside_the_scope_is_refused_and_logged(self, office, three):
        with pytest.raises(PermissionDenied):
            access_task_by_id(office.baotou_clerk, three[0].pk)
        assert AccessDenial.objects.filter(user=office.baotou_clerk, action="read task").exists()
        with pytest.raises(Http404):
            access_task_by_id(office.admin, 999_999)

    def test_a_clerk_is_sent_to_its_own_units_tasks(self, office, client, three):
        client.force_login(office.baotou_clerk)
        response = client.get(reverse("tasks:index"))
        assert response["Location"] == reverse("tasks:unit", args=["150200"])
        page = client.get(response["Location"]).content.decode()
        assert "包头市牵头鄂尔多斯市配合" in page
        assert "鄂尔多斯市牵头" not in page.replace("包头市牵头鄂尔多斯市配合", "")
        assert client.get(reverse("tasks:unit", args=["150600"])).status_code == 403
        assert client.get(reverse("tasks:detail", args=[three[0].pk])).status_code == 403

    def test_a_unit_page_marks_lead_and_supporting_tasks_and_counts_states(self, office, client, three):
        client.force_login(office.ordos_clerk)
        page = client.get(reverse("tasks:unit", args=["150600"])).content.decode()
        rows = page[page.index('<table id="tasks">'):]
        assert rows.count("data-task=") == 2  # the 东胜区 task is that county's own
        assert '<span data-count="not_started">2</span>' in page
        assert "配合" in rows and "牵头" in rows

    def test_the_office_overview_counts_every_units_tasks(self, office, client, three):
        client.force_login(office.admin)
        page = client.get(reverse("tasks:index")).content.decode()
        for code in ("150600", "150200", "150602"):
            assert f'data-unit="{code}"' in page
        client.force_login(office.supervisor)
        assert client.get(reverse("tasks:index")).status_code == 200

    def test_only_reporting_units_get_the_progress_form(self, office, client, three):
        client.force_login(office.supervisor)
        assert 'id="progress-form"' not in client.get(reverse("tasks:detail", args=[three[1].pk])).content.decode()
        client.force_login(office.ordos_clerk)
        page = client.get(reverse("tasks:detail", args=[three[1].pk])).content.decode()
        form = page[page.index('id="progress-form"'):]
        assert "鄂尔多斯市（150600）" in form and "包头市（150200）" not in form


class TestApi:
    def test_a_clerk_lists_only_its_scope(self, office, three):
        response = api(office.baotou_clerk).get("/api/tasks")
        assert response.status_code == 200
        assert [t["title"] for t in response.json()] == ["包头市牵头鄂尔多斯市配合"]
        assert response.json()[0]["supporting_units"] == ["150600"]
        assert api(office.baotou_clerk).get("/api/tasks", {"unit": "150600"}).status_code == 403

    def test_the_office_gives_out_a_task_and_a_clerk_cannot(self, office):
        body = {"plan": office.plan.pk, "title": "API分配的任务", "lead_unit": "150600",
                "supporting_units": ["150200"], "deadline": "2027年底", "node": office.section4_2.pk,
                "indicators": ["16"]}
        response = api(office.admin).post("/api/tasks", body, content_type="application/json")
        assert response.status_code == 200, response.content
        data = response.json()
        assert (data["lead_unit"], data["deadline"], data["chapter"], data["state"]) == (
            "150600", "2027-12-31", 4, "not_started")
        assert data["indicators"] == ["16"]
        denied = api(office.ordos_clerk).post("/api/tasks", {**body, "title": "越权"},
                                              content_type="application/json")
        assert denied.status_code == 403 and not Task.objects.filter(title="越权").exists()

    def test_bad_input_is_a_400_that_says_what(self, office):
        body = {"plan": office.plan.pk, "title": "任务", "lead_unit": "999999", "deadline": "尽快"}
        response = api(office.admin).post("/api/tasks", body, content_type="application/json")
        assert response.status_code == 400 and "单位代码不存在：999999" in response.json()["detail"]
        body["lead_unit"] = "150600"
        response = api(office.admin).post("/api/tasks", body, content_type="application/json")
        assert response.status_code == 400 and "完成时限" in response.json()["detail"]

    def test_a_clerk_reports_progress_and_the_supervision_list_follows(self, office, give_task):
        task = give_task("逾期任务", lead="150600", deadline="2020年底")
        assert api(office.ordos_clerk).post("/api/tasks/supervision/run").status_code == 403
        run = api(office.admin).post("/api/tasks/supervision/run")
        assert run.status_code == 200 and run.json()["opened"] == 1
        items = api(office.ordos_clerk).get("/api/tasks/supervision").json()
        assert [(i["task"], i["reason"], i["owner_unit"]) for i in items] == [(task.pk, "overdue", "150600")]
        assert api(office.baotou_clerk).get("/api/tasks/supervision").json() == []
        done = api(office.ordos_clerk).post(f"/api/tasks/{task.pk}/progress", {
            "unit": "150600", "period": "2026Q3", "percent": "100", "text": "已完成"},
            content_type="application/json")
        assert done.status_code == 200 and done.json()["percent"] == "100"
        assert api(office.ordos_clerk).get(f"/api/tasks/{task.pk}").json()["state"] == "review"  # the office 销号
        assert len(api(office.admin).get("/api/tasks/supervision").json()) == 1
        refused = api(office.baotou_clerk).post(f"/api/tasks/{task.pk}/progress", {
            "unit": "150200", "period": "2026Q3", "percent": "10", "text": "x"}, content_type="application/json")
        assert refused.status_code == 403


def test_a_supervisor_posting_a_report_is_refused_and_nothing_is_stored(office, client, three):
    from plantrack.tasks.models import TaskProgress

    client.force_login(office.supervisor)
    response = client.post(reverse("tasks:report", args=[three[0].pk]), {
        "unit": three[0].lead_unit.pk, "period": "2026Q3", "percent": "10", "text": "x"})
    assert response.status_code == 403 and not TaskProgress.objects.exists()


def test_the_openapi_document_describes_the_task_endpoints(office):
    paths = api(office.admin).get("/api/openapi.json").json()["paths"]
    for path in ("/api/tasks", "/api/tasks/{task_id}", "/api/tasks/{task_id}/progress", "/api/tasks/supervision",
                 "/api/tasks/supervision/run"):
        assert path in paths, path
