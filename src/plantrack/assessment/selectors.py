"""Reads of stored assessments and warnings, scoped to what the user may see (`assessment.access` decides)."""

from __future__ import annotations

from django.db.models import F, Max, QuerySet, Window

from plantrack.assessment.access import assessments_in_scope, warnings_in_scope
from plantrack.assessment.models import Assessment, Warning
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import require_read
from plantrack.orgs.models import OrgUnit, User


def latest_assessments(
    *,
    user: User,
    unit: OrgUnit | None = None,
    category: str | None = None,
    attribute: str | None = None,
    status: str | None = None,
    within_year: bool = False,
) -> QuerySet[Assessment]:
    """The newest year assessment (the five-year target's judgement) of each indicator × unit the user may see.

    `unit` narrows to that one unit (403 if outside the scope); the filters match the indicator's category,
    attribute (预期性/约束性) and the assessment's status. `within_year=True` gives the newest month or quarter
    (year-to-date against the annual target) instead. Ordered by indicator code, then unit.
    """
    kinds = ["M", "Q"] if within_year else ["Y"]
    qs = Assessment.objects.filter(period_kind__in=kinds, indicator__is_active=True)
    if unit is not None:
        require_read(user, unit)
        qs = qs.filter(unit=unit)
    else:
        qs = assessments_in_scope(user, qs)
    if category:
        qs = qs.filter(indicator__category=category)
    if attribute:
        qs = qs.filter(indicator__attribute=attribute)
    # The newest period of each indicator × unit, in one pass (a window), not one subquery per row; the status
    # is asked of that newest judgement, so it is filtered only after the newest is chosen.
    newest = qs.annotate(
        newest=Window(Max("period_ordinal"), partition_by=[F("indicator_id"), F("unit_id")])
    ).filter(period_ordinal=F("newest"))
    qs = Assessment.objects.filter(id__in=newest.values("id"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("indicator", "unit").order_by("indicator__code", "unit__path")


def open_warnings_for(*, user: User) -> QuerySet[Warning]:
    """Open (not yet acknowledged) warnings the user may see, newest first."""
    qs = Warning.objects.filter(acknowledged_at__isnull=True)
    return warnings_in_scope(user, qs).select_related("indicator", "unit", "assessment").order_by("-raised_at", "-id")


def warnings_for(*, user: User, include_acknowledged: bool = True) -> QuerySet[Warning]:
    """Every warning the user may see (open and acknowledged), newest first."""
    qs = Warning.objects.all() if include_acknowledged else Warning.objects.filter(acknowledged_at__isnull=True)
    return warnings_in_scope(user, qs).select_related("indicator", "unit", "acknowledged_by").order_by(
        "-raised_at", "-id"
    )


def assessment_history(*, indicator: Indicator, unit: OrgUnit) -> QuerySet[Assessment]:
    """Every stored assessment of the indicator in the unit in time order (a year before its quarters and months)."""
    return Assessment.objects.filter(indicator=indicator, unit=unit).order_by("period_ordinal")
