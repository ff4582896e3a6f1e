"""Reads of reported values (查询): scope-checked through orgs.access, and the completeness of a round (填报进度)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from plantrack.core.periods import Period, parse_period
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import may_enter_values, require_read, units_in_scope
from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting.models import DataValue, DataValueChange, ReportingRound

FREQUENCY_OF_KIND = {
    "M": Indicator.Frequency.MONTHLY,
    "Q": Indicator.Frequency.QUARTERLY,
    "Y": Indicator.Frequency.YEARLY,
}
KIND_OF_FREQUENCY = {v: k for k, v in FREQUENCY_OF_KIND.items()}


def values_for_unit(*, user: User, unit: OrgUnit, period: str) -> list[DataValue]:
    """The values of one unit for one period, ordered by indicator code; refused (and logged) outside scope."""
    require_read(user, unit)
    code = parse_period(period).code
    return list(
        DataValue.objects.filter(unit=unit, period=code)
        .select_related("indicator", "updated_by", "approved_by")
        .order_by("indicator__code")
    )


def value_history(*, user: User, value: DataValue) -> list[DataValueChange]:
    """Every change of one value, oldest first (who, when, old → new, channel); supervisors read everything."""
    require_read(user, value.unit)
    return list(value.changes.select_related("user").order_by("at", "id"))


def required_indicators(*, round: ReportingRound, unit: OrgUnit) -> list[Indicator]:
    """The indicators `unit` must report in `round`: it is among their reporting units and their frequency fits."""
    kind = parse_period(round.period).kind
    return list(
        Indicator.objects.filter(
            plan=round.plan, is_active=True, reporting_units=unit, frequency=FREQUENCY_OF_KIND[kind]
        ).order_by("code")
    )


@dataclass(frozen=True)
class UnitCompleteness:
    """How far one unit is with one round: counts of required indicators and of their values by state."""

    unit: OrgUnit
    required: int
    entered: int
    submitted: int  # submitted or already approved
    approved: int
    is_late: bool

    @property
    def missing(self) -> int:
        return self.required - self.entered

    @property
    def is_reported(self) -> bool:
        """Everything required has been handed in (submitted or approved)."""
        return self.submitted >= self.required

    @property
    def is_complete(self) -> bool:
        """Everything required has been approved."""
        return self.approved >= self.required

    @property
    def status(self) -> str:
        if self.is_complete:
            return "complete"
        if self.is_reported:
            return "submitted"
        if self.entered:
            return "partial"
        return "missing"


def round_completeness(*, round: ReportingRound, user: User | None = None) -> list[UnitCompleteness]:
    """One row per unit that must report in the round (limited to `user`'s scope when given), in tree order."""
    kind = parse_period(round.period).kind
    through = Indicator.reporting_units.through
    pairs = through.objects.filter(
        indicator__plan=round.plan, indicator__is_active=True, indicator__frequency=FREQUENCY_OF_KIND[kind]
    )
    if user is not None:
        pairs = pairs.filter(orgunit__in=units_in_scope(user))
    required: dict[int, set[int]] = {}
    for unit_id, indicator_id in pairs.values_list("orgunit_id", "indicator_id"):
        required.setdefault(unit_id, set()).add(indicator_id)
    if not required:
        return []
    indicator_ids = set().union(*required.values())
    counts: dict[int, dict[int, str]] = {}
    for unit_id, indicator_id, state in DataValue.objects.filter(
        period=round.period, unit_id__in=list(required), indicator_id__in=list(indicator_ids)
    ).values_list("unit_id", "indicator_id", "state"):
        counts.setdefault(unit_id, {})[indicator_id] = state
    late = timezone.localdate() > round.deadline
    rows = []
    for unit in OrgUnit.objects.filter(id__in=list(required)).order_by("path"):
        states = [s for ind, s in counts.get(unit.id, {}).items() if ind in required[unit.id]]
        submitted = sum(1 for s in states if s in (DataValue.State.SUBMITTED, DataValue.State.APPROVED))
        n_required = len(required[unit.id])
        rows.append(
            UnitCompleteness(
                unit=unit,
                required=n_required,
                entered=len(states),
                submitted=submitted,
                approved=sum(1 for s in states if s == DataValue.State.APPROVED),
                is_late=late and submitted < n_required,
            )
        )
    return rows


def round_summary(*, round: ReportingRound, user: User | None = None) -> dict[str, int]:
    """Totals over `round_completeness`: units required, reported, complete, late."""
    return summarise_completeness(round_completeness(round=round, user=user))


def summarise_completeness(rows: list[UnitCompleteness]) -> dict[str, int]:
    """Units required, reported, complete, late and not yet reported among completeness rows."""
    return {
        "units": len(rows),
        "missing": sum(1 for r in rows if not r.is_reported),
        "reported": sum(1 for r in rows if r.is_reported),
        "complete": sum(1 for r in rows if r.is_complete),
        "late": sum(1 for r in rows if r.is_late),
    }


def previous_values(
    *, indicators: Iterable[Indicator], unit: OrgUnit, period: str
) -> dict[int, dict[str, Decimal | None]]:
    """For the form: each indicator's figure last period and in the same period last year (approved if any)."""
    p: Period = parse_period(period)
    last, last_year = p.previous().code, p.same_period_last_year().code
    ids = [i.id for i in indicators]
    result: dict[int, dict[str, Decimal | None]] = {i: {"last_period": None, "last_year": None} for i in ids}
    rows = DataValue.objects.filter(unit=unit, indicator_id__in=ids).filter(Q(period=last) | Q(period=last_year))
    for indicator_id, per, value, approved in rows.values_list("indicator_id", "period", "value", "approved_value"):
        figure = approved if approved is not None else value
        if per == last:
            result[indicator_id]["last_period"] = figure
        if per == last_year:
            result[indicator_id]["last_year"] = figure
    return result


def rounds_for_plan(*, plan_id: int) -> list[ReportingRound]:
    """The plan's rounds, newest period first, with how many values each holds."""
    return list(
        ReportingRound.objects.filter(plan_id=plan_id).annotate(n_values=Count("values")).order_by("-deadline")
    )


def review_queue(*, user: User, round: ReportingRound | None = None) -> QuerySet[DataValue]:
    """待审核: submitted values of units in `user`'s scope (of one round if given), in tree, period, code order."""
    qs = DataValue.objects.filter(state=DataValue.State.SUBMITTED, unit__in=units_in_scope(user))
    if round is not None:
        qs = qs.filter(period=round.period, indicator__plan_id=round.plan_id)
    return qs.select_related("indicator", "unit", "updated_by").order_by("unit__path", "period", "indicator__code")


def submitters_of(*, value_ids: Iterable[int], user: User) -> dict[int, int | None]:
    """Who last handed in each value (the user of its latest change into 已提交), for the values among `value_ids`
    that `user` has ever handed in; the others cannot be theirs, so they are not looked up."""
    ids = sorted(set(value_ids))
    submitted = DataValue.State.SUBMITTED
    mine: list[int] = []
    for start in range(0, len(ids), 500):
        mine.extend(
            DataValueChange.objects.filter(data_value_id__in=ids[start : start + 500], new_state=submitted, user=user)
            .values_list("data_value_id", flat=True)
            .distinct()
        )
    latest: dict[int, int | None] = {}
    for start in range(0, len(mine), 500):
        for vid, who in (
            DataValueChange.objects.filter(data_value_id__in=mine[start : start + 500], new_state=submitted)
            .order_by("data_value_id", "at", "id")
            .values_list("data_value_id", "user_id")
        ):
            latest[vid] = who
    return latest


def returned_to(*, user: User, limit: int = 50) -> list[DataValue]:
    """退回待改: values sent back to units the person enters figures for, newest first, with the reviewer's reason."""
    if not may_enter_values(user):
        return []
    return list(
        DataValue.objects.filter(state=DataValue.State.RETURNED, unit__in=units_in_scope(user))
        .select_related("indicator", "unit", "round")
        .order_by("-updated_at", "-id")[:limit]
    )
