"""API endpoints for tasks (任务分工与督办): list in scope, give out, read, report progress, supervision items.

Thin: every call goes through the same services and selectors as the pages, with the token owner's scope; a
refused input (TaskRejected, a ValueError) becomes a 400 with every reason through the router's handler.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from plantrack.api.schemas import MAX_ID, DbId, ErrorOut
from plantrack.core.figures import figure_text
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import access_unit_by_code
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan, PlanCommitment, PlanNode
from plantrack.tasks import selectors
from plantrack.tasks.access import access_task_by_id, tasks_in_scope
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.models import SupervisionItem, Task
from plantrack.tasks.services import create_task, report_progress, task_fields
from plantrack.tasks.supervision import run_supervision
from plantrack.wording import join_words

router = Router(tags=["tasks"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class TaskOut(Schema):
    id: int
    plan: int
    title: str
    node: int | None = Field(None, description="plan node (chapter, section, box item) the task comes from")
    chapter: int | None
    lead_unit: str = Field(description="牵头单位 code")
    lead_unit_name: str
    supporting_units: list[str] = Field(description="配合单位 codes")
    deadline: dt.date | None
    deadline_text: str = Field(description="完成时限 as written")
    is_ongoing: bool = Field(description="长期 / 持续推进: no fixed date, reported every period")
    indicators: list[str] = Field(description="codes of the indicators the task serves")
    progress: str = Field(description="the lead unit's latest percentage, a decimal string")
    last_period: str
    state: str = Field(description="overdue | not_started | in_progress | done")


class TaskIn(Schema):
    plan: DbId
    title: str
    lead_unit: str = Field(description="org unit code")
    supporting_units: list[str] = []
    deadline: str = Field(description="2027年底, 2028年6月, 2028-06-30, 长期, 持续推进 …")
    node: DbId | None = None
    commitment: DbId | None = None
    indicators: list[str] = Field([], description="indicator codes")
    report_frequency: str = Field("Q", description="Q (quarterly) or M (monthly)")


class ProgressIn(Schema):
    unit: str = Field(description="the reporting unit's code (the lead or a supporting unit)")
    period: str = Field(description="2026Q3 or 2026M10")
    percent: str = Field(description="0–100")
    text: str


class ProgressOut(Schema):
    id: int
    task: int
    unit: str
    period: str
    percent: str
    text: str
    reported_at: dt.datetime


class SupervisionOut(Schema):
    id: int
    task: int
    task_title: str
    reason: str = Field(description="overdue | unreported")
    period: str
    owner_unit: str
    due_date: dt.date
    opened_at: dt.datetime


class SupervisionRunOut(Schema):
    as_of: dt.date
    opened: int
    closed: int
    open: int


def task_out(t: Task) -> dict:
    return {
        "id": t.pk, "plan": t.plan_id, "title": t.title, "node": t.node_id, "chapter": t.chapter_number,
        "lead_unit": t.lead_unit.code, "lead_unit_name": t.lead_unit.name,
        "supporting_units": [u.code for u in t.supporting_units.all()], "deadline": t.deadline,
        "deadline_text": t.deadline_text, "is_ongoing": t.is_ongoing,
        "indicators": [i.code for i in t.indicators.all()], "progress": figure_text(t.progress, missing=None),
        "last_period": t.last_period, "state": getattr(t, "state", ""),
    }


@router.get("", response={200: list[TaskOut], **_ERRORS}, summary="Tasks in my scope")
def list_tasks(request: HttpRequest, unit: str | None = None, state: str | None = None,
               plan: int | None = Query(None, ge=1, le=MAX_ID)):
    """With `unit`: the tasks that unit leads or supports (403 outside my scope); else every task I may read."""
    if unit:
        tasks = selectors.tasks_for_unit(user=request.user, unit=access_unit_by_code(request.user, unit),
                                         state=state).tasks
    else:
        tasks = selectors.with_state(tasks_in_scope(request.user))
        if state:
            tasks = tasks.filter(state=state)
    if plan is not None:
        tasks = tasks.filter(plan_id=plan)
    tasks = tasks.select_related("lead_unit").prefetch_related("supporting_units", "indicators").order_by("pk")
    return [task_out(t) for t in tasks]


@router.post("", response={200: TaskOut, **_ERRORS}, summary="Give out a task (planning office)")
def new_task(request: HttpRequest, body: TaskIn):
    plan = get_object_or_404(Plan, pk=body.plan)
    codes = [body.lead_unit, *body.supporting_units]
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in units]
    indicators = list(Indicator.objects.filter(plan=plan, code__in=body.indicators))
    missing = sorted(set(body.indicators) - {i.code for i in indicators})
    if unknown or missing:
        raise TaskRejected(([_("单位代码不存在：%(c)s") % {"c": join_words(unknown)}] if unknown else [])
                           + ([_("指标编码不存在：%(c)s") % {"c": join_words(missing)}] if missing else []))
    node = get_object_or_404(PlanNode, pk=body.node) if body.node else None
    commitment = get_object_or_404(PlanCommitment, pk=body.commitment) if body.commitment else None
    fields = task_fields(plan=plan, title=body.title, lead_unit=units[body.lead_unit],
                         supporting_units=[units[c] for c in body.supporting_units], deadline=body.deadline,
                         node=node or (commitment.node if commitment else None), commitment=commitment,
                         indicators=indicators, report_frequency=body.report_frequency)
    task = create_task(user=request.user, plan=plan, fields=fields)
    return task_out(selectors.with_state(Task.objects.filter(pk=task.pk)).get())


@router.get("/supervision", response={200: list[SupervisionOut], **_ERRORS}, summary="Open supervision items (督办)")
def list_supervision(request: HttpRequest, unit: str | None = None):
    owner = access_unit_by_code(request.user, unit) if unit else None
    return [_item_out(i) for i in selectors.open_supervision(user=request.user, unit=owner)]


@router.post("/supervision/run", response={200: SupervisionRunOut, **_ERRORS},
             summary="Run the overdue / unreported check now (planning office)")
def supervise_now(request: HttpRequest):
    run = run_supervision(user=request.user)
    return {"as_of": run.as_of, "opened": run.opened, "closed": run.closed, "open": run.open_total}


@router.get("/{int:task_id}", response={200: TaskOut, **_ERRORS}, summary="One task")
def get_task(request: HttpRequest, task_id: int = Path(..., ge=1, le=MAX_ID)):
    task = access_task_by_id(request.user, task_id)
    return task_out(selectors.with_state(Task.objects.filter(pk=task.pk)).get())


@router.post("/{int:task_id}/progress", response={200: ProgressOut, **_ERRORS},
             summary="Report progress for a period (the lead or a supporting unit)")
def post_progress(request: HttpRequest, body: ProgressIn, task_id: int = Path(..., ge=1, le=MAX_ID)):
    task = access_task_by_id(request.user, task_id)
    unit = access_unit_by_code(request.user, body.unit)
    report = report_progress(user=request.user, task=task, unit=unit, period=body.period, text=body.text,
                             percent=body.percent)
    return {"id": report.pk, "task": task.pk, "unit": unit.code, "period": report.period,
            "percent": figure_text(report.percent, missing=None), "text": report.text,
            "reported_at": report.reported_at}


def _item_out(i: SupervisionItem) -> dict:
    return {"id": i.pk, "task": i.task_id, "task_title": i.task.title, "reason": i.reason, "period": i.period,
            "owner_unit": i.owner_unit.code, "due_date": i.due_date, "opened_at": i.opened_at}
