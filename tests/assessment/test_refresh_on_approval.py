"""Stored assessments follow approved values: refreshed inside approval, rebuilt by `plantrack assess-all`."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from plantrack.assessment.models import Assessment
from plantrack.assessment.services import assess_all, refresh_assessments
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel
from plantrack.reporting.services import enter_values


def stored(indicator, unit, period) -> Assessment:
    return Assessment.objects.get(indicator=indicator, unit=unit, period=period)


class TestRefreshOnApproval:
    def test_approving_yearly_values_stores_the_judgement_of_each_year(self, world, approve):
        approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0")])
        a2026 = stored(world.urban, world.region, "2026")
        a2027 = stored(world.urban, world.region, "2027")
        assert a2026.status == "符合预期"  # 20% of the time, 20% of the way
        assert (a2027.status, a2027.method, a2027.year, a2027.period_kind) == ("滞后", "time_progress", 2027, "Y")
        assert a2027.elapsed == pytest.approx(0.4)
        assert a2027.completion == pytest.approx(1 / 3)
        assert a2027.pace_ratio == pytest.approx(0.8333, abs=1e-4)
        assert a2027.latest_value == Decimal("72")
        assert (a2027.projection_year, a2027.projection_value) == (2030, Decimal("72.75"))
        assert a2027.explanation.startswith("2027年末时序进度40%，完成进度33.3%，滞后6.7个百分点")
        assert a2027.result["status"] == "滞后" and a2027.result["projection"] == {"year": 2030, "value": 72.75}

    def test_values_not_yet_approved_do_not_count(self, world, approve):
        approve([("1", "150000", "2026", "71.8")])
        inputs = [ValueInput(indicator_code="1", unit_code="150000", period="2027", value="73.5", where="第1行")]
        enter_values(user=world.admin, plan=world.plan, inputs=inputs, channel=Channel.FORM, submit=True)
        assert not Assessment.objects.filter(period="2027").exists()
        assert assess_all() == 1
        assert not Assessment.objects.filter(period="2027").exists()

    def test_an_approved_correction_changes_the_stored_judgement(self, world, approve):
        approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0")])
        assert stored(world.urban, world.region, "2027").status == "滞后"
        approve([("1", "150000", "2027", "73.1")], correction=True)
        after = stored(world.urban, world.region, "2027")
        assert after.status == "已完成"
        assert Assessment.objects.filter(indicator=world.urban, unit=world.region, period="2027").count() == 1

    def test_growth_cumulative_bound_and_qualitative_targets(self, world, approve):
        approve([
            ("2", "150000", "2026", "5.2"), ("2", "150000", "2027", "5.0"),
            ("3", "150000", "2026", "27"), ("3", "150000", "2027", "26"),
            ("4", "150000", "2026", "5.4"), ("4", "150000", "2027", "5.6"),
            ("6", "150000", "2026", "1"),
        ])
        assert stored(world.gdp, world.region, "2027").status == "超前"
        assert stored(world.gdp, world.region, "2027").required_rate == pytest.approx(4.1019, abs=1e-4)
        assert stored(world.jobs, world.region, "2027").method == "cumulative_sum"
        assert stored(world.jobs, world.region, "2027").completion == pytest.approx(53 / 130)
        assert stored(world.jobless, world.region, "2027").status == "滞后"
        qualitative = stored(world.national, world.region, "2026")
        assert qualitative.status == "无法评估" and "定性目标" in qualitative.explanation

    def test_a_sub_region_is_judged_from_its_own_base_but_totals_are_not_split(self, world, approve):
        approve([
            ("1", "150600", "2026", "78.0"),
            ("2", "150600", "2026", "6.0"),
            ("3", "150600", "2026", "3.1"),
        ])
        assert stored(world.urban, world.ordos, "2026").status == "无法评估"  # no 2025 value of 鄂尔多斯市
        assert stored(world.gdp, world.ordos, "2026").status == "超前"  # a rate applies to every unit
        jobs = stored(world.jobs, world.ordos, "2026")
        assert jobs.status == "无法评估" and "未分解到本单位" in jobs.explanation

    def test_month_values_are_judged_against_the_annual_target(self, world, approve, annual_target):
        annual_target(world.industry, world.ordos, 2027, 1000)
        approve([("5", "150600", "2027M3", "240"), ("5", "150600", "2027M6", "450")])
        march = stored(world.industry, world.ordos, "2027M3")
        june = stored(world.industry, world.ordos, "2027M6")
        assert (march.period_kind, june.period_kind) == ("M", "M")
        assert (march.status, march.completion, march.elapsed) == ("符合预期", 0.24, 0.25)
        assert (june.status, june.method, june.pace_ratio) == ("滞后", "year_to_date", pytest.approx(0.9))
        assert june.explanation == "2027年1–6月累计450亿元，完成年度目标1000亿元的45%，时间进度50%，滞后5个百分点"

    def test_a_unit_without_annual_target_inherits_a_rate_target_from_above(self, world, approve, annual_target):
        annual_target(world.gdp, world.region, 2027, 5, comparator="~")
        world.gdp.frequency = "monthly"
        world.gdp.value_kind = "ytd"
        world.gdp.save()
        approve([("2", "150602", "2027M6", "4.0")])
        june = stored(world.gdp, world.dongsheng, "2027M6")
        assert june.method == "year_to_date_rate"
        assert june.pace_ratio == pytest.approx(0.8)
        assert june.status == "滞后"

    def test_december_year_to_date_value_is_the_year_value(self, world, approve, annual_target):
        world.gdp.frequency = "monthly"
        world.gdp.value_kind = "ytd"
        world.gdp.save()
        approve([("2", "150000", "2026M12", "5.2"), ("2", "150000", "2027M6", "4.0")])
        year = stored(world.gdp, world.region, "2026")
        assert year.status == "超前" and year.latest_value == Decimal("5.2")
        # no 2027 annual target: the month has nothing to be judged against
        assert not Assessment.objects.filter(period="2027M6").exists()

    def test_history_is_in_time_order(self, world, approve):
        from plantrack.assessment.selectors import assessment_history

        approve([("1", "150000", "2027", "72.0"), ("1", "150000", "2026", "71.8")])
        history = assessment_history(indicator=world.urban, unit=world.region)
        assert [a.period for a in history] == ["2026", "2027"]


class TestAssessAll:
    def test_the_command_rebuilds_what_approval_stored(self, world, approve):
        approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0"), ("2", "150000", "2026", "5")])
        before = {
            (a.indicator_id, a.unit_id, a.period): (a.status, a.result) for a in Assessment.objects.all()
        }
        Assessment.objects.all().delete()
        out = StringIO()
        call_command("assess_all", stdout=out)
        assert "评估结果 3 条" in out.getvalue()
        after = {(a.indicator_id, a.unit_id, a.period): (a.status, a.result) for a in Assessment.objects.all()}
        assert after == before

    def test_rebuilding_twice_keeps_one_row_per_period(self, world, approve):
        approve([("1", "150000", "2026", "71.8")])
        first = stored(world.urban, world.region, "2026").pk
        assert assess_all() == 1
        assert assess_all() == 1
        assert stored(world.urban, world.region, "2026").pk == first

    def test_refresh_with_nothing_to_do(self, world):
        assert refresh_assessments(indicator_ids=[], unit_ids=[world.region.id]) == 0
        assert refresh_assessments(indicator_ids=[world.urban.id], unit_ids=[world.region.id]) == 0

    def test_thresholds_come_from_settings(self, world, approve, settings):
        settings.PLANTRACK_ASSESS_ON_TRACK = 0.80
        approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0")])
        assert stored(world.urban, world.region, "2027").status == "符合预期"  # R = 0.83


def test_a_qualitative_annual_target_says_so(world, approve):
    from plantrack.indicators.models import AnnualTarget

    world.gdp.frequency = "monthly"
    world.gdp.value_kind = "ytd"
    world.gdp.save()
    AnnualTarget.objects.create(indicator=world.gdp, unit=world.region, year=2027, value=None,
                                comparator="qualitative", text="与经济增长同步")
    approve([("2", "150000", "2027M6", "4.0")])
    june = stored(world.gdp, world.region, "2027M6")
    assert june.status == "无法评估"
    assert june.explanation == "无法评估：2027年度目标没有数值（与经济增长同步），需人工判断"


class TestRefreshOnTargetChanges:
    def test_editing_the_target_rejudges_every_unit(self, world, approve):
        from plantrack.indicators.registry import update_indicator

        approve([("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0")])
        assert stored(world.urban, world.region, "2027").status == "滞后"
        update_indicator(indicator=world.urban, user=world.admin, target_value=Decimal("72.5"))
        assert stored(world.urban, world.region, "2027").status == "超前"  # completion 0.5 at 40% of the time

    def test_entering_an_annual_target_judges_the_months(self, world, approve):
        from plantrack.indicators.annual_targets import set_annual_target

        approve([("5", "150600", "2027M3", "240")])
        assert not Assessment.objects.filter(period="2027M3").exists()
        set_annual_target(indicator=world.industry, unit=world.ordos, year=2027, comparator=">=",
                          value=Decimal("1000"), user=world.admin)
        assert stored(world.industry, world.ordos, "2027M3").status == "符合预期"
