"""Demo figures (演示数据): seeded synthetic values for the demo year so far, rounds, approvals, one open round.

The demo year is the year of the last month that has ended by the project's clock, kept inside the simulated
world's years (SIMULATED_YEARS): on the real date in December 2026 it is 2026 up to November; under the demo's
fixed clock (`make demo` sets PLANTRACK_TODAY to January 2029) it is the whole of 2028, with December's round open.
For every monthly (and quarterly) indicator of the demo registry and each of its reporting units (the region and
the 盟市), values for January up to the last full month (and the quarters that are over) go through
`enter_values` as that unit's clerk, then are approved by its reviewer (or the planning office). The latest
month's round is open with a deadline still ahead: most units have submitted, one has only a draft, and the demo
clerk's own unit has not reported, so completeness shows something and the clerk has a form to fill. Figures are
generated around the 2026 annual target (or the baseline) with a seeded random walk, so every run produces the
same numbers; running it again changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from plantrack.clock import today as clock_today
from plantrack.core.periods import Period
from plantrack.core.simulated import DEMO_SOURCE, SIMULATED_SOURCE
from plantrack.core.units import is_percent_unit
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, ReportingRound
from plantrack.reporting.services import approve_values, enter_values, open_round

# The years the demo's simulated world covers (plantrack.web.demo fills their year-end figures).
SIMULATED_YEARS = (2026, 2027, 2028)
FIRST_TARGET_YEAR = SIMULATED_YEARS[0]
SEED = 20261122
EXPLAINED = "演示数据：按趋势生成的模拟值"


def demo_month(today: date) -> Period:
    """The month whose round is open: the last month that has ended on `today` (2026M10 on 2026-11-22), kept
    inside the simulated years (2028M12 on any day after 2028; 2026M1 before 2026)."""
    last = Period(today.year, "M", today.month).previous()
    if last.year > SIMULATED_YEARS[-1]:
        return Period(SIMULATED_YEARS[-1], "M", 12)
    if last.year < SIMULATED_YEARS[0]:
        return Period(SIMULATED_YEARS[0], "M", 1)
    return last


def _center(indicator: Indicator, region: OrgUnit, year: int) -> Decimal:
    # A later simulated year without a target of its own centres on the first year's.
    target = (AnnualTarget.objects.filter(indicator=indicator, unit=region, year__in=[year, FIRST_TARGET_YEAR])
              .order_by("-year").first())
    for candidate in (target.value if target else None, indicator.baseline_value, indicator.target_value):
        if candidate is not None:
            return Decimal(candidate)
    return Decimal(5)


def _series(indicator: Indicator, unit: OrgUnit, center: Decimal, months: int) -> list[Decimal]:
    """A plausible monthly path for one unit: its own level near the centre, small moves month to month."""
    rnd = random.Random(f"{SEED}:{indicator.code}:{unit.code}")
    percent = is_percent_unit(indicator.unit)
    spread = Decimal("0.8") if percent else abs(center) * Decimal("0.12")
    level = center + Decimal(str(round(rnd.uniform(-1, 1), 3))) * spread
    ytd = indicator.value_kind == Indicator.ValueKind.YEAR_TO_DATE
    values = []
    for month in range(1, months + 1):
        # A year-to-date rate settles as months accumulate; a monthly figure wanders a little.
        damping = Decimal("0.5") / month if ytd else Decimal("0.15")
        noise = Decimal(str(round(rnd.uniform(-1, 1), 3))) * spread * damping
        figure = level + noise
        if ytd and indicator.additive_over_time and not percent:
            figure = level * month / 12
        values.append(figure.quantize(Decimal("0.1") if percent else Decimal("0.01")))
    return values


def _person(role: str, unit: OrgUnit, fallback: User) -> User:
    return User.objects.filter(role=role, unit=unit, is_active=True).order_by("id").first() or fallback


def _enter(user: User, plan: Plan, inputs: list[ValueInput], submit: bool) -> list[int]:
    try:
        return enter_values(user=user, plan=plan, inputs=inputs, channel=Channel.SYSTEM, submit=submit).value_ids
    except ValuesRejected as exc:
        if exc.errors:
            raise
        # A generated figure tripped an outlier check: say so, as a clerk would.
        flagged = {f.where for f in exc.unexplained_warnings}
        for inp in inputs:
            if inp.where in flagged:
                inp.explanation = EXPLAINED
        return enter_values(user=user, plan=plan, inputs=inputs, channel=Channel.SYSTEM, submit=submit).value_ids


def load(stdout) -> list[str]:
    with transaction.atomic():
        return _load()


def _load() -> list[str]:
    from plantrack.orgs.demo import DEMO_USERS
    from plantrack.plans.demo import demo_plan

    plan = demo_plan()
    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("id").first()
    region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).order_by("path").first()
    if plan is None or admin is None or region is None:
        return ["figures: the demo plan, org tree or admin is missing, no figures loaded"]
    F = Indicator.Frequency
    indicators = list(
        Indicator.objects.filter(plan=plan, is_active=True, frequency__in=[F.MONTHLY, F.QUARTERLY])
        .prefetch_related("reporting_units").order_by("code")
    )
    if not indicators:
        return ["figures: the demo registry has no monthly or quarterly indicators, no figures loaded"]
    today = clock_today()
    month = demo_month(today)
    year, last = month.year, month.index
    rounds = _rounds(plan, admin, year, last, today)
    open_period = month.code
    if DataValue.objects.filter(indicator__in=indicators, year=year).exclude(source=SIMULATED_SOURCE).exists():
        return [f"figures: {year} figures already loaded ({_count(indicators)} values), left as they are"]

    units = sorted({u for ind in indicators for u in ind.reporting_units.all()}, key=lambda u: u.path)
    clerk_units = [code for _n, role, code, _f, _p in DEMO_USERS if role == User.Role.CLERK]
    missing = [u for u in units if u.code in clerk_units[:1]]  # the demo clerk's own unit has a form to fill
    prefectures = [u for u in units if u.kind == OrgUnit.Kind.PREFECTURE and u not in missing]
    draft_only = prefectures[-1:]
    centers = {ind.id: _center(ind, region, year) for ind in indicators}
    # The statistics bureau (a 厅局) owes this month's figures too, so department reporting shows in the demo.
    missing += [u for u in units if u.kind == OrgUnit.Kind.DEPARTMENT]
    approved_latest = set(prefectures[:3]) | {region}
    # Nobody approves what they submitted (the four-eyes rule): a unit without its own reviewer is reviewed by
    # the region's, and the admin enters only where a unit has no clerk.
    region_reviewer = _person(User.Role.REVIEWER, region, admin)
    for unit in units:
        clerk = _person(User.Role.CLERK, unit, admin)
        reviewer = _person(User.Role.REVIEWER, unit, region_reviewer)
        past: list[ValueInput] = []
        latest: list[ValueInput] = []
        for ind in indicators:
            if unit not in ind.reporting_units.all():
                continue
            monthly = ind.frequency == F.MONTHLY
            # Quarterly figures exist for the quarters that are over; the open round is the month's.
            count = last if monthly else last // 3
            for index, figure in enumerate(_series(ind, unit, centers[ind.id], count), start=1):
                period = Period(year, "M" if monthly else "Q", index)
                target = latest if monthly and index == last else past
                target.append(ValueInput(indicator_code=ind.code, unit_code=unit.code, period=period.code,
                                         value=figure, measure_unit=ind.unit or None, where=f"{ind.code}/{period}",
                                         source=DEMO_SOURCE))
        if past:
            approve_values(user=reviewer, value_ids=_enter(clerk, plan, past, submit=True))
        if unit in missing or not latest:
            continue
        ids = _enter(clerk, plan, latest, submit=unit not in draft_only)
        if unit in approved_latest:
            approve_values(user=reviewer, value_ids=ids)
    # Past months' and quarters' rounds are over: closed once their figures are in.
    over = [Period(year, "M", m).code for m in range(1, last)] + [Period(year, "Q", q).code for q in range(1, 5)]
    ReportingRound.objects.filter(plan=plan, period__in=over).update(is_open=False)
    return [
        f"figures: {_count(indicators)} values of {len(indicators)} indicators for {len(units)} units, "
        f"{year}年1–{last}月; round {rounds[open_period].title} open until {rounds[open_period].deadline}; "
        f"not reported yet: {'、'.join(u.name for u in missing) or '-'}; draft only: "
        f"{'、'.join(u.name for u in draft_only) or '-'}"
    ]


def _rounds(plan: Plan, admin: User, year: int, last: int, today: date) -> dict[str, ReportingRound]:
    rounds = {}
    for month in range(1, last + 1):
        period = Period(year, "M", month)
        existing = ReportingRound.objects.filter(plan=plan, period=period.code).first()
        if existing is not None:
            rounds[period.code] = existing
            continue
        deadline = period.end_date() + timedelta(days=15)
        if month == last:
            deadline = max(deadline, today + timedelta(days=7))  # the open round's deadline is still ahead
        rounds[period.code] = open_round(user=admin, plan=plan, period=period.code, deadline=deadline)
    for quarter in range(1, last // 3 + 1):  # quarterly figures are reported in rounds too
        period = Period(year, "Q", quarter)
        if not ReportingRound.objects.filter(plan=plan, period=period.code).exists():
            open_round(user=admin, plan=plan, period=period.code, deadline=period.end_date() + timedelta(days=15))
    return rounds


def _count(indicators: list[Indicator]) -> int:
    return DataValue.objects.filter(indicator__in=indicators).count()
