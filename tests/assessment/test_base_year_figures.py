"""Base-year figures (基期值) through the one write door: the planning office enters a 盟市's 2025 figure on the
base-year page, with `plantrack import-values` or `POST /api/values`; a reviewer approves it; the unit's
assessment is then measured from its own baseline."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from plantrack.api.tokens import create_api_token
from plantrack.assessment.models import Assessment
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, DataValueChange
from plantrack.reporting.services import approve_values, enter_values


def year_2026(world, approve, unit_code: str, value: str) -> None:
    approve([("1", unit_code, "2026", value)])


def judged(world, unit) -> Assessment:
    return Assessment.objects.get(indicator=world.urban, unit=unit, period="2026")


def approve_base(world, unit, reviewer) -> None:
    base = DataValue.objects.get(indicator=world.urban, unit=unit, period="2025")
    assert base.state == DataValue.State.SUBMITTED
    approve_values(user=reviewer, value_ids=[base.id])


class TestBaseYearThroughEveryChannel:
    def test_entered_on_the_page_approved_then_judged_from_it(self, world, approve):
        year_2026(world, approve, "150600", "70.6")
        assert judged(world, world.ordos).status == "无法评估"  # no base-year figure of its own yet
        client = Client()
        client.force_login(world.admin)
        page = client.get("/reporting/base-year/", {"unit": "150600"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "常住人口城镇化率" in html and "2025年" in html
        assert "地区生产总值增长" not in html or "完成国家下达" not in html  # only targets measured from a base
        response = client.post("/reporting/base-year/", {
            "unit": "150600", "plan": world.plan.pk, f"i{world.urban.pk}-value": "70.0",
            "source": "鄂尔多斯市2025年国民经济和社会发展统计公报",
        })
        assert response.status_code == 302
        stored = DataValue.objects.get(indicator=world.urban, unit=world.ordos, period="2025")
        assert (stored.value, stored.source, stored.year) == (
            Decimal("70"), "鄂尔多斯市2025年国民经济和社会发展统计公报", 2025)
        assert DataValueChange.objects.filter(data_value=stored).exists()
        assert judged(world, world.ordos).status == "无法评估"  # submitted is not yet official
        reviewer = Client()
        reviewer.force_login(world.ordos_reviewer)
        queue = reviewer.get("/reporting/review/").content.decode()
        assert "常住人口城镇化率" in queue and "70" in queue  # in the reviewer's queue like any figure
        approve_base(world, world.ordos, world.ordos_reviewer)
        after = judged(world, world.ordos)
        # (70.6 − 70.0) / (73 − 70.0) = 20% of the way at 20% of the time.
        assert after.status == "符合预期"
        assert after.completion == pytest.approx(0.2)

    def test_the_page_asks_for_a_source_and_keeps_what_was_typed(self, world):
        client = Client()
        client.force_login(world.admin)
        response = client.post("/reporting/base-year/", {
            "unit": "150600", "plan": world.plan.pk, f"i{world.urban.pk}-value": "70.0", "source": "",
        })
        assert response.status_code == 400
        assert "数据来源" in response.content.decode() and 'value="70.0"' in response.content.decode()
        assert not DataValue.objects.filter(period="2025").exists()

    def test_entered_with_import_values_approved_then_judged_from_it(self, world, approve, tmp_path):
        year_2026(world, approve, "150200", "72.1")
        path = tmp_path / "base.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["indicator_code", "unit_code", "period", "value", "comment"])
            writer.writerow(["1", "150200", "2025", "71.8", "包头市2025年统计公报"])
        call_command("import_values", str(path), "--user", "planning_admin", "--submit")
        approve_base(world, world.baotou, world.region_reviewer)
        after = judged(world, world.baotou)
        assert after.completion == pytest.approx((72.1 - 71.8) / (73 - 71.8))
        assert after.status != "无法评估"

    def test_entered_through_the_api_approved_then_judged_from_it(self, world, approve):
        year_2026(world, approve, "150602", "70.3")
        _row, token = create_api_token(user=world.admin, name="base year")
        response = Client().post(
            "/api/values",
            {"values": [{"indicator": "1", "unit": "150602", "period": "2025", "value": "70.0",
                         "source": "东胜区2025年统计公报"}], "submit": True},
            content_type="application/json", headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code in (200, 201), response.content
        approve_base(world, world.dongsheng, world.ordos_reviewer)
        after = judged(world, world.dongsheng)
        assert after.completion == pytest.approx(0.1)
        assert after.status != "无法评估"


class TestWhoMayEnterABaseYear:
    def test_a_clerk_is_told_only_the_planning_office_enters_it(self, world):
        inputs = [ValueInput(indicator_code="1", unit_code="150600", period="2025", value="70", where="第1行")]
        with pytest.raises(ValuesRejected) as info:
            enter_values(user=world.ordos_clerk, plan=world.plan, inputs=inputs, channel=Channel.FORM)
        assert [f.code for f in info.value.errors] == ["base_year_office_only"]
        assert "基期值只能由规划处录入" in info.value.errors[0].message
        assert not DataValue.objects.exists()

    def test_a_year_before_the_base_year_is_still_outside_the_plan(self, world):
        inputs = [ValueInput(indicator_code="1", unit_code="150600", period="2024", value="70", where="第1行")]
        with pytest.raises(ValuesRejected) as info:
            enter_values(user=world.admin, plan=world.plan, inputs=inputs, channel=Channel.FORM)
        assert [f.code for f in info.value.errors] == ["period_outside_plan"]

    def test_a_monthly_indicator_takes_its_base_year_as_a_year_figure(self, world):
        inputs = [ValueInput(indicator_code="5", unit_code="150600", period="2025", value="1200", where="第1行")]
        enter_values(user=world.admin, plan=world.plan, inputs=inputs, channel=Channel.FORM)
        assert DataValue.objects.get(indicator=world.industry, unit=world.ordos).period == "2025"

    def test_the_page_is_the_planning_offices(self, world):
        client = Client()
        client.force_login(world.ordos_clerk)
        assert client.get("/reporting/base-year/", {"unit": "150600"}).status_code == 403
