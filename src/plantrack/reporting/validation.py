"""Validation of reported values (数据校验): range, outliers against the unit's own history, consistency rules.

Each check yields a Finding with severity `error` (blocks the batch) or `warning` (the row needs a written
explanation, 预警说明). Rules come from `ValidationRule` rows an admin writes; without one, sane defaults apply:
a percentage share lies in 0–100, a growth rate in % is above −100, a figure more than doubling or halving against
the previous period or the same period last year is an outlier warning (for a percentage: a move of more than 5
percentage points), and an additive year-to-date figure never falls. History is loaded per indicator for the
whole batch in a few queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from plantrack.core.figures import figure_text, percent_text
from plantrack.core.periods import Period, parse_period
from plantrack.core.planparse.vocabulary import CHANGE_WORDS
from plantrack.core.units import is_percent_unit
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan
from plantrack.reporting.findings import ERROR, WARNING, Finding
from plantrack.reporting.keys import group_keys, value_key
from plantrack.reporting.models import DataValue, ValidationRule
from plantrack.reporting.numbers import normalise_unit
from plantrack.wording import period_words

_K = ValidationRule.Kind
HISTORY_YEARS = 3  # how far back the outlier check looks for the unit's own min–max
_IN_CHUNK = 500


def default_outlier_ratio() -> Decimal:
    """The change ratio beyond which a figure is an outlier when no rule says otherwise (setting, default 1 = 100%)."""
    return Decimal(str(settings.PLANTRACK_OUTLIER_MAX_CHANGE))


def default_outlier_points() -> float:
    """Percentage points a rate may move against a comparable figure before it is an outlier (setting, default 5)."""
    return float(settings.PLANTRACK_OUTLIER_MAX_POINTS)


@dataclass
class RuleSet:
    """The active rules of one plan, by indicator and kind."""

    by_indicator: dict[int, dict[str, list[ValidationRule]]]
    as_whole: dict[int, list[ValidationRule]]

    @classmethod
    def load(cls, plan: Plan) -> RuleSet:
        by_indicator: dict[int, dict[str, list[ValidationRule]]] = defaultdict(lambda: defaultdict(list))
        as_whole: dict[int, list[ValidationRule]] = defaultdict(list)
        for rule in ValidationRule.objects.filter(plan=plan, is_active=True).order_by("id"):
            by_indicator[rule.indicator_id][rule.kind].append(rule)
            if rule.kind == _K.PART_OF_WHOLE and rule.whole_indicator_id:
                as_whole[rule.whole_indicator_id].append(rule)
        return cls(by_indicator, as_whole)

    def of(self, indicator_id: int, kind: str) -> list[ValidationRule]:
        kinds = self.by_indicator.get(indicator_id)
        return kinds.get(kind, []) if kinds else []


_EPSILON = 1e-9  # float noise when stored figures are summed


def _fmt(value: Decimal | float | int | None) -> str:
    return figure_text(value, missing="—")


def is_percent(indicator: Indicator) -> bool:
    return is_percent_unit(indicator.unit)


def is_rate(indicator: Indicator) -> bool:
    return indicator.target_type == Indicator.TargetType.ANNUAL_GROWTH or any(w in indicator.name for w in CHANGE_WORDS)


def range_checker(indicator: Indicator, rules: RuleSet) -> Callable[[Decimal], list[tuple[str, str, str]]] | None:
    """The range check of one indicator (its RANGE rules, or the defaults for percentages); None if it has none."""
    range_rules = rules.of(indicator.id, _K.RANGE)
    if not range_rules and not is_percent(indicator):
        return None
    rate = is_rate(indicator)

    def check(value: Decimal) -> list[tuple[str, str, str]]:
        found: list[tuple[str, str, str]] = []
        for rule in range_rules:
            low, high = rule.min_value, rule.max_value
            if (low is not None and value < low) or (high is not None and value > high):
                found.append((rule.severity, "range", _("%(v)s超出取值范围[%(lo)s, %(hi)s]（规则“%(rule)s”）")
                              % {"v": _fmt(value), "lo": _fmt(low), "hi": _fmt(high), "rule": rule.name}))
        if range_rules:
            return found
        if rate:
            if value < -100:
                found.append((ERROR, "range", _("%(v)s%%的增速低于−100%%，不可能") % {"v": _fmt(value)}))
        elif not 0 <= value <= 100:
            found.append((ERROR, "range", _("%(v)s%%超出比重的取值范围0–100") % {"v": _fmt(value)}))
        return found

    return check


def check_range(indicator: Indicator, value: Decimal, rules: RuleSet) -> list[tuple[str, str, str]]:
    """Range findings (severity, code, message) for one figure of `indicator`."""
    checker = range_checker(indicator, rules)
    return checker(value) if checker else []


_ORDINALS: dict[str, int] = {}


def ordinal_of(code: str) -> int:
    """Period.ordinal of a stored (normalised) period code, cached: history is read in bulk."""
    hit = _ORDINALS.get(code)
    if hit is None:
        hit = _ORDINALS[code] = parse_period(code).ordinal
    return hit


def previous_ordinal(ordinal: int) -> int:
    kind, index = (ordinal % 1000) // 100, ordinal % 100
    if kind == 0:
        return ordinal - 1000
    if index > 1:
        return ordinal - 1
    return ordinal - 1000 + (4 if kind == 1 else 12) - 1


def _load(indicator_id: int, unit_ids: set[int] | None, *, years: tuple[int, int] | None = None,
          periods: list[str] | None = None) -> dict[int, dict[int, tuple[float, str]]]:
    """unit_id → period ordinal → (value, explanation) for one indicator, restricted to `unit_ids` when they are few.

    Read with plain SQL as floats: these checks compare ratios and sums with a tolerance, and a million-row batch
    must not pay for a Decimal per stored figure.
    """
    series: dict[int, dict[int, tuple[float, str]]] = defaultdict(dict)
    table = connection.ops.quote_name(DataValue._meta.db_table)
    where = ["indicator_id = %s"]
    params: list[Any] = [indicator_id]
    if years is not None:
        where.append("year BETWEEN %s AND %s")
        params += list(years)
    if periods is not None:
        where.append(f"period IN ({', '.join(['%s'] * len(periods))})")
        params += periods
    chunks: list[list[int] | None]
    if unit_ids is not None and len(unit_ids) <= 5 * _IN_CHUNK:
        ordered = sorted(unit_ids)
        chunks = [ordered[i : i + _IN_CHUNK] for i in range(0, len(ordered), _IN_CHUNK)]
    else:
        chunks = [None]
    with connection.cursor() as cur:
        for chunk in chunks:
            sql = f"SELECT unit_id, period, value, explanation FROM {table} WHERE {' AND '.join(where)}"
            extra: list[Any] = []
            if chunk is not None:
                sql += f" AND unit_id IN ({', '.join(['%s'] * len(chunk))})"
                extra = chunk
            cur.execute(sql, params + extra)
            ordinals = _ORDINALS
            while batch := cur.fetchmany(10_000):
                for unit_id, period, value, explanation in batch:
                    ordinal = ordinals.get(period)
                    if ordinal is None:
                        ordinal = ordinal_of(period)
                    series[unit_id][ordinal] = (float(value), explanation)
    return series


def validate_touched(
    *,
    touched: Mapping[Any, str],
    rules: RuleSet,
    indicators: Mapping[int, Indicator],
    units: Mapping[int, OrgUnit],
) -> Iterator[Finding]:
    """Run the history and consistency checks for the values just written (`touched`: key → where)."""
    grouped = group_keys(touched)
    outlier_default = default_outlier_ratio()
    for indicator_id, by_unit in grouped.items():
        indicator = indicators[indicator_id]
        yield from _history_checks(indicator, by_unit, touched, rules, outlier_default, units)
        yield from _part_whole_checks(indicator, by_unit, touched, rules, indicators, units)
        yield from _children_sum_checks(indicator, by_unit, touched, rules, units)


def findings_for_stored(values: list[DataValue]) -> Iterator[tuple[int, Finding]]:
    """The history and consistency checks entry runs, over figures as they stand now: (value id, finding) pairs.

    `values` are fetched with their indicator and unit; a finding about another figure (its parent, say) is left out.
    """
    by_plan: dict[int, list[DataValue]] = defaultdict(list)
    for v in values:
        by_plan[v.indicator.plan_id].append(v)
    for plan_values in by_plan.values():
        plan = plan_values[0].indicator.plan
        indicators = {i.id: i for i in Indicator.objects.filter(plan=plan)}
        units = {u.id: u for u in OrgUnit.objects.only("id", "code", "name", "path", "parent_id", "kind")}
        touched = {value_key(v.indicator_id, v.unit_id, parse_period(v.period).ordinal): "" for v in plan_values}
        by_place = {(v.indicator.code, v.unit.code, v.period): v.pk for v in plan_values}
        for finding in validate_touched(touched=touched, rules=RuleSet.load(plan), indicators=indicators,
                                        units=units):
            vid = by_place.get((finding.indicator_code, finding.unit_code, finding.period))
            if vid is not None:
                yield vid, finding


def _finding(severity: str, code: str, message: str, where: str, indicator: Indicator, unit: OrgUnit,
             period: Period, explanation: str) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, where=where, indicator_code=indicator.code,
        unit_code=unit.code, period=period.code, field="value",
        explained=severity == WARNING and bool(explanation.strip()),
    )


def _history_checks(indicator, by_unit, touched, rules, outlier_default, units) -> Iterator[Finding]:
    outlier_rules = rules.of(indicator.id, _K.OUTLIER)
    ratio: tuple[Decimal, Decimal] | None
    points_limit: float | None = None
    if outlier_rules:
        r = outlier_rules[0].max_change_ratio or outlier_default
        ratio, outlier_severity = (r, -r), outlier_rules[0].severity
    elif is_percent(indicator) or normalise_unit(indicator.unit) == "百分点":
        # A ratio of rates says little (2% → 5% is +150%); a jump of several percentage points does.
        ratio, outlier_severity = None, WARNING
        points_limit = default_outlier_points()
    else:
        # By default symmetric in proportion: more than ×(1+r) up or ÷(1+r) down (doubling or halving for r = 1).
        ratio, outlier_severity = (outlier_default, -outlier_default / (1 + outlier_default)), WARNING
    ytd = indicator.value_kind == Indicator.ValueKind.YEAR_TO_DATE
    ytd_rules = rules.of(indicator.id, _K.YTD_NOT_FALLING)
    ytd_severity = ytd_rules[0].severity if ytd_rules else (ERROR if ytd and indicator.additive_over_time else None)
    if ratio is None and points_limit is None and ytd_severity is None:
        return
    years = {o // 1000 for ordinals in by_unit.values() for o in ordinals}
    series = _load(indicator.id, set(by_unit), years=(min(years) - HISTORY_YEARS, max(years) + 1))
    labels = (_("上期"), _("上年同期"))
    if ratio is not None:
        ratio = (float(ratio[0]), float(ratio[1]))
        high, low = ratio
    previous: dict[int, int | None] = {}  # ordinal → the previous period's, when the outlier check compares it
    for unit_id, ordinals in by_unit.items():
        points = series.get(unit_id, {})
        for ordinal in ordinals:
            here = points.get(ordinal)
            if here is None:  # pragma: no cover - it was written in this transaction
                continue
            message = ""
            if ratio is not None:
                # Most figures sit within the limits of a non-zero neighbour: said here without building a message.
                # Anything else (a jump, no neighbour to compare) goes to _outlier_message, which words it.
                if ordinal in previous:
                    before = previous[ordinal]
                else:
                    before = previous[ordinal] = previous_ordinal(ordinal) if not ytd or ordinal % 1000 == 0 else None
                v = here[0]
                base = points.get(before) if before is not None else None
                other = points.get(ordinal - 1000)
                b = base[0] if base is not None else 0.0
                o = other[0] if other is not None else 0.0
                within = bool(b or o) and (not b or low <= (v - b) / abs(b) <= high)
                if not (within and (not o or low <= (v - o) / abs(o) <= high)):
                    message = _outlier_message(v, ordinal, points, ratio, ytd, labels)
            elif points_limit is not None:
                message = _points_message(here[0], ordinal, points, points_limit, ytd, labels)
            if message:
                yield _finding(outlier_severity, "outlier", message, touched[value_key(indicator.id, unit_id,
                               ordinal)], indicator, units[unit_id], Period.from_ordinal(ordinal), here[1])
            if ytd_severity is not None and (ordinal % 1000) >= 100:
                yield from _ytd_checks(indicator, units[unit_id], ordinal, points, ytd_severity,
                                       touched[value_key(indicator.id, unit_id, ordinal)])


def _ytd_checks(indicator, unit, ordinal: int, points, severity: str, where: str) -> Iterator[Finding]:
    here = points[ordinal]
    period = Period.from_ordinal(ordinal)
    prev = points.get(ordinal - 1) if period.index > 1 else None
    nxt = period.next()
    after = points.get(nxt.ordinal) if nxt.year == period.year else None
    if prev is not None and here[0] < prev[0]:
        yield _finding(severity, "ytd_falling", _("累计值%(v)s低于上期（%(p)s）累计值%(pv)s，累计值不应下降")
                       % {"v": _fmt(here[0]), "p": period_words(period.previous()), "pv": _fmt(prev[0])},
                       where, indicator, unit, period, here[1])
    if after is not None and after[0] < here[0]:
        yield _finding(severity, "ytd_falling", _("累计值%(v)s高于下期（%(p)s）累计值%(nv)s，累计值不应下降")
                       % {"v": _fmt(here[0]), "p": period_words(nxt), "nv": _fmt(after[0])},
                       where, indicator, unit, period, here[1])


def _points_message(v: float, ordinal: int, points: Mapping[int, tuple[float, str]], limit: float, ytd: bool,
                    labels: tuple[str, str]) -> str:
    """Why a percentage is an outlier: it moved more than `limit` percentage points from a comparable figure."""
    bases = []
    # A year-to-date rate starts afresh in January; within the year it moves slowly, so the last month compares.
    if not ytd or ordinal % 100 > 1 or ordinal % 1000 == 0:
        bases.append((labels[0], points.get(previous_ordinal(ordinal))))
    bases.append((labels[1], points.get(ordinal - 1000)))
    for label, base in bases:
        if base is None:
            continue
        change = v - base[0]
        if abs(change) > limit:
            verb = _("提高") if change > 0 else _("降低")
            return _("较%(base)s%(verb)s%(pp)s个百分点（%(old)s → %(new)s）") % {
                "base": label, "verb": verb, "pp": _fmt(abs(change)), "old": _fmt(base[0]), "new": _fmt(v)}
    return ""


def _outlier_message(v: float, ordinal: int, points: Mapping[int, tuple[float, str]], ratio: tuple[float, float],
                     ytd: bool, labels: tuple[str, str]) -> str:
    """Why `v` is an outlier against the previous period, the same period last year, or the unit's range."""
    # Reached for every figure the quick test in _history_checks cannot clear: the two comparisons spelt out.
    compared = False
    if not ytd or ordinal % 1000 == 0:
        base = points.get(previous_ordinal(ordinal))
        if base is not None and base[0] != 0:
            compared = True
            change = (v - base[0]) / abs(base[0])
            if change > ratio[0] or change < ratio[1]:
                return _change_message(labels[0], change, base[0], v)
    base = points.get(ordinal - 1000)
    if base is not None and base[0] != 0:
        compared = True
        change = (v - base[0]) / abs(base[0])
        if change > ratio[0] or change < ratio[1]:
            return _change_message(labels[1], change, base[0], v)
    if compared or ytd:
        return ""
    # No comparable neighbour: judge against the unit's own earlier figures of the same kind.
    kind = (ordinal % 1000) // 100
    history = [p[0] for o, p in points.items() if o < ordinal and (o % 1000) // 100 == kind]
    if len(history) >= 3:
        low, high = min(history), max(history)
        if v > high + abs(high) * ratio[0] or v < low + abs(low) * ratio[1]:
            return _("%(v)s超出本单位历史区间[%(lo)s, %(hi)s]") % {"v": _fmt(v), "lo": _fmt(low), "hi": _fmt(high)}
    return ""


def _change_message(label: str, change: float, old: float, new: float) -> str:
    verb = _("增长") if change > 0 else _("下降")
    size = percent_text(abs(change), decimals=0 if abs(change) >= 0.1 else 1)  # "340%" but "2.5%"
    return _("较%(base)s%(verb)s%(pct)s（%(old)s → %(new)s）") % {
        "base": label, "verb": verb, "pct": size, "old": _fmt(old), "new": _fmt(new)}


def _part_whole_checks(indicator, by_unit, touched, rules, indicators, units) -> Iterator[Finding]:
    pairs = [(r, indicator, indicators.get(r.whole_indicator_id)) for r in rules.of(indicator.id, _K.PART_OF_WHOLE)]
    pairs += [(r, indicators.get(r.indicator_id), indicator) for r in rules.as_whole.get(indicator.id, [])]
    for rule, part, whole in pairs:
        if part is None or whole is None:
            continue
        codes = {Period.from_ordinal(o).code for ordinals in by_unit.values() for o in ordinals}
        this = _load(indicator.id, set(by_unit), periods=sorted(codes))
        other_ind = whole if indicator.id == part.id else part
        other = _load(other_ind.id, set(by_unit), periods=sorted(codes))
        for unit_id, ordinals in by_unit.items():
            for ordinal in ordinals:
                period = Period.from_ordinal(ordinal)
                here = this.get(unit_id, {}).get(ordinal)
                there = other.get(unit_id, {}).get(ordinal)
                if here is None or there is None:
                    continue
                if indicator.id == whole.id and value_key(part.id, unit_id, ordinal) in touched:
                    continue  # reported once, on the part's row
                part_v, whole_v = (here[0], there[0]) if indicator.id == part.id else (there[0], here[0])
                tolerance = float(rule.tolerance or 0) + _EPSILON * abs(whole_v)
                if part_v > whole_v + tolerance:
                    yield _finding(rule.severity, "part_gt_whole",
                                   _("“%(part)s”%(pv)s大于“%(whole)s”%(wv)s（部分不应大于整体）")
                                   % {"part": part.name, "pv": _fmt(part_v), "whole": whole.name, "wv": _fmt(whole_v)},
                                   touched[value_key(indicator.id, unit_id, ordinal)], indicator, units[unit_id],
                                   period, here[1])


def _children_sum_checks(indicator, by_unit, touched, rules, units) -> Iterator[Finding]:
    sum_rules = rules.of(indicator.id, _K.CHILDREN_SUM)
    if not sum_rules or not indicator.additive_over_units:
        return
    rule = sum_rules[0]
    reporting = set(indicator.reporting_units.values_list("id", flat=True))
    children: dict[int, list[int]] = defaultdict(list)
    for u in units.values():
        if u.parent_id and u.kind != OrgUnit.Kind.DEPARTMENT and (not reporting or u.id in reporting):
            children[u.parent_id].append(u.id)
    groups: dict[tuple[int, int], None] = {}
    for unit_id, ordinals in by_unit.items():
        parent_id = units[unit_id].parent_id
        for ordinal in ordinals:
            if children.get(unit_id):
                groups[(unit_id, ordinal)] = None
            if parent_id and unit_id in children.get(parent_id, []):
                groups[(parent_id, ordinal)] = None
    if not groups:
        return
    involved = {p for p, _o in groups} | {c for p, _o in groups for c in children[p]}
    codes = sorted({Period.from_ordinal(o).code for _p, o in groups})
    series = _load(indicator.id, involved, periods=codes)
    for parent_id, ordinal in groups:
        period = Period.from_ordinal(ordinal)
        parent = series.get(parent_id, {}).get(ordinal)
        if parent is None:
            continue
        kids = [series.get(c, {}).get(ordinal) for c in children[parent_id]]
        present = [k[0] for k in kids if k is not None]
        if not present:
            continue
        total = sum(present)
        p_value = parent[0]
        tolerance = float(rule.tolerance) if rule.tolerance is not None else abs(p_value) * 0.001
        tolerance += _EPSILON * abs(p_value)
        complete = len(present) == len(kids)
        if complete and abs(total - p_value) > tolerance:
            message = _("下级合计%(sum)s与%(unit)s的数值%(v)s不一致（相差%(d)s）") % {
                "sum": _fmt(total), "unit": units[parent_id].name, "v": _fmt(p_value), "d": _fmt(total - p_value)}
        elif not complete and total > p_value + tolerance and all(x >= 0 for x in present):
            message = _("已报下级合计%(sum)s已超过%(unit)s的数值%(v)s") % {
                "sum": _fmt(total), "unit": units[parent_id].name, "v": _fmt(p_value)}
        else:
            continue
        key = value_key(indicator.id, parent_id, ordinal)
        if key in touched:
            at_unit, explanation = parent_id, parent[1]
        else:
            at_unit = next(c for c in children[parent_id] if value_key(indicator.id, c, ordinal) in touched)
            explanation = series[at_unit][ordinal][1]
            key = value_key(indicator.id, at_unit, ordinal)
        yield _finding(rule.severity, "children_sum", message, touched[key], indicator, units[at_unit], period,
                       explanation)
