"""Writes of the tasks app: give out a task (分工) and report progress on it (进展报送), each in one transaction.

The page, the API, the import and the command line all call these; who may do what is asked of orgs.access.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack import clock, wording
from plantrack.core.deadlines import Deadline, read_deadline
from plantrack.core.errors import InvalidInput
from plantrack.core.periods import parse_period
from plantrack.core.text_guard import text_problem
from plantrack.errors import message_of
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan, PlanCommitment, PlanNode
from plantrack.tasks.access import require_assign_tasks, require_report_task
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.evidence import check_evidence, remove_stored, store_evidence
from plantrack.tasks.models import SupervisionItem, Task, TaskChange, TaskEvidence, TaskProgress
from plantrack.wording import join_words, period_words

if TYPE_CHECKING:
    from plantrack.tasks.importing import SheetColumn, TaskImportResult

TITLE_MAX = 500
TEXT_MAX = 5000
# A deadline an office can mean: 0001-01-01 or 9999-12-31 is a slip of the keyboard, not a plan.
DEADLINE_MIN = date(1990, 1, 1)
DEADLINE_MAX = date(2100, 12, 31)


@dataclass
class TaskFields:
    """What the planning office decides about a task; the same shape from the form, the API and an imported row."""

    title: str
    lead_unit: OrgUnit
    supporting_units: list[OrgUnit]
    deadline: Deadline
    node: PlanNode | None = None
    commitment: PlanCommitment | None = None
    indicators: list[Indicator] | None = None
    report_frequency: str = Task.Frequency.QUARTERLY
    measures: str = ""
    remarks: str = ""
    heading: str = ""
    lead_text: str = ""
    other_units: str = ""
    extra: dict[str, str] | None = None  # None: not said (a form), so an update leaves the task's extra alone


# Bounds on the texts a 分工方案, the form and the API give a task (the model's columns and a page's reach).
TEXT_BOUNDS = {"measures": TEXT_MAX, "remarks": 2000, "heading": 200, "lead_text": 200, "other_units": 500}


def task_fields(
    *,
    plan: Plan,
    title: str,
    lead_unit: OrgUnit | None,
    supporting_units: Iterable[OrgUnit] = (),
    deadline: str | date | Deadline | None,
    node: PlanNode | None = None,
    commitment: PlanCommitment | None = None,
    indicators: Iterable[Indicator] | None = (),
    report_frequency: str = Task.Frequency.QUARTERLY,
    measures: str = "",
    remarks: str = "",
    heading: str = "",
    lead_text: str = "",
    other_units: str = "",
    extra: dict[str, str] | None = None,
) -> TaskFields:
    """Check a task's fields against its plan; TaskRejected names every field that is wrong.

    `indicators=None` means "not said" (a sheet without that column): an update leaves the task's indicators alone.
    """
    errors: list[str] = []
    title = " ".join((title or "").split())
    if not title:
        errors.append(_("任务：不能为空"))
    elif why := text_problem(title, max_length=TITLE_MAX):
        errors.append(_("任务：%(why)s") % {"why": why})
    texts = {"measures": (measures or "").strip(), "remarks": (remarks or "").strip(), "heading": heading or "",
             "lead_text": lead_text or "", "other_units": other_units or ""}
    labels = {"measures": _("具体举措"), "remarks": _("备注"), "heading": _("所属章节标题"),
              "lead_text": _("牵头单位"), "other_units": _("配合单位")}
    for name, value in texts.items():
        if why := text_problem(value, max_length=TEXT_BOUNDS[name]):
            errors.append(wording.labelled(labels[name], why))
    for key, value in (extra or {}).items():
        if why := text_problem(key, max_length=50) or text_problem(value, max_length=500):
            errors.append(wording.labelled(key[:50], why))
    if lead_unit is None:
        errors.append(_("牵头单位：必须指定一个单位"))
    supporting = sorted({u.pk: u for u in supporting_units if lead_unit is None or u.pk != lead_unit.pk}.values(),
                        key=lambda u: u.path)
    read: Deadline | None = None
    if isinstance(deadline, Deadline):
        read = deadline
    else:
        try:
            read = read_deadline(deadline, plan_end_year=plan.period_end)
        except ValueError as exc:
            errors.append(_("完成时限：%(why)s") % {"why": exc})
    if read is not None and read.due is not None and not DEADLINE_MIN <= read.due <= DEADLINE_MAX:
        errors.append(_("完成时限：%(d)s不在%(a)s年至%(b)s年之间")
                      % {"d": read.due, "a": DEADLINE_MIN.year, "b": DEADLINE_MAX.year})
    if node is not None and node.version.plan_id != plan.pk:
        errors.append(_("规划章节：不属于规划“%(plan)s”") % {"plan": plan.title})
    if commitment is not None and commitment.version.plan_id != plan.pk:
        errors.append(_("量化目标：不属于规划“%(plan)s”") % {"plan": plan.title})
    chosen = None if indicators is None else list(indicators)
    foreign = [i.code for i in chosen or [] if i.plan_id != plan.pk]
    if foreign:
        errors.append(_("服务指标：%(codes)s 不属于本规划") % {"codes": join_words(foreign)})
    if report_frequency not in Task.Frequency.values:
        errors.append(_("报送频率：应为按月或按季"))
    if errors:
        raise TaskRejected(errors)
    return TaskFields(title=title, lead_unit=lead_unit, supporting_units=supporting, deadline=read, node=node,
                      commitment=commitment, indicators=chosen, report_frequency=report_frequency, extra=extra,
                      **texts)


def _chapter_of(fields: TaskFields) -> int | None:
    if fields.node is not None:
        return fields.node.chapter_number or (fields.node.number if fields.node.kind == PlanNode.Kind.CHAPTER
                                              else None)
    if fields.commitment is not None:
        return fields.commitment.chapter_number
    return None


def create_task(*, user: User, plan: Plan, fields: TaskFields) -> Task:
    """Give out a new task; only the planning office may (403, logged, for anyone else)."""
    require_assign_tasks(user)
    duplicate = TaskRejected([_("任务：本规划已有同名任务“%(t)s”") % {"t": fields.title}])
    if Task.objects.filter(plan=plan, title=fields.title).exists():
        raise duplicate
    with transaction.atomic():
        task = Task(plan=plan, created_by=user)
        _apply(task, fields)
        task.full_clean(exclude=["created_by"], validate_unique=False)
        try:
            with transaction.atomic():
                task.save()
        except IntegrityError:  # someone gave out the same task a moment ago
            raise duplicate from None
        task.supporting_units.set(fields.supporting_units)
        task.indicators.set(fields.indicators or [])
        TaskChange.objects.create(task=task, action=TaskChange.Action.CREATED, by=user,
                                  changes={"lead_unit_id": [None, task.lead_unit.code],
                                           "deadline_text": [None, task.deadline_text]})
    return task


def update_task(*, user: User, task: Task, fields: TaskFields) -> list[str]:
    """Change what the office decided about a task; returns the names of the fields that changed (none: no write).

    Each change is kept in the task's audit trail (TaskChange) with the old and new values, units by code.
    """
    require_assign_tasks(user)
    before = _snapshot(task)
    _apply(task, fields)
    after = _snapshot(task, fields)
    changed = [name for name in after if before[name] != after[name]
               and not (name == "indicators" and fields.indicators is None)]
    if not changed:
        return []
    with transaction.atomic():
        scalar = [n for n in changed if n in _SCALARS]
        if scalar:
            task.full_clean(exclude=["created_by"], validate_unique=False)
            task.save(update_fields=scalar)
        if "supporting_units" in changed:
            task.supporting_units.set(fields.supporting_units)
        if "indicators" in changed:
            task.indicators.set(fields.indicators or [])
        TaskChange.objects.create(task=task, action=TaskChange.Action.UPDATED, by=user,
                                  changes={name: [_readable(name, before[name]), _readable(name, after[name])]
                                           for name in changed})
    return changed


_SCALARS = ("lead_unit_id", "deadline", "deadline_text", "is_ongoing", "node_id", "commitment_id", "chapter_number",
            "report_frequency", "measures", "remarks", "heading", "lead_text", "other_units", "extra")


def _snapshot(task: Task, fields: TaskFields | None = None) -> dict:
    """The task's decided fields; with `fields`, the units and indicators about to be set rather than stored ones."""
    snap = {name: getattr(task, name) for name in _SCALARS}
    if fields is None:
        snap["supporting_units"] = sorted(task.supporting_units.values_list("pk", flat=True))
        snap["indicators"] = sorted(task.indicators.values_list("pk", flat=True))
    else:
        snap["supporting_units"] = sorted(u.pk for u in fields.supporting_units)
        snap["indicators"] = sorted(i.pk for i in fields.indicators or [])
    return snap


def _readable(name: str, value: object) -> str | list | None:
    """A value as the audit trail keeps it: units by code, indicators by code, dates and numbers as text."""
    if value is None:
        return None
    if name == "lead_unit_id":
        return OrgUnit.objects.filter(pk=value).values_list("code", flat=True).first()
    if name == "supporting_units":
        return list(OrgUnit.objects.filter(pk__in=value).order_by("path").values_list("code", flat=True))
    if name == "indicators":
        return list(Indicator.objects.filter(pk__in=value).order_by("code").values_list("code", flat=True))
    return str(value)


def _apply(task: Task, fields: TaskFields) -> None:
    task.title = fields.title
    task.lead_unit = fields.lead_unit
    task.deadline = fields.deadline.due
    task.deadline_text = fields.deadline.text[:100]
    task.is_ongoing = fields.deadline.ongoing
    task.node = fields.node
    task.commitment = fields.commitment
    task.chapter_number = _chapter_of(fields)
    task.report_frequency = fields.report_frequency
    task.measures, task.remarks, task.heading = fields.measures, fields.remarks, fields.heading
    task.lead_text, task.other_units = fields.lead_text, fields.other_units
    if fields.extra is not None:
        task.extra = fields.extra


# -- progress -------------------------------------------------------------------------------------------------------


def _percent(raw: object) -> Decimal:
    try:
        value = Decimal(str(raw).strip().rstrip("%")) if raw is not None and str(raw).strip() else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise InvalidInput(_("完成进度：应为 0–100 之间的数字"))
    if not Decimal(0) <= value <= Decimal(100):
        raise InvalidInput(_("完成进度：%(v)s 不在 0–100 之间") % {"v": raw})
    return value.quantize(Decimal("0.01"))


def report_progress(
    *,
    user: User,
    task: Task,
    unit: OrgUnit,
    period: str,
    text: str,
    percent: object,
    files: list[tuple[str, IO[bytes]]] | None = None,
    today: date | None = None,
) -> TaskProgress:
    """Record `unit`'s progress on `task` for `period` (again: replaces it), with evidence files.

    The lead unit's report moves the task: its percentage becomes the task's, 100% completes it, and the
    supervision items it answers (that period's missing report; being overdue, once done) are closed.
    """
    require_report_task(user, task, unit)
    today = today or clock.today()
    errors: list[str] = []
    try:
        when = parse_period(period.strip())
        if when.start_date() > today:
            errors.append(_("报告期：%(p)s 还没有开始") % {"p": period_words(when)})
    except ValueError as exc:
        when = None
        errors.append(_("报告期：%(why)s") % {"why": exc})
    text = (text or "").strip()
    if not text:
        errors.append(_("进展情况：不能为空"))
    elif len(text) > TEXT_MAX:
        errors.append(_("进展情况：不能超过%(n)s字") % {"n": TEXT_MAX})
    elif why := text_problem(text, max_length=TEXT_MAX):
        errors.append(_("进展情况：%(why)s") % {"why": why})
    try:
        value = _percent(percent)
    except ValueError as exc:
        errors.append(message_of(exc))
    if errors:
        raise TaskRejected(errors)
    files = files or []
    check_evidence(files)
    stored = store_evidence(task_id=task.pk, files=files) if files else []
    try:
        with transaction.atomic():
            now = timezone.now()
            report, _created = TaskProgress.objects.update_or_create(
                task=task, unit=unit, period=when.code,
                defaults={"text": text, "percent": value, "reported_by": user, "reported_at": now},
            )
            TaskEvidence.objects.bulk_create([
                TaskEvidence(report=report, original_name=f.original_name, stored_name=f.stored_name,
                             content_type=f.content_type, size=f.size, sha256=f.sha256)
                for f in stored
            ])
            if unit.pk == task.lead_unit_id:
                _move_task(task, when_code=when.code, percent=value, now=now, today=today)
            TaskChange.objects.create(task=task, action=TaskChange.Action.REPORTED, by=user, changes={
                "unit": [None, unit.code], "period": [None, when.code], "percent": [None, str(value)],
                "evidence": [None, [f.original_name for f in stored]]})
    except BaseException:
        remove_stored(stored)
        raise
    return report


def _move_task(task: Task, *, when_code: str, percent: Decimal, now, today: date) -> None:
    latest = parse_period(task.last_period) if task.last_period else None
    current = parse_period(when_code)
    if latest is None or not current < latest:
        task.progress = percent
        task.last_period = current.code
        # 100% asks the office to review the work (销号); only the office marks a task done.
        task.status = Task.Status.REVIEW if percent == 100 else Task.Status.OPEN
        task.completed_on = None
    task.last_reported_at = now
    task.save(update_fields=["progress", "last_period", "status", "completed_on", "last_reported_at"])
    # The report answers the items for a missed report of this period or an earlier one; being overdue is answered
    # only when the office accepts the task as done (review_done_task).
    answered = SupervisionItem.objects.filter(task=task, closed_at__isnull=True,
                                              reason=SupervisionItem.Reason.UNREPORTED)
    closing = [item.pk for item in answered if item.period and not current < parse_period(item.period)]
    if closing:
        SupervisionItem.objects.filter(pk__in=closing).update(closed_at=now,
                                                              closed_how=SupervisionItem.Closing.REPORTED)


def import_task_file(*, user: User, plan: Plan, source: Path | IO[bytes], name: str,
                     choices: dict[str, str] | None = None, remember_choices: bool = False,
                     on_progress: Callable[[int, int], None] | None = None) -> TaskImportResult:
    """Create or update the tasks of a 分工方案 (xlsx or csv) for `plan`: all or nothing, the office only.

    The reading of the sheet lives in `tasks.importing`, which builds on this module's writes; it is imported here
    when called so that each face still finds every write of the app in `tasks.services`.
    """
    from plantrack.tasks.importing import import_task_file as import_sheet

    return import_sheet(user=user, plan=plan, source=source, name=name, choices=choices,
                        remember_choices=remember_choices, on_progress=on_progress)


def task_sheet_columns(*, source: Path | IO[bytes], name: str, office: OrgUnit | None,
                       choices: dict[str, str] | None = None) -> list[SheetColumn]:
    """The columns of a 分工方案 beyond the known ones, each with the choice given or the office's saved one
    (`tasks.importing.task_sheet_columns`); reads, writes nothing."""
    from plantrack.tasks.importing import task_sheet_columns as read_columns

    return read_columns(source=source, name=name, office=office, choices=choices)
