"""Which new judgements raise a warning (预警): only a real deterioration, each saying why and what would clear it.

- into 滞后 or 严重滞后 from a status on course (or 滞后 → 严重滞后); 超前 → 符合预期 is not a warning;
- a binding (约束性) indicator off course;
- the rate the remaining years need is beyond the best year the series has had;
- a unit that stopped reporting (two due periods missed): `stopped_reporting_warnings`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _

from plantrack.assessment.models import Assessment, Warning
from plantrack.assessment.series import PeriodAssessment
from plantrack.core.assess import AssessmentResult, Status, status_worsened
from plantrack.core.figures import significant_figure_text
from plantrack.core.periods import Period, parse_period
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.reporting.models import DataValue, ReportingRound

_CHUNK = 500


def _newest_by_kind(assessed: list[PeriodAssessment]) -> list[tuple[PeriodAssessment, PeriodAssessment | None]]:
    """For the year series and the within-year series: the newest assessment and the one before it."""
    out = []
    for kinds in (("Y",), ("Q", "M")):
        own = [pa for pa in assessed if pa.period.kind in kinds]
        if own:
            out.append((own[-1], own[-2] if len(own) > 1 else None))
    return out


def warning_kinds(
    *, binding: bool, newest: AssessmentResult, earlier: Status | str | None, earlier_beyond_record: bool = False,
    binding_warning_open: bool = False,
) -> list[tuple[str, str]]:
    """The warnings (kind, previous status) one new judgement calls for: the rule, with no database.

    A binding indicator's move off course is one 约束性指标滞后 warning (not a second "worse" one); one still off
    course warns again only once its open warning has been acknowledged (`binding_warning_open` False), so a
    series loaded or rebuilt in one go still has its warning. A required
    rate beyond the series' best year warns when it first becomes so, and only on its own: a lagging warning
    already carries the rate still needed (its message adds the record).
    """
    status = newest.status
    kinds: list[tuple[str, str]] = []
    earlier = Status(earlier) if earlier not in (None, "") else None
    # Entering 滞后 / 严重滞后 (from on course, or 滞后 → 严重滞后) is the deterioration; staying there is not news
    # and 超前 → 符合预期 is still on course. A binding indicator warns on its first judgement off course too.
    entered = status.is_lagging and (earlier is None or earlier.rank is None or status_worsened(status, earlier))
    if binding and status.is_lagging and (entered or not binding_warning_open):
        kinds.append((Warning.Kind.BINDING_LAGGING, str(earlier) if earlier and earlier.rank is not None else ""))
    elif entered and earlier is not None and earlier.rank is not None:
        kinds.append((Warning.Kind.WORSENED, str(earlier)))
    if not kinds and newest.required_beyond_record and not earlier_beyond_record:
        kinds.append((Warning.Kind.BEYOND_RECORD, ""))
    return kinds


def raise_warnings(
    *,
    computed: dict[tuple[int, int], list[PeriodAssessment]],
    before: dict[tuple[int, int, str], tuple[int, str]],
    indicators: dict[int, Indicator],
    now: datetime,
) -> None:
    """Each new judgement raises the warnings `warning_kinds` calls for, each once (not twice)."""
    wanted: list[tuple[int, int, PeriodAssessment, str, str]] = []
    open_binding = _open_binding_warnings(computed, indicators)
    for (ind, unit), assessed in computed.items():
        indicator = indicators[ind]
        for newest, previous in _newest_by_kind(assessed):
            stored = before.get((ind, unit, newest.period.code))
            earlier = stored[1] if stored is not None else (previous.result.status if previous else None)
            binding = indicator.attribute == Indicator.Attribute.BINDING
            before_beyond = previous is not None and previous.result.required_beyond_record
            for kind, previous_status in warning_kinds(
                binding=binding, newest=newest.result, earlier=earlier, earlier_beyond_record=before_beyond,
                binding_warning_open=(ind, unit) in open_binding,
            ):
                wanted.append((ind, unit, newest, kind, previous_status))
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


def _open_binding_warnings(
    computed: dict[tuple[int, int], list[PeriodAssessment]], indicators: dict[int, Indicator]
) -> set[tuple[int, int]]:
    """(indicator, unit) pairs of binding indicators with an unacknowledged 约束性指标滞后 warning."""
    binding = {ind for ind, indicator in indicators.items() if indicator.attribute == Indicator.Attribute.BINDING}
    pairs = {(ind, unit) for ind, unit in computed if ind in binding}
    if not pairs:
        return set()
    found: set[tuple[int, int]] = set()
    unit_ids = sorted({unit for _ind, unit in pairs})
    for start in range(0, len(unit_ids), _CHUNK):
        found.update(
            Warning.objects.filter(
                kind=Warning.Kind.BINDING_LAGGING, acknowledged_at__isnull=True,
                indicator_id__in={ind for ind, _unit in pairs}, unit_id__in=unit_ids[start : start + _CHUNK],
            ).values_list("indicator_id", "unit_id")
        )
    return found & pairs


def _message(indicator: Indicator, unit: OrgUnit, pa: PeriodAssessment, kind: str, previous: str) -> str:
    # Stored, so written in the plan's working language whatever language the approver's pages are in. Each
    # message says why it was raised and what would clear it.
    r = pa.result
    facts = {
        "name": indicator.name, "unit": unit.name, "period": pa.period.label_zh(),
        "status": _(r.status.value), "previous": _(previous) if previous else "",
        "explanation": r.explanation, "required": significant_figure_text(r.required_rate),
        "record": significant_figure_text(r.record_rate),
        "record_year": r.record_year or "",
    }
    record = (
        _("所需水平超过以往最好的一年（%(record_year)s年%(record)s）。") % facts if r.required_beyond_record else ""
    )
    if kind == Warning.Kind.WORSENED:
        return _(
            "%(unit)s“%(name)s”%(period)s评估由“%(previous)s”变为“%(status)s”：%(explanation)s。"
            "下一期评估回到“符合预期”或更好即解除。"
        ) % facts + record
    if kind == Warning.Kind.BEYOND_RECORD:
        return _(
            "%(unit)s“%(name)s”%(period)s：今后每年需达到%(required)s，超过以往最好的一年"
            "（%(record_year)s年%(record)s）：%(explanation)s。实际增速追上所需水平、"
            "所需增速回落到已达到过的水平以内即解除。"
        ) % facts
    return _(
        "约束性指标“%(name)s”（%(unit)s）%(period)s评估为“%(status)s”：%(explanation)s。"
        "约束性指标必须完成；评估回到“符合预期”或更好即解除。"
    ) % facts + record


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


_FREQUENCY_KIND = {"monthly": "M", "quarterly": "Q", "yearly": "Y"}
_MISSED_TO_WARN = 2


def stopped_reporting_warnings(*, today: date, now: datetime) -> int:
    """连续未报送: a unit that has reported an indicator before and has nothing submitted for the last two reporting
    rounds of the indicator's frequency whose deadline has passed (`today` is the project clock's). One open
    warning per indicator and unit, on its newest assessment; returns how many were raised."""
    due_by_plan: dict[tuple[int, str], list[Period]] = defaultdict(list)
    for plan_id, code in ReportingRound.objects.filter(deadline__lt=today).values_list("plan_id", "period"):
        try:
            period = parse_period(code)
        except ValueError:
            continue
        due_by_plan[(plan_id, period.kind)].append(period)
    for periods in due_by_plan.values():
        periods.sort(key=lambda p: p.sort_key, reverse=True)
    raised = 0
    reported = (DataValue.State.SUBMITTED, DataValue.State.APPROVED)
    for indicator in Indicator.objects.filter(is_active=True).only("id", "plan_id", "name", "frequency"):
        due = due_by_plan.get((indicator.plan_id, _FREQUENCY_KIND.get(indicator.frequency, "Y")), [])[:_MISSED_TO_WARN]
        if len(due) < _MISSED_TO_WARN:
            continue
        codes = [p.code for p in due]
        values = DataValue.objects.filter(indicator=indicator, state__in=reported)
        reporters = set(values.values_list("unit_id", flat=True).distinct())
        recent = set(values.filter(period__in=codes).values_list("unit_id", flat=True).distinct())
        silent = reporters - recent
        if not silent:
            continue
        already = set(Warning.objects.filter(
            indicator=indicator, unit_id__in=silent, kind=Warning.Kind.STOPPED_REPORTING, acknowledged_at__isnull=True,
        ).values_list("unit_id", flat=True))
        newest: dict[int, int] = {}
        for pk, unit_id in Assessment.objects.filter(indicator=indicator, unit_id__in=silent - already).order_by(
            "unit_id", "-period_ordinal"
        ).values_list("id", "unit_id"):
            newest.setdefault(unit_id, pk)
        last: dict[int, str] = {}
        for unit_id, code in values.filter(unit_id__in=newest).values_list("unit_id", "period"):
            if unit_id not in last or parse_period(code).sort_key > parse_period(last[unit_id]).sort_key:
                last[unit_id] = code
        units = {u.id: u for u in OrgUnit.objects.filter(id__in=newest)}
        with translation.override("zh-hans"):
            new = [
                Warning(
                    indicator=indicator, unit_id=unit_id, assessment_id=pk, kind=Warning.Kind.STOPPED_REPORTING,
                    status=Assessment.objects.values_list("status", flat=True).get(pk=pk), raised_at=now,
                    message=_(
                        "%(unit)s“%(name)s”已连续%(count)s个报告期（%(periods)s）未报送，最近一次报送为%(last)s。"
                        "补报这几期数据并提交审核即解除。"
                    ) % {"unit": units[unit_id].name, "name": indicator.name, "count": len(codes),
                         "periods": "、".join(p.label_zh() for p in reversed(due)),
                         "last": parse_period(last[unit_id]).label_zh() if unit_id in last else "—"},
                )
                for unit_id, pk in newest.items()
            ]
        Warning.objects.bulk_create(new, batch_size=_CHUNK)
        raised += len(new)
    return raised
