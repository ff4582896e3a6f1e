"""Reads of the projects app, always through the user's scope: the ledger, the "手续未办结" list, investment sums."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.access import projects_in_scope
from plantrack.projects.models import Blocker, DispatchRecord, Project


def projects_for(*, user: User, unit: OrgUnit | None = None, status: str | None = None,
                 open_only: bool = False, search: str = "") -> QuerySet[Project]:
    """The projects `user` may read, of `unit`'s subtree if given, optionally only those with open procedures."""
    projects = projects_in_scope(user).select_related("region")
    if unit is not None:
        projects = projects.filter(region__path__startswith=unit.path)
    if status:
        projects = projects.filter(status=status)
    if open_only:
        projects = projects.filter(has_open_procedures=True)
    if search:
        projects = projects.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return projects.order_by("region__path", "name")


def open_procedures(*, user: User, unit: OrgUnit | None = None) -> list[dict]:
    """The "手续未办结" list: each project with procedures not yet done, in the checklist's names, as plain data."""
    rows = projects_for(user=user, unit=unit, open_only=True).values_list(
        "name", "region__code", "total_investment_wan", "open_procedures")
    return [{"name": name, "unit": code, "total_investment_wan": float(total), "open": list(names)}
            for name, code, total, names in rows]


@dataclass
class InvestmentSum:
    key: str
    projects: int
    total_wan: Decimal
    completed_wan: Decimal


def investment_by(*, user: User, by: str, unit: OrgUnit | None = None) -> list[InvestmentSum]:
    """Total and completed investment added up by unit (the 盟市), plan chapter or category, in the user's scope."""
    projects = projects_for(user=user, unit=unit)
    if by == "unit":
        # A 旗县's projects count under its 盟市: the second code in the path.
        rows: dict[str, list] = {}
        for path, total, done in projects.values_list("region__path", "total_investment_wan", "completed_wan"):
            parts = path.strip("/").split("/")
            key = parts[1] if len(parts) > 1 else parts[0]
            acc = rows.setdefault(key, [0, Decimal(0), Decimal(0)])
            acc[0] += 1
            acc[1] += total
            acc[2] += done
        names = dict(OrgUnit.objects.filter(code__in=rows).values_list("code", "name"))
        return [InvestmentSum(names.get(k, k), *v) for k, v in sorted(rows.items())]
    field = {"chapter": "chapter_number", "category": "category"}[by]
    sums = projects.order_by().values(field).annotate(total=Sum("total_investment_wan"),
                                                      done=Sum("completed_wan"), n=Count("pk"))
    result = []
    for row in sorted(sums, key=lambda r: (r[field] is None, r[field] or 0) if by == "chapter"
                      else (r[field] or "")):
        key = row[field]
        label = ("" if key in (None, "") else (f"第{key}章" if by == "chapter" else str(key))) or "未分类"
        result.append(InvestmentSum(label, row["n"], row["total"] or Decimal(0), row["done"] or Decimal(0)))
    return result


def dispatch_for_week(*, user: User, week: str, unit: OrgUnit | None = None) -> list[DispatchRecord]:
    """The week's dispatch records in scope, with their projects and 堵点."""
    records = DispatchRecord.objects.filter(project__in=projects_for(user=user, unit=unit), week=week)
    return list(records.select_related("project", "project__region").prefetch_related("blockers")
                .order_by("project__region__path", "project__name"))


def open_blockers(*, user: User, unit: OrgUnit | None = None) -> QuerySet[Blocker]:
    return Blocker.objects.filter(project__in=projects_for(user=user, unit=unit), resolved_on__isnull=True) \
        .select_related("project", "project__region").order_by("due_date", "pk")


def projects_for_indicator(*, user: User, indicator) -> list[Project]:
    """The projects serving an indicator (linked to it directly), biggest first, so a lag can be read beside the
    investment behind it."""
    return list(projects_in_scope(user).filter(indicators=indicator).select_related("region")
                .order_by("-total_investment_wan")[:50])
