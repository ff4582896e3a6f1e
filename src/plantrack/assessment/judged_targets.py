"""What a rebuild needs to judge targets without a number, and where it puts the results.

For the indicators of one pass whose target has no number (`Indicator.target_without_number`), loads the
nationally assigned figures (inherited from the unit above, as annual targets of rates are), the latest approved
人工研判 of each unit and year, and the yearly values of the series a "同步" target refers to; then, per
indicator × unit, replaces each year's 无法评估 with what these decide (plantrack.assessment.judging), or leaves it
无法评估 with the reason saying what would make it judgeable.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings

from plantrack.assessment.judging import (
    NO_ROUTE_REASON,
    ApprovedJudgement,
    AssignedFigure,
    assigned_extra,
    in_step_extra,
    in_step_reference_words,
    judge_against_assigned,
    judge_in_step,
    judgement_extra,
    manual_result,
)
from plantrack.assessment.loading import approved_values
from plantrack.assessment.models import ManualJudgement
from plantrack.assessment.series import PeriodAssessment, UnitSeries, year_end_values
from plantrack.assessment.specs import target_spec_for
from plantrack.core.assess import Status, Thresholds
from plantrack.core.assess.model import not_assessable
from plantrack.core.periods import Period
from plantrack.core.units import is_percent_unit
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.orgs.models import OrgUnit

# The series a 同步 target keeps pace with: the plan's GDP growth rate.
_GDP_GROWTH_WORDS = ("地区生产总值增长", "GDP增长", "经济增长")


def in_step_reference(indicator: Indicator) -> Indicator | None:
    """The GDP growth indicator of the same plan a "同步" target refers to, in %; None when there is none."""
    if not indicator.target_without_number or not in_step_reference_words(indicator.target_text or ""):
        return None
    candidates = Indicator.objects.filter(plan_id=indicator.plan_id, is_active=True).exclude(pk=indicator.pk)
    for candidate in candidates.select_related("plan").order_by("code"):
        name = candidate.name.replace(" ", "")
        if any(word in name for word in _GDP_GROWTH_WORDS) and is_percent_unit(candidate.unit):
            return candidate
    return None


def in_step_dependents(indicator_ids: list[int]) -> list[int]:
    """The "同步" targets that refer to any of these indicators: a new GDP growth figure re-judges them too."""
    plans = set(Indicator.objects.filter(id__in=indicator_ids).values_list("plan_id", flat=True))
    candidates = Indicator.objects.filter(plan_id__in=plans, is_active=True, target_text__contains="同步").exclude(
        id__in=indicator_ids)
    wanted = set(indicator_ids)
    return [c.id for c in candidates.select_related("plan") if (ref := in_step_reference(c)) and ref.id in wanted]


def in_step_tolerance() -> float:
    return float(getattr(settings, "PLANTRACK_ASSESS_IN_STEP_TOLERANCE", 0.0))


class JudgedTargets:
    """The assigned figures, approved judgements and reference series of one pass's targets without a number."""

    def __init__(self, indicators: dict[int, Indicator], *, unit_ids: list[int] | None, thresholds: Thresholds):
        self.thresholds = thresholds
        self.tolerance = in_step_tolerance()
        self.indicators = {pk: i for pk, i in indicators.items() if i.target_without_number}
        ids = list(self.indicators)
        self.parent: dict[int, int | None] = dict(OrgUnit.objects.values_list("id", "parent_id")) if ids else {}
        self.assigned: dict[tuple[int, int, int], AssignedFigure] = {}
        for t in AssignedTarget.objects.filter(indicator_id__in=ids):
            self.assigned[(t.indicator_id, t.unit_id, t.year)] = AssignedFigure(
                year=t.year, value=float(t.value), comparator=t.comparator,
                document_number=t.document_number, document_date=t.document_date,
            )
        self.manual: dict[tuple[int, int], dict[int, ApprovedJudgement]] = defaultdict(dict)
        approved = ManualJudgement.objects.filter(indicator_id__in=ids, state=ManualJudgement.State.APPROVED)
        if unit_ids is not None:
            approved = approved.filter(unit_id__in=unit_ids)
        for j in approved.select_related("author", "reviewed_by").order_by("version"):
            # Later versions overwrite earlier ones: the latest approved version stands.
            self.manual[(j.indicator_id, j.unit_id)][j.year] = ApprovedJudgement(
                id=j.id, year=j.year, version=j.version, status=j.status, reasoning=j.reasoning,
                author=_person(j.author), reviewer=_person(j.reviewed_by), reviewed_at=j.reviewed_at,
                evidence_name=j.evidence_name,
            )
        self.references: dict[int, Indicator] = {}
        self.reference_years: dict[tuple[int, int], dict[int, float]] = {}
        self.reference_within: dict[tuple[int, int], dict[tuple[int, int], float]] = {}
        for pk, indicator in self.indicators.items():
            reference = in_step_reference(indicator)
            if reference is not None:
                self.references[pk] = reference
        for reference in {r.id: r for r in self.references.values()}.values():
            yearly, within = approved_values([reference.id], unit_ids)
            spec = target_spec_for(reference)
            ytd = reference.value_kind == Indicator.ValueKind.YEAR_TO_DATE
            for key in set(yearly) | set(within):
                if ytd:
                    # Year-to-date rates by the month each period ends (a quarter meets the month it ends in).
                    self.reference_within[key] = {(p.year, p.end_month): v for p, v in within.get(key, {}).items()}
                self.reference_years[key] = year_end_values(UnitSeries(
                    spec=spec, is_top_unit=True, additive_over_units=reference.additive_over_units,
                    additive_over_time=reference.additive_over_time,
                    year_to_date_values=reference.value_kind == Indicator.ValueKind.YEAR_TO_DATE,
                    yearly=yearly.get(key, {}), within_year=within.get(key, {}),
                ))

    def extra_keys(self) -> set[tuple[int, int]]:
        """(indicator, unit) pairs with an approved judgement: judged even where no figure is reported."""
        return set(self.manual)

    def _assigned_for(self, indicator: Indicator, unit_id: int, year: int) -> AssignedFigure | None:
        # A rate or a share assigned to the region holds for the units below it; a total does not split.
        current: int | None = unit_id
        while current is not None:
            found = self.assigned.get((indicator.id, current, year))
            if found is not None or indicator.additive_over_units:
                return found
            current = self.parent.get(current)
        return None

    def apply(self, indicator_id: int, unit_id: int, assessed: list[PeriodAssessment],
              yearly: dict[int, float]) -> list[PeriodAssessment]:
        """The year results of a target without a number, each decided by the first route that can."""
        indicator = self.indicators.get(indicator_id)
        if indicator is None:
            return assessed
        plan = indicator.plan
        target_year = indicator.target_year or plan.period_end
        manual = self.manual.get((indicator_id, unit_id), {})
        years = {pa.period.year for pa in assessed if pa.period.kind == "Y"}
        years |= {y for y in manual if plan.period_start <= y <= plan.period_end}
        by_year = {pa.period.year: pa for pa in assessed if pa.period.kind == "Y"}
        reference = self.references.get(indicator_id)
        out = [self._within_year(indicator, unit_id, pa, reference) for pa in assessed if pa.period.kind != "Y"]
        for year in sorted(years):
            kept = by_year.get(year)
            if kept is not None and kept.result.status != Status.NOT_ASSESSABLE:
                out.append(kept)
                continue
            value = yearly.get(year)
            out.append(self._decide(indicator, unit_id, year, value, reference, manual.get(year), target_year))
        return sorted(out, key=lambda pa: (pa.period.kind != "Y", pa.period.ordinal))

    def _within_year(self, indicator: Indicator, unit_id: int, pa: PeriodAssessment,
                     reference: Indicator | None) -> PeriodAssessment:
        """A month or quarter of a "同步" target whose annual target has no number: its year-to-date rate against
        the reference's year-to-date rate to the same month; anything else stays as judged."""
        value = pa.result.latest_value
        if (reference is None or pa.result.status != Status.NOT_ASSESSABLE or value is None
                or indicator.value_kind != Indicator.ValueKind.YEAR_TO_DATE
                or reference.value_kind != Indicator.ValueKind.YEAR_TO_DATE or not is_percent_unit(indicator.unit)):
            return pa
        period = pa.period
        reference_rate = self.reference_within.get((reference.id, unit_id), {}).get((period.year, period.end_month))
        months = "1月" if period.end_month == 1 else f"1–{period.end_month}月"
        result = judge_in_step(year=period.year, rate=value, reference_rate=reference_rate, name=indicator.name,
                               reference_name=reference.name, tolerance=self.tolerance, thresholds=self.thresholds,
                               span=f"{period.year}年{months}累计")
        return PeriodAssessment(period, result, in_step_extra(reference.code, reference_rate))

    def _decide(self, indicator: Indicator, unit_id: int, year: int, value: float | None,
                reference: Indicator | None, judgement: ApprovedJudgement | None,
                target_year: int) -> PeriodAssessment:
        period = Period(year, "Y")
        figure = self._assigned_for(indicator, unit_id, year)
        if value is not None and figure is not None:
            result = judge_against_assigned(value=value, figure=figure, unit=indicator.unit or None,
                                            target_year=target_year, thresholds=self.thresholds)
            return PeriodAssessment(period, result, assigned_extra(figure))
        if value is not None and reference is not None and is_percent_unit(indicator.unit):
            reference_rate = self.reference_years.get((reference.id, unit_id), {}).get(year)
            result = judge_in_step(year=year, rate=value, reference_rate=reference_rate, name=indicator.name,
                                   reference_name=reference.name, tolerance=self.tolerance,
                                   thresholds=self.thresholds)
            if result.status != Status.NOT_ASSESSABLE or judgement is None:
                return PeriodAssessment(period, result, in_step_extra(reference.code, reference_rate))
        if judgement is not None:
            return PeriodAssessment(period, manual_result(judgement, latest_value=value), judgement_extra(judgement))
        reason = NO_ROUTE_REASON
        if figure is not None and value is None:
            reason = f"已录入{year}年国家下达目标，但{year}年尚无审核数据"
        return PeriodAssessment(period, not_assessable(reason, latest_year=year, latest_value=value),
                                {"source": "none"})


def _person(user) -> str:
    if user is None:
        return ""
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    return full or user.username
