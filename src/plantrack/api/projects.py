"""API endpoints for major projects (重大项目): the ledger in scope, the "手续未办结" list, one project, moving a
procedure, recording a week's dispatch.

Thin: every call goes through the same services and selectors as the pages and the CLI, with the token owner's
scope; a refused input (ProjectRejected, a ValueError) becomes a 400 with every reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from plantrack.api.schemas import ErrorOut
from plantrack.orgs.access import access_unit_by_code
from plantrack.projects import selectors
from plantrack.projects.access import access_project_by_id
from plantrack.projects.models import ProcedureKind, Project
from plantrack.projects.services import BlockerInput, record_dispatch, set_procedure_state

router = Router(tags=["projects"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ProcedureOut(Schema):
    name: str
    state: str = Field(description="done | in_progress | not_started | not_needed")
    done_on: dt.date | None


class ProjectOut(Schema):
    id: int
    code: str | None = Field(description="项目代码 (GB/T 40058-2021), null while there is none")
    name: str
    unit: str = Field(description="the 盟市 or 旗县 code")
    unit_name: str
    category: str
    status: str = Field(description="planning | preparing | building | completed")
    total_investment_wan: str = Field(description="万元, a decimal string")
    completed_wan: str = Field(description="累计完成投资, 万元, a decimal string")
    open: list[str] = Field(description="procedures not yet done, in the checklist's names")


class ProjectDetailOut(ProjectOut):
    procedures: list[ProcedureOut]


class OpenProceduresOut(Schema):
    name: str
    unit: str
    total_investment_wan: float
    open: list[str]


class ProcedureIn(Schema):
    state: str = Field(description="done | in_progress | not_started | not_needed")
    done_on: dt.date | None = Field(None, description="required when done")


class BlockerIn(Schema):
    description: str
    owner: str = Field(description="who must solve it (责任单位)")
    due_date: dt.date


class DispatchIn(Schema):
    week: str = Field(description="ISO week, 2027-W14")
    progress: str
    completed_wan: Decimal | None = Field(None, description="累计完成投资 in 万元")
    blockers: list[BlockerIn] = []


class DispatchOut(Schema):
    project: int
    week: str
    progress: str
    blockers: int


def _out(p: Project) -> dict:
    return {"id": p.pk, "code": p.code, "name": p.name, "unit": p.region.code, "unit_name": p.region.name,
            "category": p.category, "status": p.status, "total_investment_wan": str(p.total_investment_wan),
            "completed_wan": str(p.completed_wan), "open": list(p.open_procedures)}


@router.get("", response={200: list[ProjectOut], **_ERRORS})
def list_projects(request: HttpRequest, unit: str | None = None, status: str | None = None,
                  open: bool = False, limit: int = Query(500, ge=1, le=1000),
                  offset: int = Query(0, ge=0, le=2**31 - 1)):
    """Projects in the token owner's scope; `open=true` for those with procedures not yet done (手续未办结); pages of
    at most 1,000 (`limit`, `offset`), both bounded so that no number reaches the database that it cannot hold."""
    where = access_unit_by_code(request.auth, unit) if unit else None
    rows = selectors.projects_for(user=request.auth, unit=where, status=status, open_only=open)
    return [_out(p) for p in rows[offset:offset + limit]]


@router.get("/open-procedures", response={200: list[OpenProceduresOut], **_ERRORS})
def open_procedures(request: HttpRequest, unit: str | None = None):
    """The "手续未办结" list, the same shape as `plantrack projects --open-procedures --json`."""
    where = access_unit_by_code(request.auth, unit) if unit else None
    return selectors.open_procedures(user=request.auth, unit=where)


@router.get("/{project_id}", response={200: ProjectDetailOut, **_ERRORS})
def get_project(request: HttpRequest, project_id: int):
    project = access_project_by_id(request.auth, project_id)
    data = _out(project)
    data["procedures"] = [{"name": p.kind.name, "state": p.state, "done_on": p.done_on}
                          for p in project.procedures.select_related("kind")]
    return data


@router.put("/{project_id}/procedures/{name}", response={200: ProcedureOut, **_ERRORS})
def put_procedure(request: HttpRequest, project_id: int, name: str, body: ProcedureIn):
    """Move one procedure (by its checklist name, e.g. 环评批复): 办结 with a date, 办理中, 未启动, 无需办理."""
    project = access_project_by_id(request.auth, project_id)
    kind = get_object_or_404(ProcedureKind, name=name)
    proc = set_procedure_state(user=request.auth, project=project, kind=kind, state=body.state,
                               done_on=body.done_on)
    return {"name": kind.name, "state": proc.state, "done_on": proc.done_on}


@router.post("/{project_id}/dispatch", response={200: DispatchOut, **_ERRORS})
def post_dispatch(request: HttpRequest, project_id: int, body: DispatchIn):
    """Record a week's dispatch (周调度) with its 堵点; the same week again replaces it."""
    project = access_project_by_id(request.auth, project_id)
    record = record_dispatch(user=request.auth, project=project, week=body.week, progress=body.progress,
                             completed_wan=body.completed_wan,
                             blockers=[BlockerInput(b.description, b.owner, b.due_date) for b in body.blockers])
    return {"project": project.pk, "week": record.week, "progress": record.progress,
            "blockers": record.blockers.count()}
