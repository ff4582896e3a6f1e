"""The HTTP API faces of assessments and warnings: the same selectors and services, the same scope."""

from __future__ import annotations

import pytest

from plantrack.api.tokens import create_api_token
from plantrack.assessment.models import Warning


@pytest.fixture
def as_user(world):
    from django.test import Client

    def make(user):
        _row, token = create_api_token(user=user, name="test")
        client, headers = Client(), {"Authorization": f"Bearer {token}"}
        return SimpleClient(client, headers)

    return make


class SimpleClient:
    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, body):
        return self.client.post(path, body, content_type="application/json", headers=self.headers)


class TestAssessmentsApi:
    def test_latest_assessments_carry_the_contract_result(self, world, approve, as_user):
        approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0")])
        rows = as_user(world.leader).get("/api/assessments", unit="150000").json()
        assert [(r["indicator"], r["period"], r["status"]) for r in rows] == [("1", "2027", "滞后")]
        assert rows[0]["result"]["pace_ratio"] == pytest.approx(0.833333)
        assert rows[0]["result"]["projection"] == {"year": 2030, "value": 72.75}

    def test_a_unit_outside_the_scope_is_refused(self, world, approve, as_user):
        assert as_user(world.baotou_clerk).get("/api/assessments", unit="150600").status_code == 403
        assert as_user(world.baotou_clerk).get("/api/assessments", unit="999999").status_code == 404


class TestWarningsApi:
    def test_list_and_acknowledge(self, world, approve, as_user):
        approve([("4", "150600", "2026", "5.9")])
        clerk = as_user(world.ordos_clerk)
        (listed,) = clerk.get("/api/warnings").json()
        assert (listed["unit"], listed["kind"], listed["status"]) == ("150600", "binding_lagging", "滞后")
        done = clerk.post(f"/api/warnings/{listed['id']}/acknowledge", {"note": "已部署稳就业措施"})
        assert done.status_code == 200, done.content
        assert (done.json()["acknowledged_by"], done.json()["note"]) == ("ordos_clerk", "已部署稳就业措施")
        assert clerk.get("/api/warnings").json() == []
        assert len(clerk.get("/api/warnings", include_acknowledged=True).json()) == 1

    def test_an_empty_note_is_a_400_with_the_reason(self, world, approve, as_user):
        approve([("4", "150600", "2026", "5.9")])
        warning = Warning.objects.get()
        response = as_user(world.admin).post(f"/api/warnings/{warning.pk}/acknowledge", {"note": ""})
        assert response.status_code == 400
        assert "处理说明" in response.json()["detail"]
        assert Warning.objects.get().is_open

    def test_outside_the_scope_is_not_found_and_readers_may_not_acknowledge(self, world, approve, as_user):
        approve([("4", "150600", "2026", "5.9")])
        warning = Warning.objects.get()
        assert as_user(world.baotou_clerk).get("/api/warnings").json() == []
        refused = as_user(world.baotou_clerk).post(f"/api/warnings/{warning.pk}/acknowledge", {"note": "x"})
        assert refused.status_code == 404
        assert as_user(world.supervisor).post(f"/api/warnings/{warning.pk}/acknowledge",
                                              {"note": "x"}).status_code == 403
        assert Warning.objects.get().is_open


def test_the_openapi_document_lists_the_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/assessments"]
    assert "get" in paths["/api/warnings"]
    assert "post" in paths["/api/warnings/{warning_id}/acknowledge"]
