"""Writes of the projects app: keep a ledger row, move an approval procedure, record a week's dispatch, each in one
transaction. The page, the API, the import and the command line all call these; who may is asked of `projects.access`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from plantrack import clock
from plantrack.core.project_code import parse_project_code, region_agrees
from plantrack.core.weeks import canonical_week, week_start
from plantrack.errors import message_of
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import PlanNode
from plantrack.projects.access import require_edit_project_of
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.models import (
    Blocker,
    DispatchRecord,
    ProcedureKind,
    Project,
    ProjectInvestment,
    ProjectProcedure,
)

NAME_MAX = 200
PROJECT_REGION_KINDS = (OrgUnit.Kind.PREFECTURE, OrgUnit.Kind.COUNTY, OrgUnit.Kind.REGION)


@dataclass
class ProcedureState:
    state: str
    done_on: date | None = None


@dataclass
class ProjectFields:
    """What the ledger says about a project; the same shape from a sheet row, the form and the API."""

    name: str
    region: OrgUnit
    total_investment_wan: Decimal
    code: str | None = None
    owner_company: str = ""
    category: str = ""
    content: str = ""
    node: PlanNode | None = None
    annual_plan_wan: Decimal | None = None
    plan_year: int | None = None
    completed_wan: Decimal = Decimal(0)
    planned_start: date | None = None
    planned_completion: date | None = None
    status: str = Project.Status.PREPARING
    problems: str = ""
    procedures: dict[int, ProcedureState] = field(default_factory=dict)  # ProcedureKind pk → state


def check_project_fields(fields: ProjectFields) -> list[tuple[str, str]]:
    """Every rule a project's fields must keep, as (field, Chinese reason) pairs; empty when all is well.

    The code is normalised in place. Fields are named as ProjectFields names them, so a sheet reader can put its
    row and column in front.
    """
    problems: list[tuple[str, str]] = []
    fields.name = " ".join((fields.name or "").split())
    if not fields.name:
        problems.append(("name", _("不能为空")))
    elif len(fields.name) > NAME_MAX:
        problems.append(("name", _("不能超过%(n)s字") % {"n": NAME_MAX}))
    if fields.region.kind not in PROJECT_REGION_KINDS:
        problems.append(("region", _("“%(u)s”不是盟市或旗县") % {"u": fields.region.name}))
    if fields.code:
        try:
            code = parse_project_code(fields.code)
        except ValueError as exc:
            problems.append(("code", message_of(exc)))
        else:
            fields.code = code.text
            if not region_agrees(code.region, fields.region.code):
                problems.append(("code", _("项目代码的地区码%(c)s与项目所在地“%(u)s”（%(r)s）不符")
                                 % {"c": code.region, "u": fields.region.name, "r": fields.region.code}))
    else:
        fields.code = None
    if fields.total_investment_wan < 0:
        problems.append(("total", _("不能为负数")))
    if fields.completed_wan < 0:
        problems.append(("completed", _("不能为负数")))
    elif fields.completed_wan > fields.total_investment_wan:
        problems.append(("completed", _("累计完成投资%(c)s万元大于总投资%(t)s万元")
                         % {"c": _plain(fields.completed_wan), "t": _plain(fields.total_investment_wan)}))
    if fields.annual_plan_wan is not None and fields.annual_plan_wan < 0:
        problems.append(("annual_plan", _("不能为负数")))
    if fields.planned_start and fields.planned_completion and fields.planned_completion < fields.planned_start:
        problems.append(("completion", _("计划竣工早于计划开工")))
    if fields.status not in Project.Status.values:
        problems.append(("status", _("应为谋划、前期、在建或竣工")))
    return problems


def _plain(amount: Decimal) -> str:
    return format(amount.normalize(), "f") if amount == amount.to_integral() else format(amount, "f")


_LEDGER_FIELDS = ("code", "name", "region_id", "owner_company", "category", "content", "node_id", "chapter_number",
                  "total_investment_wan", "annual_plan_wan", "completed_wan", "planned_start", "planned_completion",
                  "status", "problems")


def save_project(*, user: User, fields: ProjectFields, project: Project | None = None) -> tuple[Project, bool]:
    """Create a project, or bring `project` in line with `fields`; returns it and whether anything changed.

    ProjectRejected for fields that break a rule; PermissionDenied (logged) outside the user's scope.
    """
    require_edit_project_of(user, fields.region)
    if project is not None and project.region_id != fields.region.pk:
        require_edit_project_of(user, project.region)
    problems = check_project_fields(fields)
    if problems:
        raise ProjectRejected([f"{_field_label(name)}：{why}" for name, why in problems])
    with transaction.atomic():
        created = project is None
        if created:
            project = Project()
        before = {name: getattr(project, name) for name in _LEDGER_FIELDS}
        project.code = fields.code
        project.name = fields.name
        project.region = fields.region
        project.owner_company = fields.owner_company
        project.category = fields.category
        project.content = fields.content
        if fields.node is not None:
            project.node = fields.node
            project.chapter_number = fields.node.chapter_number or fields.node.number
        project.total_investment_wan = fields.total_investment_wan
        project.annual_plan_wan = fields.annual_plan_wan
        project.completed_wan = fields.completed_wan
        project.planned_start = fields.planned_start
        project.planned_completion = fields.planned_completion
        project.status = fields.status
        project.problems = fields.problems
        changed = created or any(_differs(before[n], getattr(project, n)) for n in _LEDGER_FIELDS)
        if changed:
            project.save()
        if fields.plan_year and fields.annual_plan_wan is not None:
            row, made = ProjectInvestment.objects.get_or_create(
                project=project, year=fields.plan_year, month=None, defaults={"planned_wan": fields.annual_plan_wan})
            if not made and row.planned_wan != fields.annual_plan_wan:
                row.planned_wan = fields.annual_plan_wan
                row.save(update_fields=["planned_wan"])
                changed = True
            changed = changed or made
        for kind_id, wanted in fields.procedures.items():
            changed = _put_procedure(project, kind_id, wanted) or changed
        changed = refresh_open_procedures(project) or changed
    return project, changed


def _differs(old: object, new: object) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (None if old is None else Decimal(old)) != (None if new is None else Decimal(new))
    return old != new


def _field_label(name: str) -> str:
    labels = {"name": _("项目名称"), "region": _("所属地区"), "code": _("项目代码"), "total": _("总投资"),
              "completed": _("累计完成投资"), "annual_plan": _("年度计划投资"), "completion": _("计划竣工"),
              "start": _("计划开工"), "status": _("项目状态")}
    return labels.get(name, name)


def _put_procedure(project: Project, kind_id: int, wanted: ProcedureState) -> bool:
    current = ProjectProcedure.objects.filter(project=project, kind_id=kind_id).first()
    done_on = wanted.done_on if wanted.state == ProjectProcedure.State.DONE else None
    if current is None:
        if wanted.state == ProjectProcedure.State.NOT_NEEDED:
            return False  # a blank cell for a procedure never recorded: nothing to keep
        ProjectProcedure.objects.create(project=project, kind_id=kind_id, state=wanted.state, done_on=done_on)
        return True
    if current.state == wanted.state and (done_on is None and current.state == ProjectProcedure.State.DONE
                                          or current.done_on == done_on):
        return False  # a sheet that says 已办结 without a date keeps the date known already
    current.state = wanted.state
    current.done_on = done_on or (current.done_on if wanted.state == ProjectProcedure.State.DONE else None)
    current.save(update_fields=["state", "done_on"])
    return True


def refresh_open_procedures(project: Project) -> bool:
    """Bring the project's copy of its open procedure names in line with the checklist; True if it changed."""
    names = [p.kind.name for p in project.procedures.select_related("kind").filter(
        state__in=ProjectProcedure.OPEN_STATES, kind__active=True).order_by("kind__order", "kind_id")]
    if names == list(project.open_procedures) and project.has_open_procedures == bool(names):
        return False
    project.open_procedures = names
    project.has_open_procedures = bool(names)
    project.save(update_fields=["open_procedures", "has_open_procedures", "updated_at"])
    return True


def set_procedure_state(*, user: User, project: Project, kind: ProcedureKind, state: str,
                        done_on: date | None = None) -> ProjectProcedure:
    """Move one procedure of a project (办结 with its date, 办理中, …); the project's unit or the office may."""
    require_edit_project_of(user, project.region)
    if state not in ProjectProcedure.State.values:
        raise ProjectRejected([_("办理状态：应为已办结、办理中、未启动或无需办理")])
    if state == ProjectProcedure.State.DONE and done_on is None:
        raise ProjectRejected([_("办结日期：已办结的手续须填写办结日期")])
    if done_on is not None and done_on > clock.today():
        raise ProjectRejected([_("办结日期：不能晚于今天")])
    with transaction.atomic():
        _put_procedure(project, kind.pk, ProcedureState(state=state, done_on=done_on))
        refresh_open_procedures(project)
    return ProjectProcedure.objects.get(project=project, kind=kind)


@dataclass
class BlockerInput:
    description: str
    owner: str
    due_date: date | None


def record_dispatch(*, user: User, project: Project, week: str, progress: str,
                    completed_wan: Decimal | None = None, blockers: list[BlockerInput] = ()) -> DispatchRecord:
    """Record a week's dispatch (周调度) of a project with the problems holding it up (堵点); a week again replaces.

    A completed investment given here also becomes the ledger's 累计完成投资 and that month's figure.
    """
    require_edit_project_of(user, project.region)
    errors: list[str] = []
    try:
        monday = week_start(week)
    except ValueError as exc:
        errors.append(_("调度周：%(e)s") % {"e": exc})
        monday = None
    progress = (progress or "").strip()
    if not progress:
        errors.append(_("本周进展：不能为空"))
    if completed_wan is not None and (not completed_wan.is_finite() or completed_wan < 0
                                      or completed_wan > project.total_investment_wan):
        errors.append(_("累计完成投资：应在0到总投资%(t)s万元之间") % {"t": _plain(project.total_investment_wan)})
    for i, b in enumerate(blockers, start=1):
        if not b.description.strip():
            errors.append(_("堵点%(i)s：问题不能为空") % {"i": i})
        if not b.owner.strip():
            errors.append(_("堵点%(i)s：须写明责任单位") % {"i": i})
        if b.due_date is None:
            errors.append(_("堵点%(i)s：须写明解决时限") % {"i": i})
    if errors:
        raise ProjectRejected(errors)
    with transaction.atomic():
        record, _made = DispatchRecord.objects.update_or_create(
            project=project, week=canonical_week(week),
            defaults={"progress": progress, "completed_wan": completed_wan, "recorded_by": user})
        record.blockers.filter(resolved_on__isnull=True).delete()
        Blocker.objects.bulk_create([
            Blocker(project=project, dispatch=record, description=b.description.strip(), owner=b.owner.strip(),
                    due_date=b.due_date, raised_week=record.week) for b in blockers])
        if completed_wan is not None and monday is not None:
            if project.completed_wan != completed_wan:
                project.completed_wan = completed_wan
                project.save(update_fields=["completed_wan", "updated_at"])
            ProjectInvestment.objects.update_or_create(project=project, year=monday.year, month=monday.month,
                                                       defaults={"completed_wan": completed_wan})
    return record


def resolve_blocker(*, user: User, blocker: Blocker, on: date) -> Blocker:
    """Mark a 堵点 solved on a date."""
    require_edit_project_of(user, blocker.project.region)
    blocker.resolved_on = on
    blocker.save(update_fields=["resolved_on"])
    return blocker
