"""Assessment actions: recompute stored assessments from approved values, raise warnings (预警), acknowledge them.

`refresh_assessments` runs inside the approval of values (reporting.services.approve_values calls it), so the
stored judgement never lags the official figures; `assess_all` (`plantrack assess-all`) rebuilds everything.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plantrack.assessment.models import Assessment, Warning
from plantrack.assessment.series import PeriodAssessment, UnitSeries, assess_unit_series
from plantrack.assessment.specs import target_spec_for
from plantrack.assessment.thresholds import configured_thresholds
from plantrack.core.assess import Thresholds, status_worsened
from plantrack.core.periods import Period, parse_period
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.access import require_acknowledge_warning
from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting.models import DataValue

__all__ = ["refresh_assessments", "assess_all", "acknowledge_warning", "WarningError"]

_CHUNK = 500
_ANNUAL_COMPARATORS = {">=": ">=", "<=": "<=", "~": "~", "=": "=", "+": ">=", "range": "~", "": "="}
# Columns an upsert rewrites (all but the key).
_UPDATED_FIELDS = [
    "year", "period_kind", "period_ordinal", "status", "method", "pace_ratio", "elapsed", "completion",
    "required_rate", "latest_year", "latest_value", "projection_year", "projection_value", "explanation",
    "result", "computed_at",
]


class WarningError(ValueError):
    """A warning cannot be acknowledged as asked (already done, no note); the message says why."""


def refresh_assessments(*, indicator_ids: Iterable[int], unit_ids: Iterable[int]) -> int:
    """Recompute every stored assessment of these indicators × units from approved values; returns rows written.

    Raises the warnings the new judgements call for. Called after values are approved.
    """
    indicator_ids, unit_ids = sorted(set(indicator_ids)), sorted(set(unit_ids))
    if not indicator_ids or not unit_ids:
        return 0
    return _rebuild(indicator_ids=indicator_ids, unit_ids=unit_ids)


def assess_all() -> int:
    """Rebuild every stored assessment of every active indicator from approved values; returns rows written."""
    ids = list(Indicator.objects.filter(is_active=True).values_list("id", flat=True))
    return _rebuild(indicator_ids=ids, unit_ids=None)


def acknowledge_warning(*, user: User, warning: Warning, note: str) -> Warning:
    """确认预警: the responsible unit or the planning office notes what is being done; the warning closes."""
    require_acknowledge_warning(user, warning)
    note = (note or "").strip()
    if not note:
        raise WarningError(_("确认预警必须填写处理说明"))
    with transaction.atomic():
        updated = Warning.objects.filter(pk=warning.pk, acknowledged_at__isnull=True).update(
            acknowledged_by=user, acknowledged_at=timezone.now(), note=note
        )
        if not updated:
            raise WarningError(_("该预警已被确认，无需重复确认"))
    warning.refresh_from_db()
    return warning


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.6f}")


def _top_unit_ids() -> set[int]:
    # The region itself and its departments report region-wide figures: the plan's targets are theirs.
    return set(
        OrgUnit.objects.filter(parent__isnull=True).values_list("id", flat=True)
    ) | set(OrgUnit.objects.filter(kind=OrgUnit.Kind.DEPARTMENT).values_list("id", flat=True))


class _AnnualTargets:
    """Each unit's annual targets; a rate target of a unit above stands in where a unit has none of its own."""

    def __init__(self, indicator_ids: list[int]) -> None:
        self.by_key: dict[tuple[int, int, int], tuple[float | None, str, str]] = {}
        for ind, unit, year, value, comparator, text in AnnualTarget.objects.filter(
            indicator_id__in=indicator_ids
        ).values_list("indicator_id", "unit_id", "year", "value", "comparator", "text"):
            self.by_key[(ind, unit, year)] = (
                float(value) if value is not None else None,
                _ANNUAL_COMPARATORS.get((comparator or "").strip(), "="),
                text,
            )
        self.parent = dict(OrgUnit.objects.values_list("id", "parent_id"))

    def lookup(self, indicator: Indicator, unit_id: int):
        inherit = not indicator.additive_over_units

        def find(year: int) -> tuple[float | None, str, str] | None:
            current: int | None = unit_id
            while current is not None:
                found = self.by_key.get((indicator.id, current, year))
                if found is not None or not inherit:
                    return found
                current = self.parent.get(current)
            return None

        return find


def _load_values(indicator_ids: list[int], unit_ids: list[int] | None):
    """Approved values grouped by (indicator, unit): yearly by year, within-year by period."""
    yearly: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    within: dict[tuple[int, int], dict[Period, float]] = defaultdict(dict)
    periods: dict[str, Period] = {}
    qs = DataValue.objects.filter(indicator_id__in=indicator_ids, approved_value__isnull=False)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    for ind, unit, code, value in qs.values_list("indicator_id", "unit_id", "period", "approved_value").iterator(
        chunk_size=5000
    ):
        period = periods.get(code)
        if period is None:
            period = periods[code] = parse_period(code)
        if period.kind == "Y":
            yearly[(ind, unit)][period.year] = float(value)
        else:
            within[(ind, unit)][period] = float(value)
    return yearly, within


def _rebuild(*, indicator_ids: list[int], unit_ids: list[int] | None) -> int:
    thresholds = configured_thresholds()
    indicators = {i.id: i for i in Indicator.objects.filter(id__in=indicator_ids).select_related("plan")}
    specs = {i.id: target_spec_for(i) for i in indicators.values()}
    top_units = _top_unit_ids()
    targets = _AnnualTargets(list(indicators))
    yearly, within = _load_values(list(indicators), unit_ids)
    now = timezone.now()
    computed: dict[tuple[int, int], list[PeriodAssessment]] = {}
    for key in sorted(set(yearly) | set(within)):
        indicator = indicators[key[0]]
        series = UnitSeries(
            spec=specs[key[0]],
            is_top_unit=key[1] in top_units,
            additive_over_units=indicator.additive_over_units,
            additive_over_time=indicator.additive_over_time,
            year_to_date_values=indicator.value_kind == Indicator.ValueKind.YEAR_TO_DATE,
            yearly=yearly.get(key, {}),
            within_year=within.get(key, {}),
        )
        computed[key] = assess_unit_series(series, annual_target=targets.lookup(indicator, key[1]),
                                           thresholds=thresholds)
    with transaction.atomic():
        before = _stored(indicator_ids=list(indicators), unit_ids=unit_ids)
        written = _upsert(computed, now)
        fresh = {(ind, unit, pa.period.code) for (ind, unit), assessed in computed.items() for pa in assessed}
        stale = [pk for key, (pk, _status) in before.items() if key not in fresh]
        for start in range(0, len(stale), _CHUNK):
            Assessment.objects.filter(id__in=stale[start : start + _CHUNK]).delete()
        _raise_warnings(computed=computed, before=before, indicators=indicators, thresholds=thresholds, now=now)
    return written


def _stored(*, indicator_ids: list[int], unit_ids: list[int] | None) -> dict[tuple[int, int, str], tuple[int, str]]:
    qs = Assessment.objects.filter(indicator_id__in=indicator_ids)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return {
        (ind, unit, period): (pk, status)
        for pk, ind, unit, period, status in qs.values_list("id", "indicator_id", "unit_id", "period", "status")
    }


_COLUMNS = ["indicator_id", "unit_id", "period", *_UPDATED_FIELDS]


def _upsert(computed: dict[tuple[int, int], list[PeriodAssessment]], now) -> int:
    """Insert or update every row with one INSERT … ON CONFLICT per batch (SQLite and PostgreSQL alike).

    Model instances and bulk_create cost ten times the judging itself at 150,000 rows; plain parameter tuples
    keep `assess-all` within seconds, and the ids (which warnings point to) stay what they were.
    """
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    table = ops.quote_name(Assessment._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _COLUMNS)
    updates = ", ".join(f"{ops.quote_name(c)} = EXCLUDED.{ops.quote_name(c)}" for c in _UPDATED_FIELDS)
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))}) "
        f"ON CONFLICT ({ops.quote_name('indicator_id')}, {ops.quote_name('unit_id')}, {ops.quote_name('period')}) "
        f"DO UPDATE SET {updates}"
    )
    json_field = Assessment._meta.get_field("result")
    if connection.vendor == "sqlite":
        # Stored as text: Chinese as itself is a third of the bytes of \uXXXX escapes, and quicker to write.
        def as_json(value: dict) -> str:
            return json.dumps(value, ensure_ascii=False)
    else:
        def as_json(value: dict):
            return ops.adapt_json_value(value, json_field.encoder)
    rows = []
    for (indicator_id, unit_id), assessed in computed.items():
        for pa in assessed:
            r, period = pa.result, pa.period
            projection = r.projection
            rows.append((
                indicator_id, unit_id, period.code, period.year, period.kind, period.ordinal, r.status.value,
                r.method, r.pace_ratio, r.elapsed, r.completion, r.required_rate, r.latest_year,
                _decimal(r.latest_value), projection.year if projection else None,
                _decimal(projection.value) if projection else None, r.explanation,
                as_json(r.to_dict()), at,
            ))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])
    return len(rows)


def _newest_by_kind(assessed: list[PeriodAssessment]) -> list[tuple[PeriodAssessment, PeriodAssessment | None]]:
    """For the year series and the within-year series: the newest assessment and the one before it."""
    out = []
    for kinds in (("Y",), ("Q", "M")):
        own = [pa for pa in assessed if pa.period.kind in kinds]
        if own:
            out.append((own[-1], own[-2] if len(own) > 1 else None))
    return out


def _raise_warnings(*, computed, before, indicators, thresholds: Thresholds, now) -> None:
    """A binding indicator that lags, or any judgement worse than before, raises one warning (not twice)."""
    wanted: list[tuple[int, int, PeriodAssessment, str, str]] = []
    for (ind, unit), assessed in computed.items():
        indicator = indicators[ind]
        for newest, previous in _newest_by_kind(assessed):
            status = newest.result.status
            stored = before.get((ind, unit, newest.period.code))
            earlier = stored[1] if stored is not None else (previous.result.status if previous else None)
            if status_worsened(status, earlier):
                wanted.append((ind, unit, newest, Warning.Kind.WORSENED, str(earlier)))
            if indicator.attribute == Indicator.Attribute.BINDING and status.is_lagging:
                wanted.append((ind, unit, newest, Warning.Kind.BINDING_LAGGING, ""))
    if not wanted:
        return
    ids = _assessment_ids({(ind, unit, pa.period.code) for ind, unit, pa, _k, _p in wanted})
    seen = set(
        Warning.objects.filter(assessment_id__in=set(ids.values())).values_list(
            "assessment_id", "kind", "status", "previous_status"
        )
    )
    units = {u.id: u for u in OrgUnit.objects.filter(id__in={unit for _i, unit, *_ in wanted})}
    new = []
    with translation.override("zh-hans"):
        for ind, unit, pa, kind, previous in wanted:
            assessment_id = ids[(ind, unit, pa.period.code)]
            status = pa.result.status.value
            if (assessment_id, kind, status, previous) in seen:
                continue
            seen.add((assessment_id, kind, status, previous))
            new.append(Warning(
                indicator_id=ind, unit_id=unit, assessment_id=assessment_id, kind=kind, status=status,
                previous_status=previous, raised_at=now,
                message=_message(indicators[ind], units[unit], pa, kind, previous),
            ))
    Warning.objects.bulk_create(new, batch_size=_CHUNK)


def _message(indicator: Indicator, unit: OrgUnit, pa: PeriodAssessment, kind: str, previous: str) -> str:
    # Stored, so written in the plan's working language whatever language the approver's pages are in.
    facts = {
        "name": indicator.name, "unit": unit.name, "period": pa.period.label_zh(),
        "status": _(pa.result.status.value), "previous": _(previous) if previous else "",
        "explanation": pa.result.explanation,
    }
    if kind == Warning.Kind.WORSENED:
        return _("%(unit)s“%(name)s”%(period)s评估由“%(previous)s”变为“%(status)s”：%(explanation)s") % facts
    return _("约束性指标“%(name)s”（%(unit)s）%(period)s评估为“%(status)s”：%(explanation)s") % facts


def _assessment_ids(keys: set[tuple[int, int, str]]) -> dict[tuple[int, int, str], int]:
    found: dict[tuple[int, int, str], int] = {}
    by_pair: dict[tuple[int, int], set[str]] = defaultdict(set)
    for ind, unit, period in keys:
        by_pair[(ind, unit)].add(period)
    indicator_ids = {ind for ind, _u in by_pair}
    unit_ids = sorted({unit for _i, unit in by_pair})
    periods = sorted({p for ps in by_pair.values() for p in ps})
    for start in range(0, len(unit_ids), _CHUNK):
        for pk, ind, unit, period in Assessment.objects.filter(
            indicator_id__in=indicator_ids, unit_id__in=unit_ids[start : start + _CHUNK], period__in=periods
        ).values_list("id", "indicator_id", "unit_id", "period"):
            if (ind, unit, period) in keys:
                found[(ind, unit, period)] = pk
    return found

