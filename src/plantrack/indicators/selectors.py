"""Reads of the registry: indicators for the list pages and one indicator with what the reader's scope allows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.access import units_in_scope
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan, PlanCommitment


def natural_key(code: str) -> list:
    """ "2" before "10", "10" before "10.1"."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code)]


def base_year_of(indicator: Indicator, plan: Plan | None = None) -> int | None:
    """The year whose year-end figure a unit is judged from (基期): the indicator's own base year, or the year
    before the plan (2025 for 2026–2030); None when the indicator's base year falls inside the plan."""
    plan = plan or indicator.plan
    year = indicator.baseline_year or plan.period_start - 1
    return year if year < plan.period_start else None


def registry_for_user(user: User) -> list[Indicator]:
    """All indicators (the plan's targets are not unit data), with how many of the reader's units report each."""
    scope = units_in_scope(user)
    indicators = (
        Indicator.objects.select_related("plan")
        .annotate(units_in_scope=Count("reporting_units", filter=Q(reporting_units__in=scope), distinct=True))
        .order_by("plan_id")
    )
    return sorted(indicators, key=lambda i: (i.plan_id, natural_key(i.code)))


@dataclass
class IndicatorView:
    indicator: Indicator
    reporting_units: list[OrgUnit]
    annual_targets: list[AnnualTarget]
    assigned_count: int = 0  # 国家下达的年度目标 recorded


def indicator_for_user(user: User, pk: int) -> IndicatorView:
    """One indicator with only the reporting units and annual targets inside `user`'s scope."""
    indicator = Indicator.objects.select_related("plan", "source_row", "source_commitment").filter(pk=pk).first()
    if indicator is None:
        raise Http404(pk)
    scope = units_in_scope(user)
    return IndicatorView(
        indicator=indicator,
        reporting_units=list(indicator.reporting_units.filter(pk__in=scope).order_by("path")),
        annual_targets=list(
            indicator.annual_targets.filter(unit__in=scope).select_related("unit").order_by("-year", "unit__path")
        ),
        assigned_count=indicator.assigned_targets.count(),
    )


def promotable_commitments(version) -> list[PlanCommitment]:
    """The commitments of a plan version, each marked with the indicator it was promoted to (or None)."""
    promoted = dict(
        Indicator.objects.filter(source_commitment__version=version).values_list("source_commitment_id", "code")
    )
    commitments = list(version.commitments.order_by("order"))
    for c in commitments:
        c.promoted_code = promoted.get(c.pk)
    return commitments


def reporting_counties(indicator: Indicator) -> QuerySet[OrgUnit]:
    """The 旗县 reporting the indicator: the edit form lists 盟市 and departments only, so these stay as they are."""
    return indicator.reporting_units.filter(kind=OrgUnit.Kind.COUNTY)
