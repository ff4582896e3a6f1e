"""How many warnings a realistic world raises: the rule of issue 12 against the rule before it, on the same data.

The world: 20 indicators (level, growth, cumulative and bound targets, five each; every third binding) × the
region, 12 盟市 and 103 旗县 = 2,320 indicator-unit pairs, five years of yearly values and, for the growth
indicators, sixty months of year-to-date growth against a 5% 左右 annual target. Each unit runs at its own pace
around the plan's (some ahead, most near it, some behind, a few 盟市 already past a level target) with yearly
noise, from a fixed seed. Every period is judged as it arrives, and its newest judgement is set against the one
before — as `raise_warnings` does when values are approved.

The rule before: any status worse than before (超前 → 符合预期 included), or a binding indicator lagging.
Run with `-s` to print the figures.
"""

from __future__ import annotations

import random
from collections import Counter

from plantrack.assessment.raising import warning_kinds
from plantrack.assessment.series import UnitSeries, assess_unit_series
from plantrack.core.assess import DEFAULT_THRESHOLDS, Status, TargetSpec, status_worsened
from plantrack.core.periods import Period

KINDS = ("level", "annual_growth", "cumulative", "bound")
UNITS = 1 + 12 + 103


def _spec(kind: str) -> TargetSpec:
    return {
        "level": TargetSpec(target_type="level", unit="%", baseline_year=2025, baseline_value=60, target_year=2030,
                            target_value=70, comparator=">=", plan_base_year=2025),
        "annual_growth": TargetSpec(target_type="annual_growth", unit="%", series="change", baseline_year=2025,
                                    target_year=2030, target_value=5, comparator="~", plan_base_year=2025),
        "cumulative": TargetSpec(target_type="cumulative", unit="万人", series="change", baseline_year=2025,
                                 target_year=2030, target_value=100, comparator=">=", plan_base_year=2025),
        "bound": TargetSpec(target_type="bound", direction="decrease", unit="%", baseline_year=2025,
                            target_year=2030, target_value=5.5, comparator="<=", plan_base_year=2025),
    }[kind]


def _unit_series(kind: str, rnd: random.Random, unit: int) -> UnitSeries:
    pace = max(0.2, rnd.gauss(1.0, 0.25))
    yearly: dict[int, float] = {}
    within: dict[Period, float] = {}
    spec = _spec(kind)
    if kind == "level":
        base = rnd.gauss(62, 4) if unit else 60.0  # a few 盟市 and 旗县 already past 70
        spec = TargetSpec(**{**_fields(spec), "baseline_value": round(base, 1)})
        for t in range(1, 6):
            yearly[2025 + t] = round(base + pace * max(0.5, 70 - base) / 5 * t + rnd.gauss(0, 0.3), 1)
    elif kind == "annual_growth":
        for year in range(2026, 2031):
            rate = 5 * pace + rnd.gauss(0, 0.8)
            # 累计增速: the year-to-date rate is the mean of the months so far, so it settles as the year goes on
            shocks = [rnd.gauss(0, 1.5) for _month in range(12)]
            shocks = [e - sum(shocks) / 12 for e in shocks]  # December's year-to-date is the year's rate
            for month in range(1, 13):
                within[Period(year, "M", month)] = round(rate + sum(shocks[:month]) / month, 1)
            yearly[year] = round(rate, 1)
    elif kind == "cumulative":
        for year in range(2026, 2031):
            yearly[year] = round(20 * pace + rnd.gauss(0, 3), 1)
    else:
        level = rnd.gauss(5.0, 0.3)
        for year in range(2026, 2031):
            level += rnd.gauss(0, 0.2)
            yearly[year] = round(level, 1)
    return UnitSeries(spec=spec, is_top_unit=unit == 0, additive_over_units=False, additive_over_time=False,
                      year_to_date_values=True, yearly=yearly, within_year=within)


def _fields(spec: TargetSpec) -> dict:
    return {name: getattr(spec, name) for name in spec.__slots__}


def world_warnings(seed: int = 20261207) -> dict[str, Counter]:
    rnd = random.Random(seed)
    before, now = Counter(), Counter()
    for i in range(20):
        kind = KINDS[i % 4]
        binding = i % 3 == 0
        for unit in range(UNITS):
            series = _unit_series(kind, rnd, unit)
            assessed = assess_unit_series(
                series, annual_target=lambda _year: (5.0, "~", "5%左右"), thresholds=DEFAULT_THRESHOLDS
            )
            for kinds in (("Y",), ("M",)):
                own = [pa for pa in assessed if pa.period.kind in kinds]
                binding_open = False  # nobody acknowledges in this world: an open warning stays open
                for previous, newest in zip([None, *own], own, strict=False):
                    earlier = previous.result.status if previous else None
                    status = newest.result.status
                    if status_worsened(status, earlier):
                        before["worsened"] += 1
                        if earlier is Status.AHEAD and status is Status.ON_TRACK:
                            before["of which 超前→符合预期"] += 1
                    if binding and status.is_lagging:
                        before["binding_lagging"] += 1
                    for raised, _previous in warning_kinds(
                        binding=binding, newest=newest.result, earlier=earlier,
                        earlier_beyond_record=bool(previous and previous.result.required_beyond_record),
                        binding_warning_open=binding_open,
                    ):
                        now[str(raised)] += 1
                        binding_open = binding_open or raised == "binding_lagging"
    return {"before": before, "now": now}


def test_the_new_rule_warns_on_real_deterioration_only_and_far_less():
    counts = world_warnings()
    before = counts["before"]["worsened"] + counts["before"]["binding_lagging"]
    now = sum(counts["now"].values())
    print(f"\nwarnings on the same world (2,320 pairs): before {before} {dict(counts['before'])}, "
          f"now {now} {dict(counts['now'])}")
    assert counts["before"]["of which 超前→符合预期"] > 0  # the world has the noise the old rule warned on
    assert now < before
    assert set(counts["now"]) <= {"worsened", "binding_lagging", "beyond_record"}


def test_ahead_to_on_track_is_not_a_warning():
    ahead_then_on_track = [Status.AHEAD, Status.ON_TRACK]
    result = assess_unit_series(
        UnitSeries(spec=_spec("annual_growth"), is_top_unit=True, additive_over_units=False,
                   additive_over_time=False, year_to_date_values=True, yearly={2026: 5.6, 2027: 4.5},
                   within_year={}),
        annual_target=lambda _year: None, thresholds=DEFAULT_THRESHOLDS,
    )
    assert [pa.result.status for pa in result] == ahead_then_on_track
    assert warning_kinds(binding=True, newest=result[1].result, earlier=result[0].result.status) == []
