"""Assessment actions: recompute stored assessments from approved values, raise warnings (预警), acknowledge them.

`refresh_assessments` runs inside the approval of values (reporting.services.approve_values calls it), so the
stored judgement never lags the official figures; `assess_all` (`plantrack assess-all`) rebuilds everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack import clock
from plantrack.assessment.access import require_acknowledge_warning
from plantrack.assessment.judged_targets import JudgedTargets, in_step_dependents
from plantrack.assessment.judgements import (
    JudgementError,
    approve_judgement,
    return_judgement,
    submit_judgement,
    write_judgement,
)
from plantrack.assessment.loading import AnnualTargets, approved_values, top_unit_ids
from plantrack.assessment.models import ManualJudgement, Warning
from plantrack.assessment.raising import raise_warnings, stopped_reporting_warnings
from plantrack.assessment.series import PeriodAssessment, UnitSeries, assess_unit_series, year_end_values
from plantrack.assessment.specs import target_spec_for
from plantrack.assessment.store import delete_assessments, stored_statuses, upsert_assessments
from plantrack.assessment.thresholds import configured_thresholds
from plantrack.core.assess import Thresholds
from plantrack.core.errors import InvalidInput
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import User
from plantrack.reporting.models import DataValue

__all__ = [
    "refresh_assessments", "refresh_indicator_assessments", "assess_all", "acknowledge_warning", "WarningError",
    # 人工研判, kept beside the rules they need (assessment.judgements)
    "write_judgement", "submit_judgement", "approve_judgement", "return_judgement", "JudgementError",
]


class WarningError(InvalidInput):
    """A warning cannot be acknowledged as asked (already done, no note); the message says why."""

    code = "warning_refused"


def refresh_assessments(*, indicator_ids: Iterable[int], unit_ids: Iterable[int]) -> int:
    """Recompute every stored assessment of these indicators × units from approved values; returns rows written.

    Raises the warnings the new judgements call for. Called after values are approved.
    """
    indicator_ids, unit_ids = sorted(set(indicator_ids)), sorted(set(unit_ids))
    if not indicator_ids or not unit_ids:
        return 0
    # A "同步" target is judged on the series it keeps pace with: a new figure there re-judges it as well.
    indicator_ids = sorted({*indicator_ids, *in_step_dependents(indicator_ids)})
    return _rebuild(indicator_ids=indicator_ids, unit_ids=unit_ids)


def refresh_indicator_assessments(*, indicator_id: int) -> int:
    """Recompute the assessments of one indicator in every unit with approved values: after its target, its
    baseline or an annual target changed."""
    unit_ids = set(DataValue.objects.filter(indicator_id=indicator_id, approved_value__isnull=False).values_list(
        "unit_id", flat=True
    ).distinct())
    unit_ids |= set(ManualJudgement.objects.filter(
        indicator_id=indicator_id, state=ManualJudgement.State.APPROVED).values_list("unit_id", flat=True))
    return refresh_assessments(indicator_ids=[indicator_id], unit_ids=list(unit_ids))


def assess_all() -> int:
    """Rebuild every stored assessment of every active indicator from approved values; returns rows written.

    Then warns of the units that stopped reporting (two passed reporting rounds with nothing submitted)."""
    ids = list(Indicator.objects.filter(is_active=True).values_list("id", flat=True))
    written = _rebuild(indicator_ids=ids, unit_ids=None)
    stopped_reporting_warnings(today=clock.today(), now=timezone.now())
    return written


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


# Indicators judged per pass: a whole region's months of a few indicators at a time keep memory bounded.
_INDICATORS_PER_PASS = 5


def _rebuild(*, indicator_ids: list[int], unit_ids: list[int] | None) -> int:
    """Judge, store and warn, a few indicators at a time, all in one transaction: all of it or none."""
    thresholds = configured_thresholds()
    top_units = top_unit_ids()
    now = timezone.now()
    written = 0
    with transaction.atomic():
        for start in range(0, len(indicator_ids), _INDICATORS_PER_PASS):
            indicators = {
                i.id: i
                for i in Indicator.objects.filter(
                    id__in=indicator_ids[start : start + _INDICATORS_PER_PASS]
                ).select_related("plan")
            }
            computed = _judge(indicators, unit_ids=unit_ids, top_units=top_units, thresholds=thresholds)
            before = stored_statuses(indicator_ids=list(indicators), unit_ids=unit_ids)
            written += upsert_assessments(computed, now)
            fresh = {(ind, unit, pa.period.code) for (ind, unit), assessed in computed.items() for pa in assessed}
            delete_assessments([pk for key, (pk, _status) in before.items() if key not in fresh])
            raise_warnings(computed=computed, before=before, indicators=indicators, now=now)
    return written


def _judge(
    indicators: dict[int, Indicator], *, unit_ids: list[int] | None, top_units: set[int], thresholds: Thresholds
) -> dict[tuple[int, int], list[PeriodAssessment]]:
    """Every as-of period of these indicators in these units (all units: None), from approved values."""
    specs = {i.id: target_spec_for(i) for i in indicators.values()}
    targets = AnnualTargets(list(indicators))
    yearly, within = approved_values(list(indicators), unit_ids)
    judged = JudgedTargets(indicators, unit_ids=unit_ids, thresholds=thresholds)
    computed: dict[tuple[int, int], list[PeriodAssessment]] = {}
    for key in sorted(set(yearly) | set(within) | judged.extra_keys()):
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
        assessed = assess_unit_series(series, annual_target=targets.lookup(indicator, key[1]), thresholds=thresholds)
        # A target without a number: the assigned figure, the series it keeps pace with, or an approved 人工研判.
        computed[key] = judged.apply(key[0], key[1], assessed, year_end_values(series))
    return computed
