"""Which new judgements raise a warning (预警): a lagging binding indicator, or any status worse than before."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from plantrack.assessment.models import Assessment, Warning
from plantrack.assessment.series import PeriodAssessment
from plantrack.core.assess import status_worsened
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit

_CHUNK = 500


def _newest_by_kind(assessed: list[PeriodAssessment]) -> list[tuple[PeriodAssessment, PeriodAssessment | None]]:
    """For the year series and the within-year series: the newest assessment and the one before it."""
    out = []
    for kinds in (("Y",), ("Q", "M")):
        own = [pa for pa in assessed if pa.period.kind in kinds]
        if own:
            out.append((own[-1], own[-2] if len(own) > 1 else None))
    return out


def raise_warnings(
    *,
    computed: dict[tuple[int, int], list[PeriodAssessment]],
    before: dict[tuple[int, int, str], tuple[int, str]],
    indicators: dict[int, Indicator],
    now: datetime,
) -> None:
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
