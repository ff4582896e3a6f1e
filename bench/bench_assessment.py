"""Assessment benchmark: every indicator × 116 units × 60 months (2026M1–2030M12) of approved year-to-date values,
judged by the core alone and then stored by `assess_all` (goal: under 10 s), on a fresh SQLite database.

Also the refresh that runs inside an approval of one month of one 盟市's figures. `BENCH_ASSESS_INDICATORS=N`
changes the number of indicators (20 by default: level, growth, cumulative and bound targets, five each).
"""

from __future__ import annotations

import os
import random
import resource
import time
from decimal import Decimal

from bench.fresh_django import run_on_fresh_database
from bench.sizes import size

N_INDICATORS = size(20, 4, env="BENCH_ASSESS_INDICATORS")
N_PREFECTURES, N_COUNTIES = 12, size(103, 5)
MONTHS = [(year, month) for year in range(2026, 2031) for month in range(1, 13)]
KINDS = ["level", "annual_growth", "cumulative", "bound"]


def _world() -> tuple[int, int]:
    from plantrack.indicators.models import AnnualTarget, Indicator
    from plantrack.orgs.models import OrgUnit
    from plantrack.plans.models import Plan
    from plantrack.reporting.models import DataValue

    rnd = random.Random(20261129)
    plan = Plan.objects.create(title="基准规划", region="基准", period_start=2026, period_end=2030)
    region = OrgUnit.objects.create(code="150000", name="基准自治区", kind=OrgUnit.Kind.REGION)
    prefectures = [
        OrgUnit.objects.create(code=f"15{i:02d}00", name=f"盟市{i}", kind=OrgUnit.Kind.PREFECTURE, parent=region)
        for i in range(1, N_PREFECTURES + 1)
    ]
    counties = [
        OrgUnit(code=f"C{i:04d}", name=f"旗县{i}", kind=OrgUnit.Kind.COUNTY,
                parent=prefectures[i % N_PREFECTURES])
        for i in range(N_COUNTIES)
    ]
    for c in counties:
        c.save()
    units = [region, *prefectures, *counties]
    indicators = []
    for i in range(N_INDICATORS):
        kind = KINDS[i % len(KINDS)]
        indicators.append(Indicator.objects.create(
            plan=plan, code=f"I{i:03d}", name=f"指标{i}", unit="%" if kind != "cumulative" else "万人",
            target_type=kind, frequency=Indicator.Frequency.MONTHLY, value_kind=Indicator.ValueKind.YEAR_TO_DATE,
            attribute=Indicator.Attribute.BINDING if i % 3 == 0 else Indicator.Attribute.EXPECTED,
            direction=Indicator.Direction.LOWER if kind == "bound" else Indicator.Direction.HIGHER,
            baseline_year=2025, baseline_value=Decimal("60") if kind == "level" else None,
            target_year=2030, target_value=Decimal({"level": "70", "annual_growth": "5", "cumulative": "100",
                                                    "bound": "5.5"}[kind]),
            comparator={"bound": "<=", "annual_growth": "~"}.get(kind, ">="),
        ))
    targets = [
        AnnualTarget(indicator=ind, unit=u, year=year, value=Decimal(str(round(rnd.uniform(4, 8), 1))),
                     comparator=">=")
        for ind in indicators for u in units for year in range(2026, 2031)
    ]
    AnnualTarget.objects.bulk_create(targets, batch_size=2000)
    values = []
    for ind in indicators:
        for u in units:
            level = rnd.uniform(55, 65)
            for year, month in MONTHS:
                level += rnd.uniform(-0.1, 0.3)
                figure = Decimal(f"{level if ind.target_type == 'level' else rnd.uniform(2, 8):.2f}")
                values.append(DataValue(
                    indicator=ind, unit=u, period=f"{year}M{month}", year=year, value=figure, approved_value=figure,
                    state=DataValue.State.APPROVED, channel="bulk",
                ))
    DataValue.objects.bulk_create(values, batch_size=2000)
    return len(values), len(units)


def measure() -> None:
    """Figures depend on the machine's load: the CPU seconds of this process are printed beside the wall time."""
    from plantrack.assessment.models import Assessment, Warning
    from plantrack.assessment.services import assess_all, refresh_assessments
    from plantrack.assessment.specs import target_spec_for
    from plantrack.core.assess import assess_target, assess_year_to_date
    from plantrack.indicators.models import Indicator
    from plantrack.orgs.models import OrgUnit
    from plantrack.reporting.models import DataValue

    n_values, n_units = _world()
    print(f"   {N_INDICATORS} indicators × {n_units} units × {len(MONTHS)} months = {n_values:,} approved values")

    specs = [target_spec_for(i) for i in Indicator.objects.select_related("plan")]
    started = time.perf_counter()
    judged = 0
    rnd = random.Random(7)
    for spec in specs:
        for _unit in range(n_units):
            yearly = {year: rnd.uniform(55, 65) for year in range(2026, 2031)}
            for year in yearly:
                assess_target(spec, yearly, as_of=year)
                judged += 1
            for year, month in MONTHS:
                assess_year_to_date(annual_target=6.0, comparator=">=", direction=spec.direction,
                                    ytd_value=rnd.uniform(2, 8), period=f"{year}M{month}", unit=spec.unit)
                judged += 1
    core = time.perf_counter() - started
    print(f"   core alone: {judged:,} judgements in {core:.2f} s ({judged / core:,.0f}/s)")

    started, cpu = time.perf_counter(), time.process_time()
    written = assess_all()
    full, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"   assess_all (load approved values, judge, store, warn): {written:,} assessments in {full:.2f} s "
          f"(goal < 10 s; {cpu:.2f} s CPU in this process; load average {os.getloadavg()[0]:.1f}); "
          f"{Warning.objects.count():,} warnings; peak memory "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    started = time.perf_counter()
    again = assess_all()
    print(f"   assess_all again over stored rows (upsert): {again:,} in {time.perf_counter() - started:.2f} s")

    unit = OrgUnit.objects.get(code="150100")
    ids = list(DataValue.objects.filter(unit=unit, period="2030M12").values_list("indicator_id", flat=True))
    started = time.perf_counter()
    refresh_assessments(indicator_ids=ids, unit_ids=[unit.id])
    print(f"   refresh after approving one month of one 盟市 ({len(ids)} indicators): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms; {Assessment.objects.count():,} rows stored")

    from plantrack.assessment.selectors import latest_assessments, open_warnings_for
    from plantrack.orgs.models import User

    admin = User.objects.create(username="bench_office", role=User.Role.ADMIN, unit=OrgUnit.objects.get(code="150000"))
    for label, kwargs in [
        ("the region's newest year judgements", {"unit": OrgUnit.objects.get(code="150000")}),
        ("every unit's newest year judgements", {}),
        ("every unit's newest month judgements", {"within_year": True}),
    ]:
        started = time.perf_counter()
        n = len(list(latest_assessments(user=admin, **kwargs)))
        print(f"   latest_assessments, {label}: {n:,} rows in {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    n = len(list(open_warnings_for(user=admin)[:50]))
    print(f"   open_warnings_for, newest 50: {(time.perf_counter() - started) * 1000:.0f} ms")


def main() -> None:
    run_on_fresh_database("bench.bench_assessment:measure")
