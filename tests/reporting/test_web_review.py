"""Review (审核), value history and completeness pages: who may act, races between reviewers, the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from api.world import PASSWORD, build_world, put_value
from plantrack.orgs.models import AccessDenial
from plantrack.reporting.models import DataValue, DataValueChange

pytestmark = pytest.mark.django_db


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def world():
    w = build_world()
    client = login("ordos_clerk")
    response = client.post(f"/reporting/form/{w.round.pk}/{w.ordos.code}/", {
        "action": "submit", f"i{w.gdp.pk}-value": "3300", f"i{w.gdp.pk}-revision": "0",
        f"i{w.jobs.pk}-value": "1.2", f"i{w.jobs.pk}-revision": "0",
    })
    assert response.status_code == 302
    put_value(w, indicator=w.gdp, unit=w.baotou, period="2026M10", value="2800", state=DataValue.State.SUBMITTED)
    return w


def review_post(client, values, action, **extra):
    data = {"action": action, "value": [v.pk for v in values]}
    data.update({f"rev-{v.pk}": v.revision for v in values})
    data.update(extra)
    return client.post("/reporting/review/", data)


class TestReviewPage:
    def test_reviewer_sees_only_submitted_values_of_own_scope(self, world):
        html = login("ordos_reviewer").get("/reporting/review/").content.decode()
        assert "鄂尔多斯市" in html and "3300" in html and "<td>2026年10月</td>" in html
        assert "包头市" not in html

    def test_clerk_may_not_review(self, world):
        assert login("ordos_clerk").get("/reporting/review/").status_code == 403
        assert AccessDenial.objects.filter(user=world.ordos_clerk, action="review values").exists()

    def test_reviewer_approves_and_history_shows_it(self, world):
        values = list(DataValue.objects.filter(unit=world.ordos))
        client = login("ordos_reviewer")
        response = review_post(client, values, "approve")
        assert response.status_code == 302
        for v in DataValue.objects.filter(unit=world.ordos):
            assert v.state == DataValue.State.APPROVED and v.approved_value == v.value
        gdp = DataValue.objects.get(unit=world.ordos, indicator=world.gdp)
        actions = list(DataValueChange.objects.filter(data_value=gdp).values_list("action", "user__username"))
        assert actions == [("enter", "ordos_clerk"), ("approve", "ordos_reviewer")]

    def test_reviewer_cannot_approve_another_units_value(self, world):
        baotou = DataValue.objects.get(unit=world.baotou)
        response = review_post(login("ordos_reviewer"), [baotou], "approve")
        assert response.status_code == 403
        assert DataValue.objects.get(pk=baotou.pk).state == DataValue.State.SUBMITTED

    def test_return_needs_a_reason_and_keeps_it(self, world):
        gdp = DataValue.objects.get(unit=world.ordos, indicator=world.gdp)
        client = login("ordos_reviewer")
        response = review_post(client, [gdp], "return", reason="")
        assert "退回必须填写原因" in client.get(response["Location"]).content.decode()
        assert DataValue.objects.get(pk=gdp.pk).state == DataValue.State.SUBMITTED
        review_post(client, [gdp], "return", reason="与统计快报不一致")
        gdp.refresh_from_db()
        assert gdp.state == DataValue.State.RETURNED and gdp.return_reason == "与统计快报不一致"

    def test_second_reviewer_is_told_someone_acted_first(self, world):
        gdp = DataValue.objects.get(unit=world.ordos, indicator=world.gdp)
        seen = DataValue.objects.get(pk=gdp.pk)  # both reviewers loaded the page at this revision
        review_post(login("ordos_reviewer"), [seen], "approve")
        admin = login("admin")
        response = review_post(admin, [seen], "return", reason="晚了一步")
        html = admin.get(response["Location"]).content.decode()
        assert "其他审核人已先处理了这些数据" in html
        gdp.refresh_from_db()
        assert gdp.state == DataValue.State.APPROVED and gdp.approved_value == Decimal("3300")


class TestHistoryPage:
    def test_supervisor_reads_the_history(self, world):
        gdp = DataValue.objects.get(unit=world.ordos, indicator=world.gdp)
        html = login("supervisor").get(f"/reporting/values/{gdp.pk}/history/").content.decode()
        assert "ordos_clerk" in html and "网页填报" in html and "3300" in html

    def test_clerk_of_baotou_cannot_read_ordos_history(self, world):
        gdp = DataValue.objects.get(unit=world.ordos, indicator=world.gdp)
        assert login("baotou_clerk").get(f"/reporting/values/{gdp.pk}/history/").status_code == 403


class TestCompletenessAndRounds:
    def test_planning_office_sees_who_has_not_reported(self, world):
        html = login("admin").get(f"/reporting/rounds/{world.round.pk}/completeness/").content.decode()
        ordos = html[html.index('data-unit="150600"'):]
        baotou = html[html.index('data-unit="150200"'):]
        assert ordos.startswith('data-unit="150600" data-status="submitted')
        assert baotou.startswith('data-unit="150200" data-status="partial')

    def test_clerk_sees_only_own_units_progress(self, world):
        html = login("baotou_clerk").get(f"/reporting/rounds/{world.round.pk}/completeness/").content.decode()
        assert 'data-unit="150200"' in html and 'data-unit="150600"' not in html

    def test_admin_opens_a_round_and_a_clerk_may_not(self, world):
        data = {"plan": world.plan.pk, "period": "2026M11", "deadline": "2026-12-10", "title": ""}
        assert login("ordos_clerk").post("/reporting/rounds/", data).status_code == 403
        response = login("admin").post("/reporting/rounds/", data)
        assert response.status_code == 302
        assert world.plan.rounds.filter(period="2026M11").exists()

    def test_a_period_outside_the_plan_is_refused(self, world):
        data = {"plan": world.plan.pk, "period": "2035M1", "deadline": "2035-02-10", "title": ""}
        response = login("admin").post("/reporting/rounds/", data)
        assert response.status_code == 200 and "不在规划期" in response.content.decode()
        assert not world.plan.rounds.filter(period="2035M1").exists()
