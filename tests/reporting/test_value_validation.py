"""Validation: range rules and defaults, outliers against the unit's own history (with why), consistency rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue, ValidationRule

K = ValidationRule.Kind


def _rule(world, kind, indicator, severity="error", **kw) -> ValidationRule:
    return ValidationRule.objects.create(plan=world.plan, name=f"{kind} {indicator.code}", kind=kind,
                                         severity=severity, indicator=indicator, **kw)


def _refusal(enter, user, rows, **kw) -> ValuesRejected:
    """The rows are refused when submitted (a draft may keep a warning to explain later)."""
    kw.setdefault("submit", True)
    before = DataValue.objects.count()
    with pytest.raises(ValuesRejected) as info:
        enter(user, rows, **kw)
    assert DataValue.objects.count() == before
    return info.value


class TestRange:
    def test_range_rule_blocks_with_its_bounds(self, world, enter):
        _rule(world, K.RANGE, world.revenue, min_value=0, max_value=1000)
        exc = _refusal(enter, world.ordos_clerk, [("5", "150600", "2026M10", "1200")])
        assert exc.errors[0].message == "1200超出取值范围[0, 1000]（规则“range 5”）"

    def test_range_warning_passes_with_an_explanation(self, world, enter):
        _rule(world, K.RANGE, world.revenue, severity="warning", max_value=1000)
        with pytest.raises(ValuesRejected) as info:
            enter(world.ordos_clerk, [("5", "150600", "2026M10", "1200")], submit=True)
        assert info.value.unexplained_warnings and not info.value.errors
        result = enter(world.ordos_clerk, [("5", "150600", "2026M10", "1200", "一次性土地出让收入")])
        assert result.created == 1 and [w.code for w in result.warnings] == ["range"]
        assert DataValue.objects.get().explanation == "一次性土地出让收入"

    def test_a_growth_rate_may_be_negative_but_not_below_minus_100(self, world, enter):
        enter(world.ordos_clerk, [("4", "150600", "2026M10", "-3.5")])
        exc = _refusal(enter, world.ordos_clerk, [("4", "150600", "2026M9", "-120")])
        assert "增速低于−100%" in exc.errors[0].message


class TestOutlier:
    def test_a_jump_against_last_period_says_how_much(self, world, enter):
        enter(world.ordos_clerk, [("5", "150600", "2026M9", "50")])
        exc = _refusal(enter, world.ordos_clerk, [("5", "150600", "2026M10", "220")])
        warning = exc.unexplained_warnings[0]
        assert warning.message == "较上期增长340%（50 → 220）"
        assert (warning.where, warning.code, warning.period) == ("第1行", "outlier", "2026M10")

    def test_a_fall_against_the_same_month_last_year(self, world, enter):
        # The plan starts in 2026; the history before it came in through the admin's correction-free path.
        world.plan.period_start = 2025
        world.plan.save()
        enter(world.admin, [("5", "150600", "2025M10", "100")])
        exc = _refusal(enter, world.ordos_clerk, [("5", "150600", "2026M10", "30")])
        assert exc.unexplained_warnings[0].message == "较上年同期下降70%（100 → 30）"

    def test_an_admin_rule_sets_a_tighter_threshold(self, world, enter):
        _rule(world, K.OUTLIER, world.revenue, severity="error", max_change_ratio=Decimal("0.2"))
        enter(world.ordos_clerk, [("5", "150600", "2026M9", "100")])
        exc = _refusal(enter, world.ordos_clerk, [("5", "150600", "2026M10", "125")])
        assert exc.errors[0].message == "较上期增长25%（100 → 125）"
        enter(world.ordos_clerk, [("5", "150600", "2026M10", "115")])

    def test_a_value_entered_before_its_neighbour_is_still_compared(self, world, enter):
        # October first, then September: the check runs on September against October's history too.
        enter(world.ordos_clerk, [("5", "150600", "2026M8", "100")])
        exc = _refusal(enter, world.ordos_clerk, [("5", "150600", "2026M10", "400"), ("5", "150600", "2026M9", "110")])
        assert [(f.where, f.message) for f in exc.unexplained_warnings] == [("第1行", "较上期增长264%（110 → 400）")]

    def test_without_neighbours_the_units_own_range_is_used(self, world, enter):
        enter(world.ordos_clerk, [("5", "150600", f"2026M{m}", str(100 + m)) for m in (1, 2, 3)])
        exc = _refusal(enter, world.ordos_clerk, [("5", "150600", "2026M9", "900")])
        assert exc.unexplained_warnings[0].message == "900超出本单位历史区间[101, 103]"


    def test_a_rate_that_jumps_by_percentage_points_is_flagged(self, world, enter):
        enter(world.ordos_clerk, [("4", "150600", "2026M9", "5.3")])
        exc = _refusal(enter, world.ordos_clerk, [("4", "150600", "2026M10", "53")])
        assert exc.unexplained_warnings[0].message == "较上期提高47.7个百分点（5.3 → 53）"
        enter(world.ordos_clerk, [("4", "150600", "2026M10", "5.6")])


class TestConsistency:
    def test_a_part_may_not_exceed_its_whole(self, world, enter):
        _rule(world, K.PART_OF_WHOLE, world.tax, whole_indicator=world.revenue)
        enter(world.ordos_clerk, [("5", "150600", "2026M10", "300")])
        exc = _refusal(enter, world.ordos_clerk, [("6", "150600", "2026M10", "320")])
        assert exc.errors[0].message == "“税收收入”320大于“一般公共预算收入”300（部分不应大于整体）"
        enter(world.ordos_clerk, [("6", "150600", "2026M10", "250")])

    def test_lowering_the_whole_below_the_part_is_caught_on_the_whole(self, world, enter):
        _rule(world, K.PART_OF_WHOLE, world.tax, whole_indicator=world.revenue)
        enter(world.ordos_clerk, [("5", "150600", "2026M10", "300"), ("6", "150600", "2026M10", "250")])
        exc = _refusal(enter, world.ordos_clerk, [("5", "150600", "2026M10", "240")])
        assert exc.errors[0].code == "part_gt_whole" and exc.errors[0].indicator_code == "5"

    def test_children_must_add_up_to_the_parent(self, world, enter):
        _rule(world, K.CHILDREN_SUM, world.gdp, tolerance=Decimal("0.5"))
        world.gdp.reporting_units.add(world.dongsheng, world.kangbashi)
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "1000"), ("1", "150602", "2026M10", "600")])
        exc = _refusal(enter, world.ordos_clerk, [("1", "150603", "2026M10", "300")])
        assert exc.errors[0].message == "下级合计900与鄂尔多斯市的数值1000不一致（相差-100）"
        assert exc.errors[0].unit_code == "150603"
        enter(world.ordos_clerk, [("1", "150603", "2026M10", "400.2")])

    def test_reported_children_may_not_already_exceed_the_parent(self, world, enter):
        _rule(world, K.CHILDREN_SUM, world.gdp, severity="warning")
        world.gdp.reporting_units.add(world.dongsheng, world.kangbashi)
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "500")])
        exc = _refusal(enter, world.ordos_clerk, [("1", "150602", "2026M10", "600")])
        assert exc.unexplained_warnings[0].message == "已报下级合计600已超过鄂尔多斯市的数值500"

    def test_year_to_date_never_falls(self, world, enter):
        enter(world.ordos_clerk, [("3", "150600", "2026M8", "5.1"), ("3", "150600", "2026M9", "5.8")])
        exc = _refusal(enter, world.ordos_clerk, [("3", "150600", "2026M10", "5.5")])
        assert exc.errors[0].message == "累计值5.5低于上期（2026年9月）累计值5.8，累计值不应下降"
        exc = _refusal(enter, world.ordos_clerk, [("3", "150600", "2026M8", "6")])
        assert "高于下期（2026年9月）累计值5.8" in exc.errors[0].message
        enter(world.ordos_clerk, [("3", "150600", "2026M10", "6.4")])

    def test_year_to_date_restarts_in_january(self, world, enter):
        world.plan.period_start = 2025
        world.plan.save()
        enter(world.admin, [("3", "150600", "2025M12", "12")])
        enter(world.ordos_clerk, [("3", "150600", "2026M1", "1.1")])
        assert DataValue.objects.filter(period="2026M1").count() == 1
