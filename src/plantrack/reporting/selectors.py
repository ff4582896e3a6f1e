"""Reads of reported values (查询), scope-checked through the access rules; the completeness of a round (填报进度)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from plantrack import clock
from plantrack.core.periods import Period, parse_period, period_sort_key
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


_YEAR_FIELDS = (
    "id", "indicator__code", "indicator__name", "indicator__unit", "period", "value", "approved_value", "state",
    "revision", "comment", "explanation", "return_reason", "channel", "updated_by__username", "updated_at",
)


def year_rows_of_unit(*, user: User, unit: OrgUnit, year: int, plan_id: int | None = None) -> list[tuple]:
    """A unit's own values of one year as plain tuples (the fields of `_YEAR_FIELDS`), by indicator code, then time.

    A year is thousands of rows: tuples rather than model instances (see bench/bench_api.py).
    """
    require_read(user, unit)
    qs = DataValue.objects.filter(unit=unit, year=year)
    if plan_id is not None:
        qs = qs.filter(indicator__plan_id=plan_id)
    return sorted(qs.values_list(*_YEAR_FIELDS), key=lambda row: (row[1], period_sort_key(row[4])))


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
    return completeness_of_rounds(rounds=[round], user=user)[round.pk]


def completeness_of_rounds(
    *, rounds: Sequence[ReportingRound], user: User | None = None
) -> dict[int, list[UnitCompleteness]]:
    """`round_completeness` of several rounds at once, keyed by round id.

    Counted in the database (GROUP BY period, unit, state over an index on period), only values whose indicator
    the unit must report; a handful of queries per plan whatever the number of rounds, units or values.
    """
    result: dict[int, list[UnitCompleteness]] = {r.pk: [] for r in rounds}
    scope = units_in_scope(user) if user is not None else None
    counted: list[tuple[ReportingRound, dict[int, int], dict[tuple[int, str], int]]] = []
    for plan_id in sorted({r.plan_id for r in rounds}):
        plan_rounds = [r for r in rounds if r.plan_id == plan_id]
        counted.extend(_count_plan_rounds(plan_id=plan_id, rounds=plan_rounds, scope=scope))
    unit_ids = {unit_id for _, required, _ in counted for unit_id in required}
    units = list(OrgUnit.objects.filter(id__in=unit_ids).order_by("path")) if unit_ids else []
    today = clock.today()
    for rnd, required, states in counted:
        late = today > rnd.deadline
        rows = result[rnd.pk]
        for unit in units:
            n_required = required.get(unit.id)
            if not n_required:
                continue
            approved = states.get((unit.id, DataValue.State.APPROVED), 0)
            submitted = states.get((unit.id, DataValue.State.SUBMITTED), 0) + approved
            entered = submitted + sum(states.get((unit.id, s), 0)
                                      for s in (DataValue.State.DRAFT, DataValue.State.RETURNED))
            rows.append(UnitCompleteness(
                unit=unit, required=n_required, entered=entered, submitted=submitted, approved=approved,
                is_late=late and submitted < n_required,
            ))
    return result


def _count_plan_rounds(
    *, plan_id: int, rounds: list[ReportingRound], scope: QuerySet[OrgUnit] | None
) -> list[tuple[ReportingRound, dict[int, int], dict[tuple[int, str], int]]]:
    """For each round of one plan: required indicators per unit, and its values per (unit, state)."""
    through = Indicator.reporting_units.through
    pairs = through.objects.filter(indicator__plan_id=plan_id, indicator__is_active=True)
    if scope is not None:
        pairs = pairs.filter(orgunit__in=scope)
    required: dict[str, dict[int, int]] = {}
    for frequency, unit_id, n in (
        pairs.values_list("indicator__frequency", "orgunit_id").annotate(n=Count("indicator_id")).order_by()
    ):
        required.setdefault(frequency, {})[unit_id] = n
    frequency_of = {r.pk: FREQUENCY_OF_KIND[parse_period(r.period).kind] for r in rounds}
    indicators = list(Indicator.objects.values_list("id", "frequency", "plan_id", "is_active"))
    states: dict[str, dict[tuple[int, str], int]] = {r.period: {} for r in rounds}
    for frequency in sorted(set(frequency_of.values())):
        periods = sorted({r.period for r in rounds if frequency_of[r.pk] == frequency})
        for period, unit_id, state, n in _count_values(
            periods=periods, required=required.get(frequency, {}),
            wanted={i for i, f, plan, active in indicators if plan == plan_id and active and f == frequency},
            unwanted=[i for i, f, plan, active in indicators if not (plan == plan_id and active and f == frequency)],
        ):
            states[period][(unit_id, state)] = n
    return [(r, required.get(frequency_of[r.pk], {}), states[r.period]) for r in rounds]


def _count_values(
    *, periods: list[str], required: dict[int, int], wanted: set[int], unwanted: list[int]
) -> Iterable[tuple[str, int, str, int]]:
    """(period, unit, state, count) of the values in `periods` that the units of `required` must report."""
    if not required or not wanted:
        return []
    through = Indicator.reporting_units.through
    # A unit that must report every wanted indicator needs no check of each value against the required pairs;
    # usually that is every unit, and the count then reads the index on (period, unit, state) and nothing else.
    fully = sorted(u for u, n in required.items() if n == len(wanted))
    partly = sorted(u for u, n in required.items() if n != len(wanted))
    values = DataValue.objects.filter(period__in=periods)
    if unwanted:
        values = values.exclude(indicator_id__in=unwanted)
    if partly:
        is_required = Exists(through.objects.filter(indicator_id=OuterRef("indicator_id"),
                                                    orgunit_id=OuterRef("unit_id")))
        values = values.filter(Q(unit_id__in=fully) | (Q(unit_id__in=partly) & is_required))
    else:
        values = values.filter(unit_id__in=fully)
    return values.values_list("period", "unit_id", "state").annotate(n=Count("*")).order_by()


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
    return rounds_by_time(ReportingRound.objects.filter(plan_id=plan_id).annotate(n_values=Count("values")))


def review_queue(*, user: User, round: ReportingRound | None = None) -> QuerySet[DataValue]:
    """待审核: submitted values of units in `user`'s scope (of one round if given), by tree, period code, indicator.

    The pages read it through `review_queue_page`, which pages it and puts periods in time order."""
    qs = DataValue.objects.filter(state=DataValue.State.SUBMITTED, unit__in=units_in_scope(user))
    if round is not None:
        qs = qs.filter(period=round.period, indicator__plan_id=round.plan_id)
    return qs.select_related("indicator", "unit", "updated_by").order_by("unit__path", "period", "indicator__code")


# A page a reviewer can read through before approving it ("select all" approves one page); each value on it is
# shown with its history and checks, read per indicator.
REVIEW_PAGE_SIZE = 50


@dataclass(frozen=True)
class ReviewPage:
    """One page of the review queue: its values in queue order, and where it stands among all of them."""

    values: list[DataValue]
    total: int
    number: int
    page_count: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


def review_queue_page(
    *, user: User, round: ReportingRound | None = None, page: int = 1, per_page: int | None = None
) -> ReviewPage:
    """A page of `review_queue` in unit tree order, then period by time, then indicator code.

    `per_page` is REVIEW_PAGE_SIZE (read when called) unless given. Counts per unit come from the index on
    (state, unit); only the units that fall on the asked page are read and sorted, so a page costs the same with
    50 or 50,000 values waiting.
    """
    per_page = per_page or REVIEW_PAGE_SIZE
    queue = review_queue(user=user, round=round).order_by()
    per_unit = dict(queue.values_list("unit_id").annotate(n=Count("*")).order_by())
    total = sum(per_unit.values())
    page_count = max(1, -(-total // per_page))
    number = min(max(1, page), page_count)
    start = (number - 1) * per_page
    page_units: list[int] = []
    skipped = 0  # values of the page's first unit that belong to earlier pages
    seen = 0
    for unit_id in OrgUnit.objects.filter(id__in=list(per_unit)).order_by("path").values_list("id", flat=True):
        n = per_unit[unit_id]
        if seen + n > start and seen < start + per_page:
            if not page_units:
                skipped = start - seen
            page_units.append(unit_id)
        seen += n
    if not page_units:
        return ReviewPage(values=[], total=total, number=number, page_count=page_count)
    order = {unit_id: i for i, unit_id in enumerate(page_units)}
    keys = sorted(
        queue.filter(unit_id__in=page_units).values_list("id", "unit_id", "period", "indicator__code"),
        key=lambda k: (order[k[1]], period_sort_key(k[2]), k[3], k[0]),
    )
    ids = [k[0] for k in keys[skipped:skipped + per_page]]
    by_id = DataValue.objects.select_related("indicator", "unit", "updated_by").in_bulk(ids)
    return ReviewPage(values=[by_id[i] for i in ids if i in by_id], total=total, number=number,
                      page_count=page_count)


def awaiting_review_count(*, user: User) -> int:
    """How many submitted values in `user`'s scope wait for review (read from the index on state)."""
    return review_queue(user=user).order_by().count()


def rounds_by_time(rounds: Iterable[ReportingRound], *, newest_first: bool = True) -> list[ReportingRound]:
    """Rounds in the order of their periods in time (never as text: 2026M10 comes after 2026M9)."""
    return sorted(rounds, key=lambda r: (period_sort_key(r.period), r.plan_id, r.pk), reverse=newest_first)


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
    # Ids first, without joins: joined to the indicators, SQLite's planner walks every value of every indicator
    # (the state column has three common values, so it thinks `returned` unselective); alone, it takes the
    # (state, unit) index and finds the few returned rows at once (2 s → 1 ms with a million values).
    ids = list(
        DataValue.objects.filter(state=DataValue.State.RETURNED, unit__in=units_in_scope(user))
        .order_by("-updated_at", "-id").values_list("id", flat=True)[:limit]
    )
    return list(
        DataValue.objects.filter(id__in=ids).select_related("indicator", "unit", "round").order_by("-updated_at", "-id")
    )
