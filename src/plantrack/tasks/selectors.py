"""Reads of tasks, progress and supervision items, always through the reader's scope (`tasks.access`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from plantrack import clock
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import require_read
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import PlanVersion
from plantrack.tasks.access import task_units_for_reporter, tasks_in_scope
from plantrack.tasks.models import SupervisionItem, Task, TaskChange, TaskProgress

# A task's state as pages, API and filters name it; derived from status, deadline and the latest report.
STATES = {
    "overdue": _("已逾期"),
    "not_started": _("未报送进展"),
    "in_progress": _("推进中"),
    "review": _("待审核销号"),
    "done": _("已完成"),
}


def _state(today: date) -> Case:
    return Case(
        When(status=Task.Status.DONE, then=Value("done")),
        When(status=Task.Status.REVIEW, then=Value("review")),
        When(deadline__lt=today, then=Value("overdue")),
        When(last_period="", then=Value("not_started")),
        default=Value("in_progress"),
        output_field=CharField(),
    )


def with_state(tasks: QuerySet[Task], *, today: date | None = None) -> QuerySet[Task]:
    """`tasks` annotated with `state` (a key of STATES) and `supervised` (an open 督办 item exists)."""
    return tasks.annotate(
        state=_state(today or clock.today()),
        supervised=Exists(SupervisionItem.objects.filter(task=OuterRef("pk"), closed_at__isnull=True)),
    )


def count_by_state(tasks: QuerySet[Task], *, today: date | None = None) -> dict[str, int]:
    """How many of `tasks` are in each state (every key of STATES, zeros included), in one grouped query."""
    rows = tasks.annotate(state=_state(today or clock.today())).order_by().values_list("state").annotate(
        n=Count("pk"))
    found = dict(rows)
    return {key: found.get(key, 0) for key in STATES}


def state_label(state: str) -> str:
    return str(STATES.get(state, state))


@dataclass
class UnitTasks:
    unit: OrgUnit
    tasks: QuerySet[Task]
    counts: dict[str, int]
    total: int


def tasks_for_unit(*, user: User, unit: OrgUnit, state: str | None = None) -> UnitTasks:
    """The tasks `unit` leads or supports (403, logged, outside the reader's scope), with counts per state."""
    require_read(user, unit)
    supported = Task.supporting_units.through.objects.filter(orgunit=unit).values("task_id")
    mine = Task.objects.filter(Q(lead_unit=unit) | Q(pk__in=supported))
    counts = count_by_state(mine)
    tasks = with_state(mine)
    if state in STATES:
        tasks = tasks.filter(state=state)
    tasks = tasks.select_related("lead_unit", "node").annotate(
        is_lead=Case(When(lead_unit=unit, then=Value(True)), default=Value(False))
    ).order_by("deadline", "pk")
    return UnitTasks(unit=unit, tasks=tasks, counts=counts, total=sum(counts.values()))


@dataclass
class UnitSummary:
    unit: OrgUnit
    counts: dict[str, int]
    total: int
    supervised: int


def unit_overview(*, user: User) -> list[UnitSummary]:
    """Every unit in the reader's scope that leads tasks, with its tasks per state: the office's overview."""
    tasks = tasks_in_scope(user).annotate(state=_state(clock.today()))
    rows = tasks.order_by().values_list("lead_unit", "state").annotate(n=Count("pk"))
    open_items = dict(
        SupervisionItem.objects.filter(closed_at__isnull=True, task__in=tasks_in_scope(user))
        .order_by().values_list("owner_unit").annotate(n=Count("pk"))
    )
    per_unit: dict[int, dict[str, int]] = {}
    for unit_id, state, n in rows:
        per_unit.setdefault(unit_id, dict.fromkeys(STATES, 0))[state] = n
    units = OrgUnit.objects.in_bulk(list(per_unit))
    return sorted(
        (UnitSummary(unit=units[uid], counts=c, total=sum(c.values()), supervised=open_items.get(uid, 0))
         for uid, c in per_unit.items()),
        key=lambda s: s.unit.path,
    )


@dataclass
class TaskView:
    task: Task
    state: str
    supporting_units: list[OrgUnit]
    indicators: list[Indicator]
    reports: list[TaskProgress]
    supervision: list[SupervisionItem]
    reporter_units: list[OrgUnit]
    changes: list[TaskChange]


def task_view(*, user: User, task: Task) -> TaskView:
    """One task (already read through access_task_by_id) with its reports, evidence and supervision items."""
    state = with_state(Task.objects.filter(pk=task.pk)).values_list("state", flat=True).first()
    return TaskView(
        task=task,
        state=state,
        supporting_units=list(task.supporting_units.order_by("path")),
        indicators=list(task.indicators.order_by("code")),
        reports=list(task.reports.select_related("unit", "reported_by").prefetch_related("evidence")
                     .order_by("-period", "unit__path")),
        supervision=list(task.supervision_items.select_related("owner_unit").order_by("-opened_at")),
        reporter_units=task_units_for_reporter(user, task),
        changes=list(task.changes.select_related("by")[:50]),
    )


def tasks_for_chapter(*, user: User, version: PlanVersion, chapter: int) -> list[Task]:
    """The tasks in the reader's scope given out from chapter `chapter` of the version's plan (any of its nodes)."""
    return list(
        with_state(tasks_in_scope(user).filter(plan_id=version.plan_id, chapter_number=chapter))
        .select_related("lead_unit", "node").order_by("node__order", "deadline", "pk")
    )


def tasks_for_indicator(*, user: User, indicator: Indicator) -> list[Task]:
    """The tasks in the reader's scope that serve `indicator`, so a lag can be explained by the work behind it."""
    return list(
        with_state(tasks_in_scope(user).filter(indicators=indicator))
        .select_related("lead_unit").order_by("deadline", "pk")
    )


def open_supervision(*, user: User, unit: OrgUnit | None = None) -> QuerySet[SupervisionItem]:
    """Open 督办 items on tasks in the reader's scope (optionally of one responsible unit), soonest due first."""
    items = SupervisionItem.objects.filter(closed_at__isnull=True, task__in=tasks_in_scope(user))
    if unit is not None:
        items = items.filter(owner_unit=unit)
    return items.select_related("task", "owner_unit").order_by("due_date", "owner_unit__path", "pk")
