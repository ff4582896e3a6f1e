"""The edges of issue 8's "Done when": nothing to judge gives 无法评估 with the reason, never a made-up status."""

from __future__ import annotations

import dataclasses

import pytest

from plantrack.core.assess import (
    STATUS_ORDER,
    Status,
    TargetSpec,
    Thresholds,
    assess_target,
    assess_year_to_date,
    status_worsened,
)


def spec(**fields) -> TargetSpec:
    fields.setdefault("target_type", "level")
    return TargetSpec(baseline_year=2025, target_year=2030, **fields)


URBAN = spec(unit="%", baseline_value=71.5, target_value=73, comparator=">=")


class TestNotAssessable:
    def test_no_data_at_all(self):
        r = assess_target(URBAN, {}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert r.reason == "截至2027年尚无基期以后的数据"
        assert r.explanation == "无法评估：截至2027年尚无基期以后的数据"
        assert r.pace_ratio is None and r.completion is None

    def test_only_values_after_the_as_of_year(self):
        r = assess_target(URBAN, {2028: 72.8, 2029: 73.5}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "2027年以后的数据不计入" in r.reason

    def test_only_the_base_year_is_not_progress(self):
        r = assess_target(URBAN, {2025: 71.5}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE

    def test_qualitative_target(self):
        r = assess_target(spec(target_type="qualitative"), {2026: 1.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "定性目标" in r.reason

    def test_target_without_a_number(self):
        r = assess_target(spec(target_value=None), {2026: 1.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "需人工判断" in r.reason

    def test_level_without_baseline(self):
        r = assess_target(spec(target_value=73, comparator=">="), {2026: 71.8, 2027: 72.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert r.reason == "缺少2025年基期值，无法计算完成进度"
        assert r.latest_year == 2027 and r.latest_value == 72.0

    def test_without_base_year(self):
        no_base = TargetSpec(target_type="level", target_year=2030, target_value=73, baseline_value=71.5)
        r = assess_target(no_base, {2026: 72.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "基期年份" in r.reason

    def test_zero_base_for_a_growth_method(self):
        growth = spec(target_type="annual_growth", unit="%", series="level", baseline_value=0, target_value=5)
        r = assess_target(growth, {2026: 3.0, 2027: 4.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "零或负数" in r.reason

    def test_negative_level_for_a_growth_method(self):
        growth = spec(target_type="annual_growth", unit="%", series="level", baseline_value=10, target_value=5)
        r = assess_target(growth, {2026: -2.0, 2027: 4.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "2026年数值为零或负数" in r.reason

    def test_zero_target_rate(self):
        r = assess_target(spec(target_type="annual_growth", unit="%", target_value=0), {2026: 3.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE

    def test_zero_cumulative_target(self):
        r = assess_target(spec(target_type="cumulative", unit="万人", target_value=0), {2026: 3.0}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE

    def test_year_to_date_without_annual_target(self):
        r = assess_year_to_date(annual_target=None, comparator=">=", direction="increase", ytd_value=3,
                                period="2027M3")
        assert r.status is Status.NOT_ASSESSABLE
        assert r.reason == "2027年无年度目标"


class TestValuesInTime:
    def test_values_after_as_of_are_ignored(self):
        with_future = assess_target(URBAN, {2026: 71.8, 2027: 72.0, 2028: 80.0}, as_of=2027)
        without = assess_target(URBAN, {2026: 71.8, 2027: 72.0}, as_of=2027)
        assert with_future == without
        assert with_future.latest_year == 2027

    def test_as_of_counts_the_year_of_the_latest_value(self):
        r = assess_target(URBAN, {2026: 71.8}, as_of=2028)
        assert r.latest_year == 2026
        assert r.elapsed == pytest.approx(0.2)

    def test_base_year_value_stands_in_for_a_missing_baseline(self):
        no_baseline = dataclasses.replace(URBAN, baseline_value=None)
        r = assess_target(no_baseline, {2025: 71.5, 2026: 71.8, 2027: 72.0}, as_of=2027)
        assert r.completion == pytest.approx(1 / 3)

    def test_a_level_target_is_judged_at_the_target_year(self):
        r = assess_target(URBAN, {2029: 72.5, 2030: 72.9, 2031: 74}, as_of=2031)
        assert r.latest_year == 2030
        assert r.elapsed == 1
        assert r.status is Status.LAGGING  # 93% of the way, and the time is up
        assert r.required_rate is None

    def test_missing_values_are_skipped(self):
        r = assess_target(URBAN, {2026: None, 2027: 72.0}, as_of=2027)
        assert r.latest_value == 72.0

    def test_bound_years_outside_are_named(self):
        bound = spec(target_type="bound", direction="decrease", unit="%", target_value=5.5, comparator="<=")
        r = assess_target(bound, {2026: 5.8, 2027: 5.3}, as_of=2027)
        assert r.status is Status.ON_TRACK
        assert r.explanation == "2027年为5.3%，在控制范围内（≤5.5%），2026年曾越界"


class TestDirectionsAndSigns:
    def test_signed_falls_read_like_positive_falls(self):
        as_falls = spec(target_type="cumulative", direction="decrease", unit="%", target_value=13.5)
        as_signed = spec(target_type="cumulative", direction="decrease", unit="%", target_value=-13.5)
        a = assess_target(as_falls, {2026: 2.5, 2027: 2.6}, as_of=2027)
        b = assess_target(as_signed, {2026: -2.5, 2027: -2.6}, as_of=2027)
        assert a.pace_ratio == pytest.approx(b.pace_ratio)
        assert a.status is b.status is Status.LAGGING
        assert b.required_rate == pytest.approx(-a.required_rate)

    def test_lower_is_better_moving_away(self):
        pm25 = spec(direction="decrease", baseline_value=30, target_value=25, comparator="<=")
        r = assess_target(pm25, {2026: 31, 2027: 32}, as_of=2027)
        assert r.status is Status.SERIOUSLY_LAGGING
        assert "反方向" in r.explanation

    def test_lower_is_better_already_met(self):
        pm25 = spec(direction="decrease", baseline_value=30, target_value=25, comparator="<=")
        assert assess_target(pm25, {2027: 24.5}, as_of=2027).status is Status.COMPLETED

    def test_held_ceiling(self):
        ceiling = spec(direction="decrease", baseline_value=4.8, target_value=5.5, comparator="<=")
        r = assess_target(ceiling, {2026: 5.0, 2027: 5.2}, as_of=2027)
        assert r.method == "held_bound"
        assert r.status is Status.ON_TRACK

    def test_growth_in_levels_falling(self):
        energy = spec(target_type="annual_growth", direction="decrease", unit="%", series="level",
                      baseline_value=100, target_value=3)
        r = assess_target(energy, {2026: 97, 2027: 94.09}, as_of=2027)
        assert r.pace_ratio == pytest.approx(1.0, abs=1e-6)

    def test_growth_gap_years_are_spread(self):
        growth = spec(target_type="annual_growth", unit="%", series="level", baseline_value=100, target_value=5)
        r = assess_target(growth, {2027: 110.25}, as_of=2027)
        assert r.pace_ratio == pytest.approx(1.0)

    def test_growth_target_met_at_the_end(self):
        growth = spec(target_type="annual_growth", unit="%", target_value=4.5)
        r = assess_target(growth, {y: 4.6 for y in range(2026, 2031)}, as_of=2030)
        assert r.status is Status.COMPLETED


class TestThresholds:
    def test_thresholds_are_settings(self):
        strict = Thresholds(ahead=1.5, on_track=1.2, lagging=0.9)
        r = assess_target(URBAN, {2026: 71.8, 2027: 72.1}, as_of=2027, thresholds=strict)
        assert r.status is Status.LAGGING  # R = 1.0, which the default thresholds call 符合预期

    def test_about_tolerance_is_a_setting(self):
        bound = spec(target_type="bound", direction="decrease", unit="%", target_value=5.5, comparator="~")
        assert assess_target(bound, {2027: 5.7}, as_of=2027).status is Status.ON_TRACK
        tight = Thresholds(about_tolerance=0.01)
        assert assess_target(bound, {2027: 5.7}, as_of=2027, thresholds=tight).status is Status.LAGGING

    def test_thresholds_out_of_order_are_refused(self):
        with pytest.raises(ValueError, match="阈值"):
            Thresholds(ahead=0.9, on_track=0.95)

    def test_ratio_exactly_on_a_threshold_takes_the_better_status(self):
        r = assess_target(spec(target_type="annual_growth", unit="%", target_value=5), {2026: 5.5}, as_of=2027)
        assert r.pace_ratio == pytest.approx(1.1)
        assert r.status is Status.AHEAD


class TestStatusOrder:
    def test_order_runs_from_best_to_worst(self):
        assert [s.value for s in STATUS_ORDER] == ["已完成", "超前", "符合预期", "滞后", "严重滞后"]
        assert [s.rank for s in STATUS_ORDER] == [0, 1, 2, 3, 4]
        assert Status.NOT_ASSESSABLE.rank is None

    @pytest.mark.parametrize(
        ("new", "old", "worse"),
        [
            ("滞后", "符合预期", True),
            ("严重滞后", "滞后", True),
            ("符合预期", "滞后", False),
            ("滞后", "滞后", False),
            ("无法评估", "超前", False),
            ("滞后", "无法评估", False),
            ("滞后", None, False),
        ],
    )
    def test_worsened(self, new, old, worse):
        assert status_worsened(new, old) is worse


class TestSpecChecks:
    @pytest.mark.parametrize(
        ("fields", "words"),
        [
            (dict(target_type="trend"), "target_type"),
            (dict(target_type="level", direction="up"), "direction"),
            (dict(target_type="level", series="flow"), "series"),
            (dict(target_type="level", comparator=">"), "comparator"),
            (dict(target_type="level", target_value=float("nan")), "target_value"),
        ],
    )
    def test_bad_fields_are_named(self, fields, words):
        with pytest.raises(ValueError, match=words):
            TargetSpec(target_year=2030, **fields)


def test_a_year_without_a_rate_is_not_taken_as_zero_growth():
    # baseline "2024年数据", first figure for 2026: 2025 has no rate and is not required again
    growth = TargetSpec(target_type="annual_growth", unit="%", baseline_year=2024, target_year=2030, target_value=5)
    r = assess_target(growth, {2026: 5.0}, as_of=2026)
    assert r.required_rate == pytest.approx(5.0)
    assert r.completion == pytest.approx(0.05 / (1.05**5 - 1))


def test_growth_ratio_bands_are_settings():
    urban = TargetSpec(target_type="level", unit="%", baseline_year=2025, baseline_value=71.5, target_year=2030,
                       target_value=73, comparator=">=")
    values = {2026: 71.8, 2027: 72.0}  # growth-rate ratio 0.8388
    assert assess_target(urban, values, as_of=2027).growth_status is Status.LAGGING
    lenient = Thresholds(growth_on_track=0.80, growth_lagging=0.50)
    assert assess_target(urban, values, as_of=2027, thresholds=lenient).growth_status is Status.ON_TRACK


def test_a_deep_fall_compounds_below_zero_whatever_the_arithmetic_mean():
    # the arithmetic mean (40 − 35) / 2 = 2.5 would read 超前 against 2; the level is 1.4 × 0.65 = 0.91 of the base
    growth = TargetSpec(target_type="annual_growth", unit="%", baseline_year=2025, target_year=2030, target_value=2)
    r = assess_target(growth, {2026: 40.0, 2027: -35.0}, as_of=2027)
    assert r.status is Status.SERIOUSLY_LAGGING
    assert r.explanation.startswith("2026–2027年年均下降4.61%")
    assert r.disagreement is None  # one verdict: the growth-rate ratio is the headline's own ratio here


def test_figures_too_far_apart_are_not_assessable_rather_than_an_error():
    # a mistyped baseline many orders of magnitude off: compounding it overflows
    level = TargetSpec(target_type="level", unit="元", baseline_year=2025, baseline_value=1e-10, target_year=2030,
                       target_value=1e295, comparator=">=")
    r = assess_target(level, {2026: 1e290}, as_of=2026)
    assert r.status is Status.NOT_ASSESSABLE
    assert "超出可计算范围" in r.reason
