"""Demo simulated years (模拟数据): approved year-end figures 2026–2028 for the region and every 盟市.

They exist so the dashboard, the indicator page's chart and map, the warnings and a mid-term report have
something to show. Every figure is marked `source = SIMULATED_SOURCE` and the pages say 模拟数据 wherever
one is shown. Each indicator follows a scenario (ahead, on track, lagging; a binding one lagging; qualitative
ones without a target), each 盟市 moves at its own seeded pace around the region's path, so the map has colour.
Monthly and quarterly indicators get their year-end year-to-date figure (YYYYM12, YYYYQ4), judged against the
year's annual target (the region's later years get the first year's); the rest their year. Every unit has its
base-year level for level targets, since a 盟市 is judged from its own: the planning office enters it through
`enter_values` like any figure and a reviewer approves it.
Figures go through `enter_values` and `approve_values` like any other; running it again changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from plantrack.core.periods import Period, parse_period
from plantrack.core.simulated import SIMULATED_SOURCE
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.demo import SIMULATED_YEARS
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, ReportingRound
from plantrack.reporting.services import approve_values, enter_values, open_round

SIMULATED_COMMENT = "演示用模拟数据，并非统计部门发布的数字"
BASE_YEAR_COMMENT = "基期值（演示用模拟数据）"
SIMULATED_TARGET_TEXT = "模拟年度目标（沿用首年目标）"
YEARS = SIMULATED_YEARS
SEED = 20261129


@dataclass(frozen=True)
class Scenario:
    """The region's simulated figures for YEARS, by indicator code (the demo plan's main-indicator table)."""

    figures: tuple[float, float, float]
    spread: float  # how far a 盟市's pace may differ from the region's, as a share of the region's move


# Chosen so the demo shows every status: 1 and 5 ahead; 3, 4, 9, 11, 13, 20 on track; 18 (binding, 约束性)
# and 10.2 lagging; 6, 2, 8 not assessable for lack of a baseline or a numeric target; 14–17, 19 qualitative.
SCENARIOS: dict[str, Scenario] = {
    "1": Scenario((5.2, 5.0, 5.0), 0.15),  # GDP growth, target 4.5 左右 a year: ahead
    "2": Scenario((5.5, 5.3, 5.2), 0.15),  # productivity growth, target "高于 GDP 增长": no number to judge
    "3": Scenario((71.8, 72.15, 72.45), 0.5),  # urbanisation 71.5 → 73: on track
    "4": Scenario((7.5, 7.2, 7.1), 0.2),  # R&D growth 7 左右: on track
    "5": Scenario((3.3, 3.75, 4.2), 0.5),  # patents 2.88 → 4.3: ahead
    "6": Scenario((3.8, 4.1, 4.4), 0.3),  # digital economy share → 5, no baseline
    "7": Scenario((5.5, 5.4, 5.3), 0.06),  # unemployment ≤ 5.7 左右: inside the bound
    "8": Scenario((5.0, 5.1, 5.0), 0.1),  # income growth "与 GDP 增长同步": no number to judge
    "9": Scenario((11.48, 11.54, 11.60), 0.4),  # schooling years 11.37 → 11.7 (binding): on track
    "10.1": Scenario((3.9, 4.05, 4.2), 0.4),  # doctors 3.7 → 4.5: on track
    "10.2": Scenario((4.6, 4.7, 4.8), 0.4),  # nurses 4.5 → 5.5: seriously lagging
    "11": Scenario((72.0, 72.8, 73.6), 0.4),  # care beds 71.2 → 75: on track
    "12": Scenario((1.2, 1.0, 1.1), 0.3),  # nursery enrolment [5.5] points over five years, yearly changes
    "13": Scenario((79.0, 79.3, 79.55), 0.3),  # life expectancy 78.75 → 80: on track
    "15": Scenario((32.0, 34.5, 37.0), 0.2),  # non-fossil share, qualitative target (完成国家下达目标)
    "16": Scenario((22.5, 22.0, 21.6), 0.1),  # PM2.5, qualitative target (达到国家要求)
    "18": Scenario((22.02, 22.06, 22.10), 0.5),  # forest cover 21.98 → 22.24 (binding): lagging
    "20": Scenario((8.3, 8.45, 8.58), 0.4),  # energy capacity 8.2 → 8.8 (binding): on track
}


def _period_codes(indicator: Indicator) -> list[str]:
    """The period holding each simulated year's figure: the year itself, or its last month / quarter (累计)."""
    kind = {Indicator.Frequency.MONTHLY: ("M", 12), Indicator.Frequency.QUARTERLY: ("Q", 4)}.get(indicator.frequency)
    if kind is None:
        return [Period(y, "Y").code for y in YEARS]
    return [Period(y, kind[0], kind[1]).code for y in YEARS]


def _unit_path(indicator: Indicator, scenario: Scenario, unit: OrgUnit, region: OrgUnit) -> tuple[Decimal | None,
                                                                                                 list[Decimal]]:
    """(base-year figure, figures for YEARS) of the region, or of a 盟市: its own level near the region's baseline
    and its own seeded pace (some ahead, some behind). Only level targets need a base-year figure of their own."""
    figures = list(scenario.figures)
    baseline = float(indicator.baseline_value) if indicator.baseline_value is not None else None
    level = indicator.target_type == Indicator.TargetType.LEVEL and baseline is not None
    base = baseline if level else None
    if unit != region:
        rnd = random.Random(f"{SEED}:{indicator.code}:{unit.code}")
        pace = 1 + rnd.uniform(-1, 1) * scenario.spread
        if level and indicator.target_value is not None:
            # A 盟市 starts a little off the region's baseline: a share of the distance to the target.
            base = baseline + (float(indicator.target_value) - baseline) * rnd.uniform(-0.25, 0.25)
            figures = [base + (f - baseline) * pace for f in figures]
        elif level:
            figures = [baseline + (f - baseline) * pace for f in figures]
        else:
            figures = [f * pace for f in figures]
    places = Decimal("0.01")
    return (
        Decimal(str(base)).quantize(places) if base is not None else None,
        [Decimal(str(f)).quantize(places) for f in figures],
    )


def _person(role: str, unit: OrgUnit, fallback: User) -> User:
    return User.objects.filter(role=role, unit=unit, is_active=True).order_by("id").first() or fallback


# Figures are taken only for periods that have ended; the simulated years are entered as they would be once the
# last of them is over.
SIMULATED_TODAY = date(YEARS[-1] + 1, 1, 15)


def _enter(user: User, plan: Plan, inputs: list[ValueInput]) -> list[int]:
    def run() -> list[int]:
        return enter_values(user=user, plan=plan, inputs=inputs, channel=Channel.SYSTEM, submit=True,
                            today=SIMULATED_TODAY).value_ids

    try:
        return run()
    except ValuesRejected as exc:
        if exc.errors:
            raise
        # A simulated jump tripped an outlier check: explain it, as a clerk would.
        flagged = {f.where for f in exc.unexplained_warnings}
        for inp in inputs:
            if inp.where in flagged:
                inp.explanation = SIMULATED_COMMENT
        return run()


def _rounds_for(plan: Plan, admin: User, periods: set[str]) -> list[ReportingRound]:
    """Clerks report inside rounds: one for each simulated period that has none, closed again once it is filled."""
    have = set(ReportingRound.objects.filter(plan=plan, period__in=periods).values_list("period", flat=True))
    return [
        open_round(user=admin, plan=plan, period=code, deadline=parse_period(code).end_date() + timedelta(days=15))
        for code in sorted(periods - have)
    ]


def load(stdout) -> list[str]:
    with transaction.atomic():
        lines = _load()
    return lines + _assess()


def _load() -> list[str]:
    from plantrack.plans.demo import demo_plan

    plan = demo_plan()
    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("id").first()
    region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).order_by("path").first()
    if plan is None or admin is None or region is None:
        return ["simulated years: the demo plan, org tree or admin is missing, nothing loaded"]
    indicators = [
        i for i in Indicator.objects.filter(plan=plan, is_active=True).prefetch_related("reporting_units")
        if i.code in SCENARIOS
    ]
    if DataValue.objects.filter(indicator__plan=plan, year=YEARS[-1], source=SIMULATED_SOURCE).exists():
        return [f"simulated years {YEARS[0]}–{YEARS[-1]} ({SIMULATED_SOURCE}): already loaded, left as they are"]
    units = sorted({u for i in indicators for u in i.reporting_units.all()}, key=lambda u: u.path)
    # The months and quarters plantrack.reporting.demo already filled (the demo year's) keep their figures; a round
    # still open is being reported through, so its period gets nothing here.
    wanted = {code for i in indicators for code in _period_codes(i)}
    reported = set(DataValue.objects.filter(indicator__in=indicators, period__in=wanted)
                   .values_list("indicator_id", "unit_id", "period"))
    still_open = set(ReportingRound.objects.filter(plan=plan, is_open=True).values_list("period", flat=True))
    opened = _rounds_for(plan, admin, wanted - still_open)
    count = 0
    base_years: list[tuple[Indicator, OrgUnit, Decimal]] = []
    for unit in units:
        inputs = []
        for indicator in indicators:
            if unit not in indicator.reporting_units.all():
                continue
            base, figures = _unit_path(indicator, SCENARIOS[indicator.code], unit, region)
            if base is not None:
                base_years.append((indicator, unit, base))
            for period, figure in zip(_period_codes(indicator), figures, strict=True):
                if period in still_open or (indicator.id, unit.id, period) in reported:
                    continue
                inputs.append(ValueInput(
                    indicator_code=indicator.code, unit_code=unit.code, period=period, value=figure,
                    measure_unit=indicator.unit or None, comment=SIMULATED_COMMENT, source=SIMULATED_SOURCE,
                    where=f"{indicator.code}/{unit.code}/{period}",
                ))
        if not inputs:
            continue
        ids = _enter(_person(User.Role.CLERK, unit, admin), plan, inputs)
        count += approve_values(user=_person(User.Role.REVIEWER, unit, admin), value_ids=ids, channel=Channel.SYSTEM)
    ReportingRound.objects.filter(pk__in=[r.pk for r in opened]).update(is_open=False)
    based = _store_base_years(plan, base_years, admin)
    targets = _annual_targets(indicators, region, admin)
    return [
        f"simulated years {YEARS[0]}–{YEARS[-1]} ({SIMULATED_SOURCE}): {count} approved year-end figures of "
        f"{len(indicators)} indicators for {len(units)} units, {based} base-year figures (entered by the planning "
        f"office, approved by a reviewer), "
        f"{targets} annual targets for {YEARS[1]}–{YEARS[-1]}"
    ]


def _store_base_years(plan: Plan, base_years: list[tuple[Indicator, OrgUnit, Decimal]], admin: User) -> int:
    """Each unit's base-year level (基期值), which a 盟市 is judged from, through the one write door.

    The base year lies before the plan period, outside every reporting round: the planning office enters the
    figures (as it would from each unit's statistical bulletin), and a reviewer of the unit, or of the region above
    it, approves them. Marked like every other simulated figure. Returns how many were approved.
    """
    by_unit: dict[OrgUnit, list[ValueInput]] = {}
    for indicator, unit, base in base_years:
        by_unit.setdefault(unit, []).append(ValueInput(
            indicator_code=indicator.code, unit_code=unit.code, period=str(indicator.baseline_year), value=base,
            measure_unit=indicator.unit or None, comment=BASE_YEAR_COMMENT, source=SIMULATED_SOURCE,
            where=f"{indicator.code}/{unit.code}/{indicator.baseline_year}",
        ))
    approved = 0
    for unit, inputs in sorted(by_unit.items(), key=lambda item: item[0].path):
        ids = _enter(admin, plan, inputs)
        approved += approve_values(user=_reviewer_above(unit, admin), value_ids=ids, channel=Channel.SYSTEM)
    return approved


def _reviewer_above(unit: OrgUnit, fallback: User) -> User:
    """The unit's own reviewer, else the nearest one above it (the region's reviews its whole tree)."""
    current: OrgUnit | None = unit
    while current is not None:
        found = User.objects.filter(role=User.Role.REVIEWER, unit=current, is_active=True).order_by("id").first()
        if found is not None:
            return found
        current = current.parent
    return fallback


def _annual_targets(indicators: list[Indicator], region: OrgUnit, admin: User) -> int:
    """The region's later annual targets, the same as its first year's, so year-to-date figures can be judged."""
    first = {
        t.indicator_id: t
        for t in AnnualTarget.objects.filter(indicator__in=indicators, unit=region, year=YEARS[0], value__isnull=False)
    }
    created = 0
    for year in YEARS[1:]:
        for t in first.values():
            _target, made = AnnualTarget.objects.get_or_create(
                indicator_id=t.indicator_id, unit=region, year=year,
                defaults={"value": t.value, "value_max": t.value_max, "comparator": t.comparator,
                          "text": SIMULATED_TARGET_TEXT, "source": AnnualTarget.Source.HAND, "entered_by": admin},
            )
            created += made
    return created


def _assess() -> list[str]:
    """Judge every indicator on the figures now approved, so the dashboard opens with statuses and warnings."""
    from plantrack.assessment.services import assess_all

    return [f"assessments: {assess_all()} stored"]
