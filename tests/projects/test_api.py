"""The project API: scoped like the pages, the open-procedures list in the CLI's shape, closing a procedure and
recording a week; bad input is a 400 with the reason, another unit's project a 403."""

from __future__ import annotations

import pytest
from django.test import Client

from plantrack.api.tokens import create_api_token
from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import Project


@pytest.fixture
def loaded(people, ledger, rows):
    path = ledger(rows)
    import_ledger(user=people.admin, source=path, name=path.name)
    return {p.name: p for p in Project.objects.all()}


@pytest.fixture
def api():
    def as_user(user):
        _row, token = create_api_token(user=user)
        client, headers = Client(), {"Authorization": f"Bearer {token}"}

        class Api:
            def get(self, path, **params):
                return client.get(f"/api{path}", params, headers=headers)

            def send(self, method, path, body):
                return getattr(client, method)(f"/api{path}", body, content_type="application/json",
                                               headers=headers)

        return Api()

    return as_user


class TestProjectApi:
    def test_the_list_is_scoped_to_the_token_owner(self, people, loaded, api):
        names = [p["name"] for p in api(people.baotou_clerk).get("/projects").json()]
        assert names == ["包头市城市快速路"]
        assert len(api(people.supervisor).get("/projects").json()) == 3

    def test_open_procedures_has_the_cli_shape(self, people, loaded, api):
        data = api(people.admin).get("/projects/open-procedures", unit="150600").json()
        assert data[1] == {"name": "达拉特旗风光制氢一体化项目", "unit": "150621",
                           "total_investment_wan": 250000.0, "open": ["林草审批", "能耗审查"]}

    def test_closing_a_procedure(self, people, loaded, api):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        response = api(people.ordos_clerk).send("put", f"/projects/{coal.pk}/procedures/用地预审",
                                                {"state": "done", "done_on": "2026-05-06"})
        assert response.status_code == 200, response.content
        assert api(people.admin).get(f"/projects/{coal.pk}").json()["open"] == []

    def test_bad_input_is_a_400_with_the_reason(self, people, loaded, api):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        response = api(people.ordos_clerk).send("put", f"/projects/{coal.pk}/procedures/用地预审", {"state": "done"})
        assert response.status_code == 400
        assert "办结日期" in response.json()["detail"]
        response = api(people.ordos_clerk).send("post", f"/projects/{coal.pk}/dispatch",
                                                {"week": "2027-W99", "progress": "x"})
        assert response.status_code == 400 and "周" in response.json()["detail"]

    def test_another_units_project_is_403(self, people, loaded, api):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        assert api(people.baotou_clerk).get(f"/projects/{coal.pk}").status_code == 403
        response = api(people.baotou_clerk).send("post", f"/projects/{coal.pk}/dispatch",
                                                 {"week": "2027-W14", "progress": "x"})
        assert response.status_code == 403

    def test_recording_a_week(self, people, loaded, api):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        response = api(people.ordos_clerk).send("post", f"/projects/{wind.pk}/dispatch", {
            "week": "2027-W14", "progress": "并网调试", "completed_wan": "200000",
            "blockers": [{"description": "送出线路", "owner": "电网公司", "due_date": "2027-05-01"}]})
        assert response.json() == {"project": wind.pk, "week": "2027-W14", "progress": "并网调试", "blockers": 1}
        wind.refresh_from_db()
        assert wind.completed_wan == 200000
