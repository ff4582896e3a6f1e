"""Which periods take figures: only periods that have ended (today is a setting, or passed to the service), and a
period without a reporting round only from the planning office — on the form, the API and bulk files alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from api.world import PASSWORD, ApiClient, build_world
from plantrack.api.tokens import create_api_token
from plantrack.reporting.access import can_enter_outside_round
from plantrack.reporting.bulk_import import import_bulk_file
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, ReportingRound
from plantrack.reporting.services import enter_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PLANTRACK_TODAY = "2026-11-29"
    return build_world()  # one round, 2026M10


@pytest.fixture
def as_user(world):
    def make(username: str) -> ApiClient:
        return ApiClient(create_api_token(user=getattr(world, username), name="test")[1])

    return make


def entry(period: str, value: str = "2500") -> dict:
    return {"indicator": "1", "unit": "150600", "period": period, "value": value}


class TestPeriodsThatHaveNotEnded:
    @pytest.mark.parametrize("period", ["2026M11", "2026Q4", "2030M12"])
    def test_the_api_refuses_a_period_still_running_or_to_come(self, world, as_user, period):
        ReportingRound.objects.create(plan=world.plan, period=period, title=period, deadline=dt.date(2031, 1, 1))
        response = as_user("admin").post("/api/values", {"values": [entry(period)]})
        assert response.status_code == 400
        finding = response.json()["findings"][0]
        assert (finding["code"], finding["field"]) == ("period_not_ended", "period")
        assert f"报告期{period}尚未结束" in finding["message"]
        assert DataValue.objects.count() == 0

    def test_the_last_ended_month_is_taken(self, world, as_user):
        assert as_user("ordos_clerk").post("/api/values", {"values": [entry("2026M10")]}).status_code == 200

    def test_a_bulk_file_row_for_december_names_its_row_and_column(self, world, tmp_path):
        path = tmp_path / "v.csv"
        path.write_text("indicator_code,unit_code,period,value\n1,150600,2026M10,1\n1,150600,2030M12,2\n",
                        encoding="utf-8")
        with pytest.raises(ValuesRejected) as info:
            import_bulk_file(user=world.admin, plan=world.plan, source=path)
        assert info.value.errors[0].line().startswith("第3行 C列（period）：报告期2030M12尚未结束")
        assert DataValue.objects.count() == 0

    def test_the_form_of_a_round_opened_early_refuses_to_save(self, world):
        early = ReportingRound.objects.create(plan=world.plan, period="2026M11", title="11月",
                                              deadline=dt.date(2026, 12, 10))
        client = Client()
        assert client.login(username="ordos_clerk", password=PASSWORD)
        response = client.post(f"/reporting/form/{early.pk}/150600/", {
            "action": "save", f"i{world.gdp.pk}-value": "2500", f"i{world.gdp.pk}-revision": "0",
            f"i{world.jobs.pk}-value": "", f"i{world.jobs.pk}-revision": "0"})
        assert response.status_code == 400
        assert "报告期2026M11尚未结束" in response.content.decode()
        assert DataValue.objects.count() == 0

    def test_today_can_be_given_to_the_service(self, world):
        ReportingRound.objects.create(plan=world.plan, period="2026M11", title="11月", deadline=dt.date(2026, 12, 10))
        inputs = [ValueInput("1", "150600", "2026M11", "2600")]
        with pytest.raises(ValuesRejected):
            enter_values(user=world.ordos_clerk, plan=world.plan, inputs=inputs, channel=Channel.FORM)
        result = enter_values(user=world.ordos_clerk, plan=world.plan, inputs=inputs, channel=Channel.FORM,
                              today=dt.date(2026, 12, 1))
        assert result.created == 1


class TestPeriodsWithoutARound:
    def test_a_clerk_cannot_enter_a_period_without_a_round(self, world, as_user):
        response = as_user("ordos_clerk").post("/api/values", {"values": [entry("2026M9")]})
        assert response.status_code == 400
        finding = response.json()["findings"][0]
        assert finding["code"] == "no_round"
        assert "报告期2026M9没有填报轮次" in finding["message"] and "规划处" in finding["message"]
        assert DataValue.objects.count() == 0

    def test_the_planning_office_may(self, world, as_user):
        assert as_user("admin").post("/api/values", {"values": [entry("2026M9")]}).status_code == 200
        assert DataValue.objects.get().round is None

    def test_the_rule_is_the_planning_office_role(self, world):
        assert can_enter_outside_round(world.admin)
        assert not any(can_enter_outside_round(u) for u in (world.ordos_clerk, world.ordos_reviewer,
                                                           world.supervisor))
