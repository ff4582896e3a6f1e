"""Reads of reports: the list a reader sees and the plan a new report is about."""

from __future__ import annotations

from django.db.models import QuerySet

from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.reports.access import require_read_reports
from plantrack.reports.models import Report


def reports_for(*, user: User) -> QuerySet[Report]:
    require_read_reports(user)
    return Report.objects.select_related("plan", "requested_by").prefetch_related("files")


def reportable_plans() -> QuerySet[Plan]:
    """Plans that have a registry to judge, newest first."""
    return Plan.objects.filter(registry__isnull=False).distinct().order_by("-period_start", "title")


def versions_of(report: Report) -> list[Report]:
    """Every version of the same report (plan, kind, as-of), oldest first; earlier 定稿 stay readable."""
    return list(
        Report.objects.filter(plan_id=report.plan_id, kind=report.kind, as_of=report.as_of)
        .select_related("finalized_by").order_by("version")
    )
