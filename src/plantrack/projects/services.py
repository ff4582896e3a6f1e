"""Writes of the projects app: keep a ledger row, move an approval procedure, record a week's dispatch, each in one
transaction. The page, the API, the import and the command line all call these; who may is asked of `projects.access`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from plantrack import clock, wording
from plantrack.core.figures import figure_text, grouped_figure_text
from plantrack.core.project_code import parse_project_code, region_agrees
from plantrack.core.text_guard import text_problem
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
# The bounds every channel holds a project to: amounts a ledger can mean (10^10 万元 is ten times China's yearly fixed
# investment, and fits the 16-digit columns), dates an office can mean, texts a page can show.
AMOUNT_MAX_WAN = Decimal(10) ** 10
DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2100, 12, 31)
TEXT_MAX = {"name": NAME_MAX, "owner_company": 200, "category": 50, "content": 2000, "problems": 2000,
            "location": 200, "liaison_leader": 100, "responsible_unit": 200, "construction_period": 50,
            "remarks": 2000}
EXTRA_MAX_COLUMNS = 30
DISPATCH_TEXT_MAX = 2000  # a week's progress or a 堵点: a paragraph, not a document
EXTRA_KEY_MAX = 50
EXTRA_VALUE_MAX = 500
PROJECT_REGION_KINDS = (OrgUnit.Kind.PREFECTURE, OrgUnit.Kind.COUNTY, OrgUnit.Kind.REGION)


@dataclass
class ProcedureState:
    state: str
    done_on: date | None = None
    parallel: bool = False  # 并联审批, as the sheet or the page says; an import only ever sets these
    tolerant: bool = False  # 容缺受理


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
    actual_start: date | None = None
    actual_completion: date | None = None
    location: str = ""
    liaison_leader: str = ""
    responsible_unit: str = ""
    construction_period: str = ""
    remarks: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # 附加属性: the office's own columns, {header: text}


def check_project_fields(fields: ProjectFields) -> list[tuple[str, str]]:
    """Every rule a project's fields must keep, as (field, Chinese reason) pairs; empty when all is well.

    The code is normalised in place. Fields are named as ProjectFields names them, so a sheet reader can put its
    row and column in front.
    """
    problems: list[tuple[str, str]] = []
    fields.name = " ".join((fields.name or "").split())
    if not fields.name:
        problems.append(("name", _("不能为空")))
    for name, limit in TEXT_MAX.items():
        why = text_problem(getattr(fields, name) or "", max_length=limit)
        if why:
            problems.append((name, why))
    if len(fields.extra) > EXTRA_MAX_COLUMNS:
        problems.append(("extra", _("附加属性不能超过%(n)s项") % {"n": EXTRA_MAX_COLUMNS}))
    for key, value in fields.extra.items():
        why = text_problem(key, max_length=EXTRA_KEY_MAX) or text_problem(value, max_length=EXTRA_VALUE_MAX)
        if why:
            problems.append(("extra", wording.labelled(key[:EXTRA_KEY_MAX], why)))
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
    for name in ("total_investment_wan", "annual_plan_wan", "completed_wan"):
        amount = getattr(fields, name)
        if amount is not None and (not amount.is_finite() or abs(amount) > AMOUNT_MAX_WAN):
            problems.append(({"total_investment_wan": "total", "annual_plan_wan": "annual_plan"}.get(name, "completed"),
                             _("金额超出范围（不能超过%(m)s万元）") % {"m": grouped_figure_text(AMOUNT_MAX_WAN)}))
            return problems  # the comparisons below would overflow on such a number
    for name in ("planned_start", "planned_completion", "actual_start", "actual_completion"):
        day = getattr(fields, name)
        if day is not None and not DATE_MIN <= day <= DATE_MAX:
            problems.append(({"planned_start": "start", "planned_completion": "completion"}.get(name, name),
                             _("日期%(d)s不在%(a)s年至%(b)s年之间")
                             % {"d": day, "a": DATE_MIN.year, "b": DATE_MAX.year}))
    if fields.actual_start is not None and fields.actual_start > clock.today():
        problems.append(("actual_start", _("实际开工日期%(d)s晚于今天") % {"d": fields.actual_start}))
    if fields.total_investment_wan < 0:
        problems.append(("total", _("不能为负数")))
    if fields.completed_wan < 0:
        problems.append(("completed", _("不能为负数")))
    elif fields.completed_wan > fields.total_investment_wan:
        problems.append(("completed", _("累计完成投资%(c)s万元大于总投资%(t)s万元")
                         % {"c": figure_text(fields.completed_wan), "t": figure_text(fields.total_investment_wan)}))
    if fields.annual_plan_wan is not None and fields.annual_plan_wan < 0:
        problems.append(("annual_plan", _("不能为负数")))
    if fields.planned_start and fields.planned_completion and fields.planned_completion < fields.planned_start:
        problems.append(("completion", _("计划竣工早于计划开工")))
    if fields.status not in Project.Status.values:
        problems.append(("status", _("应为谋划、前期、在建或竣工")))
    return problems


_LEDGER_FIELDS = ("code", "name", "region_id", "owner_company", "category", "content", "node_id", "chapter_number",
                  "total_investment_wan", "annual_plan_wan", "completed_wan", "planned_start", "planned_completion",
                  "status", "problems", "actual_start", "actual_completion", "location", "liaison_leader",
                  "responsible_unit", "construction_period", "remarks", "extra")
# The fields copied as they are from ProjectFields onto the project.
COPIED_FIELDS = ("code", "name", "owner_company", "category", "content", "total_investment_wan", "annual_plan_wan",
                 "completed_wan", "planned_start", "planned_completion", "status", "problems", "actual_start",
                 "actual_completion", "location", "liaison_leader", "responsible_unit", "construction_period",
                 "remarks", "extra")


def save_project(*, user: User, fields: ProjectFields, project: Project | None = None) -> tuple[Project, bool]:
    """Create a project, or bring `project` in line with `fields`; returns it and whether anything changed.

    ProjectRejected for fields that break a rule; PermissionDenied (logged) outside the user's scope.
    """
    require_edit_project_of(user, fields.region)
    if project is not None and project.region_id != fields.region.pk:
        require_edit_project_of(user, project.region)
    problems = check_project_fields(fields)
    if problems:
        raise ProjectRejected([wording.labelled(_field_label(name), why) for name, why in problems])
    with transaction.atomic():
        created = project is None
        if created:
            project = Project()
        before = {name: getattr(project, name) for name in _LEDGER_FIELDS}
        apply_fields(project, fields)
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


def apply_fields(project: Project, fields: ProjectFields) -> None:
    """Put checked fields onto a project (not saved): one place for the form, the API and the set-based import."""
    for name in COPIED_FIELDS:
        setattr(project, name, getattr(fields, name))
    project.region = fields.region
    if fields.node is not None:
        project.node = fields.node
        project.chapter_number = fields.node.chapter_number or fields.node.number


def ledger_fields_differ(before: dict, project: Project) -> bool:
    return any(_differs(before[n], getattr(project, n)) for n in _LEDGER_FIELDS)


def ledger_snapshot(project: Project) -> dict:
    return {name: getattr(project, name) for name in _LEDGER_FIELDS}


def _differs(old: object, new: object) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return (None if old is None else Decimal(old)) != (None if new is None else Decimal(new))
    return old != new


def _field_label(name: str) -> str:
    labels = {"name": _("项目名称"), "region": _("所属地区"), "code": _("项目代码"), "total": _("总投资"),
              "completed": _("累计完成投资"), "annual_plan": _("年度计划投资"), "completion": _("计划竣工"),
              "start": _("计划开工"), "status": _("项目状态"), "actual_start": _("实际开工"),
              "actual_completion": _("实际竣工"), "location": _("建设地点"), "liaison_leader": _("包联领导"),
              "responsible_unit": _("责任单位"), "construction_period": _("建设起止年限"), "remarks": _("备注"),
              "extra": _("附加属性"), "owner_company": _("项目单位"), "category": _("项目类别"),
              "content": _("建设内容"), "problems": _("存在问题")}
    return labels.get(name, name)


def procedure_change(current: ProjectProcedure | None, wanted: ProcedureState) -> dict | None:
    """What must change on a project's procedure to match `wanted` (field → value), {} for a new row, None for
    nothing. One rule for the page, the API and the set-based import.

    A sheet that says 已办结 without a date keeps the date known already; 并联/容缺 are only ever set from a sheet;
    `opened_on` is the first day the procedure was seen open (by the one clock), so its days open can be counted.
    """
    done_on = wanted.done_on if wanted.state == ProjectProcedure.State.DONE else None
    is_open = wanted.state in ProjectProcedure.OPEN_STATES
    if current is None:
        return {"state": wanted.state, "done_on": done_on, "parallel": wanted.parallel, "tolerant": wanted.tolerant,
                "opened_on": clock.today() if is_open else None}
    change: dict = {}
    if current.state != wanted.state:
        change["state"] = wanted.state
    if wanted.state == ProjectProcedure.State.DONE:
        if done_on is not None and current.done_on != done_on:
            change["done_on"] = done_on
    elif current.done_on is not None:
        change["done_on"] = None
    if wanted.parallel and not current.parallel:
        change["parallel"] = True
    if wanted.tolerant and not current.tolerant:
        change["tolerant"] = True
    if is_open and current.opened_on is None:
        change["opened_on"] = clock.today()
    return change or None


def _put_procedure(project: Project, kind_id: int, wanted: ProcedureState) -> bool:
    current = ProjectProcedure.objects.filter(project=project, kind_id=kind_id).first()
    change = procedure_change(current, wanted)
    if change is None:
        return False
    if current is None:
        ProjectProcedure.objects.create(project=project, kind_id=kind_id, **change)
        return True
    for name, value in change.items():
        setattr(current, name, value)
    current.save(update_fields=list(change))
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
                        done_on: date | None = None, department: str | None = None,
                        expected_on: date | None = None, parallel: bool | None = None,
                        tolerant: bool | None = None) -> ProjectProcedure:
    """Move one procedure of a project (办结 with its date, 办理中, …), with its approving department, expected date
    and 并联/容缺 flags (None: left as they are); the project's unit or the office may."""
    require_edit_project_of(user, project.region)
    if state not in ProjectProcedure.State.values:
        raise ProjectRejected([_("办理状态：应为已办结、办理中、未启动、无需办理或未填写")])
    if state == ProjectProcedure.State.DONE and done_on is None:
        raise ProjectRejected([_("办结日期：已办结的手续须填写办结日期")])
    if done_on is not None and done_on > clock.today():
        raise ProjectRejected([_("办结日期：不能晚于今天")])
    if done_on is not None and done_on < DATE_MIN:
        raise ProjectRejected([_("办结日期：不能早于%(a)s年") % {"a": DATE_MIN.year}])
    if expected_on is not None and not DATE_MIN <= expected_on <= DATE_MAX:
        raise ProjectRejected([_("预计办结：应在%(a)s年至%(b)s年之间") % {"a": DATE_MIN.year, "b": DATE_MAX.year}])
    if department is not None and (why := text_problem(department.strip(), max_length=100)):
        raise ProjectRejected([_("审批部门：%(why)s") % {"why": why}])
    with transaction.atomic():
        _put_procedure(project, kind.pk, ProcedureState(state=state, done_on=done_on))
        proc = ProjectProcedure.objects.get(project=project, kind=kind)
        details = {"department": None if department is None else department.strip(), "expected_on": expected_on,
                   "parallel": parallel, "tolerant": tolerant}
        # A form that sends the department sends the expected date too, so a blank date there clears it.
        given = {name for name, value in details.items() if value is not None}
        if department is not None:
            given.add("expected_on")
        changed = [name for name in given if getattr(proc, name) != details[name]]
        for name in changed:
            setattr(proc, name, details[name])
        if changed:
            proc.save(update_fields=changed)
        refresh_open_procedures(project)
    return proc


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
    if monday is not None and monday > clock.today():
        errors.append(_("调度周：%(w)s尚未到来") % {"w": canonical_week(week)})
    progress = (progress or "").strip()
    if not progress:
        errors.append(_("本周进展：不能为空"))
    elif why := text_problem(progress, max_length=DISPATCH_TEXT_MAX):
        errors.append(_("本周进展：%(why)s") % {"why": why})
    if completed_wan is not None and (not completed_wan.is_finite() or completed_wan < 0
                                      or completed_wan > project.total_investment_wan):
        errors.append(_("累计完成投资：应在0到总投资%(t)s万元之间") % {"t": figure_text(project.total_investment_wan)})
    for i, b in enumerate(blockers, start=1):
        if not b.description.strip():
            errors.append(_("堵点%(i)s：问题不能为空") % {"i": i})
        elif why := text_problem(b.description, max_length=DISPATCH_TEXT_MAX):
            errors.append(_("堵点%(i)s：%(why)s") % {"i": i, "why": why})
        if not b.owner.strip():
            errors.append(_("堵点%(i)s：须写明责任单位") % {"i": i})
        elif why := text_problem(b.owner, max_length=100):
            errors.append(_("堵点%(i)s责任单位：%(why)s") % {"i": i, "why": why})
        if b.due_date is None:
            errors.append(_("堵点%(i)s：须写明解决时限") % {"i": i})
        elif not DATE_MIN <= b.due_date <= DATE_MAX:
            errors.append(_("堵点%(i)s：解决时限%(d)s不在%(a)s年至%(b)s年之间")
                          % {"i": i, "d": b.due_date, "a": DATE_MIN.year, "b": DATE_MAX.year})
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
