"""The registry's indicator as the core's TargetSpec: directions, comparators, series and plan-period defaults."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantrack.assessment.specs import target_spec_for
from plantrack.indicators.models import Indicator


class TestTargetSpecFor:
    def test_a_level_target(self, world):
        spec = target_spec_for(world.urban)
        assert (spec.target_type, spec.direction, spec.unit, spec.series) == ("level", "increase", "%", "level")
        assert (spec.baseline_year, spec.baseline_value, spec.target_year, spec.target_value) == (2025, 71.5, 2030, 73)
        assert spec.comparator == ">="

    def test_growth_and_cumulative_values_are_yearly_changes(self, world):
        assert target_spec_for(world.gdp).series == "change"
        assert target_spec_for(world.jobs).series == "change"

    def test_missing_years_come_from_the_plan_period(self, world):
        spec = target_spec_for(world.gdp)
        assert (spec.baseline_year, spec.target_year, spec.comparator) == (2025, 2030, "~")

    def test_lower_is_better(self, world):
        spec = target_spec_for(world.jobless)
        assert (spec.direction, spec.comparator, spec.target_value) == ("decrease", "<=", 5.5)

    @pytest.mark.parametrize(("stored", "spec"), [("", "="), ("+", ">="), ("range", "~"), ("=", "=")])
    def test_registry_comparators(self, world, stored, spec):
        world.jobs.comparator = stored
        assert target_spec_for(world.jobs).comparator == spec

    def test_qualitative_has_no_number(self, world):
        spec = target_spec_for(world.national)
        assert (spec.target_type, spec.target_value, spec.unit) == ("qualitative", None, None)

    def test_decimal_figures_become_floats(self, world):
        world.urban.baseline_value = Decimal("71.123456")
        assert target_spec_for(world.urban).baseline_value == pytest.approx(71.123456)
        assert world.urban.direction == Indicator.Direction.HIGHER


def test_a_growth_target_reported_as_an_amount_is_judged_on_its_levels(world, approve):
    from plantrack.assessment.models import Assessment

    spec = target_spec_for(world.industry)  # 规模以上工业增加值, 亿元, 年均增长 6%
    assert spec.series == "level"
    world.industry.baseline_year, world.industry.baseline_value = 2025, Decimal("1000")
    world.industry.frequency = Indicator.Frequency.YEARLY
    world.industry.save()
    approve([("5", "150000", "2026", "1060"), ("5", "150000", "2027", "1123.6")])
    judged = Assessment.objects.get(indicator=world.industry, period="2027")
    assert judged.status == "符合预期"
    assert judged.pace_ratio == pytest.approx(1.0)
