"""Pages of the tasks app: the overview, a unit's tasks, one task with its progress, giving out tasks, importing a
分工方案, evidence downloads and the supervision list. Views read the request, call services/selectors, render."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plantrack.orgs.access import access_unit_by_code, reads_every_unit
from plantrack.plans.models import Plan, PlanCommitment, PlanNode
from plantrack.plans.selectors import current_version
from plantrack.tasks import selectors
from plantrack.tasks.access import (
    access_task_by_id,
    access_task_plan_import_job,
    can_assign_tasks,
    can_run_supervision,
    require_assign_tasks,
    require_report_task,
    tasks_in_scope,
)
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.evidence import evidence_path
from plantrack.tasks.export import division_of_work_workbook
from plantrack.tasks.forms import ProgressForm, TaskFileForm, TaskForm
from plantrack.tasks.jobs import enqueue_task_plan_import, task_plan_runs_in_background
from plantrack.tasks.models import SupervisionItem, TaskEvidence
from plantrack.tasks.services import (
    create_task,
    import_task_file,
    report_progress,
    task_fields,
    task_sheet_columns,
    update_task,
)
from plantrack.tasks.supervision import cancel_supervision_item, review_done_task, run_supervision
from plantrack.uploads.staging import discard, stage_upload, staged_file

PAGE_SIZE = 100


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The office (and leaders, supervisors) see every unit's tasks by state; a unit goes to its own tasks."""
    user = request.user
    if not reads_every_unit(user):
        if user.unit is None:
            raise Http404("no unit")
        return redirect("tasks:unit", code=user.unit.code)
    return render(request, "tasks/index.html", {
        "overview": selectors.unit_overview(user=user), "states": selectors.STATES,
        "can_assign": can_assign_tasks(user),
    })


@login_required
def unit_tasks(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit_by_code(request.user, code)
    state = request.GET.get("state") or None
    view = selectors.tasks_for_unit(user=request.user, unit=unit, state=state)
    paginator = Paginator(view.tasks, PAGE_SIZE)
    # The state counts already hold the number of rows; the paginator need not count them again.
    paginator.count = view.counts[state] if state in view.counts else view.total
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "tasks/unit.html", {
        "view": view, "page": page, "state": state,
        "state_counts": [(key, label, view.counts[key]) for key, label in selectors.STATES.items()],
        "supervision": selectors.open_supervision(user=request.user, unit=unit)[:50],
        "can_assign": can_assign_tasks(request.user),
    })


def _id(raw: str | None) -> int:
    """An id from the query string or form; 0 (matches nothing) for anything that is not a whole number."""
    return int(raw) if raw and raw.isdigit() else 0


def _version_for(request: HttpRequest, node: PlanNode | None, commitment: PlanCommitment | None):
    if node is not None:
        return node.version
    if commitment is not None:
        return commitment.version
    plan = Plan.objects.filter(pk=_id(request.GET.get("plan") or request.POST.get("plan"))).first()
    return current_version(plan)


@login_required
def new_task(request: HttpRequest) -> HttpResponse:
    """分配任务 from a plan node (?node=ID) or a commitment (?commitment=ID); the planning office only."""
    user = request.user
    require_assign_tasks(user)
    source = request.POST if request.method == "POST" else request.GET
    node = PlanNode.objects.select_related("version__plan").filter(pk=_id(source.get("node"))).first()
    commitment = PlanCommitment.objects.select_related("version__plan", "node").filter(
        pk=_id(source.get("commitment"))).first()
    if commitment is not None and node is None:
        node = commitment.node
    version = _version_for(request, node, commitment)
    if version is None:
        messages.error(request, _("还没有导入规划：请先导入规划纲要"))
        return redirect("tasks:index")
    initial = {"node": node, "title": commitment.quote if commitment else ""}
    form = TaskForm(request.POST or None, version=version, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                fields = task_fields(
                    plan=version.plan, title=data["title"], lead_unit=data["lead_unit"],
                    supporting_units=data["supporting_units"], deadline=data["deadline"], node=data["node"],
                    commitment=commitment, indicators=data["indicators"], report_frequency=data["report_frequency"],
                    measures=data["measures"], remarks=data["remarks"],
                )
                task = create_task(user=user, plan=version.plan, fields=fields)
            except TaskRejected as exc:
                for message in exc.errors:
                    form.add_error(None, message)
            else:
                messages.success(request, _("已分配任务“%(t)s”给%(u)s") % {"t": task.title, "u": task.lead_unit.name})
                return redirect("tasks:detail", task_id=task.pk)
        status = 400
    return render(request, "tasks/new.html", {"form": form, "version": version, "commitment": commitment},
                  status=status)


@login_required
def edit_task(request: HttpRequest, task_id: int) -> HttpResponse:
    """The office changes a task: its lead or supporting units, deadline, node or indicators (the title stays)."""
    require_assign_tasks(request.user)
    task = access_task_by_id(request.user, task_id)
    version = task.node.version if task.node else current_version(task.plan)
    initial = {"title": task.title, "node": task.node, "lead_unit": task.lead_unit,
               "supporting_units": list(task.supporting_units.all()), "deadline": task.deadline_text,
               "indicators": list(task.indicators.all()), "report_frequency": task.report_frequency,
               "measures": task.measures, "remarks": task.remarks}
    form = TaskForm(request.POST or None, version=version, initial=initial)
    form.fields["title"].disabled = True  # a task is known by its title: importing the 分工方案 again finds it
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                fields = task_fields(
                    plan=task.plan, title=task.title, lead_unit=data["lead_unit"],
                    supporting_units=data["supporting_units"], deadline=data["deadline"], node=data["node"],
                    commitment=task.commitment, indicators=data["indicators"],
                    report_frequency=data["report_frequency"], measures=data["measures"], remarks=data["remarks"],
                    heading=task.heading, lead_text=task.lead_text, other_units=task.other_units,
                )
                changed = update_task(user=request.user, task=task, fields=fields)
            except TaskRejected as exc:
                for message in exc.errors:
                    form.add_error(None, message)
            else:
                messages.success(request, _("任务已修改") if changed else _("没有修改"))
                return redirect("tasks:detail", task_id=task.pk)
        status = 400
    return render(request, "tasks/new.html", {"form": form, "version": version, "task": task}, status=status)


@login_required
def detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access_task_by_id(request.user, task_id)
    view = selectors.task_view(user=request.user, task=task)
    form = ProgressForm(units=view.reporter_units, frequency=task.report_frequency) if view.reporter_units else None
    return render(request, "tasks/detail.html",
                  {"view": view, "form": form, "can_assign": can_assign_tasks(request.user)})


@login_required
@require_POST
def report(request: HttpRequest, task_id: int) -> HttpResponse:
    """进展报送 with evidence files; a refused report is shown again with every reason and nothing stored."""
    task = access_task_by_id(request.user, task_id)
    view = selectors.task_view(user=request.user, task=task)
    if not view.reporter_units:
        require_report_task(request.user, task, task.lead_unit)  # refuses (403, logged): no unit to report for
    form = ProgressForm(request.POST, units=view.reporter_units, frequency=task.report_frequency)
    if form.is_valid():
        files = [(f.name, f) for f in request.FILES.getlist("evidence")]
        data = form.cleaned_data
        try:
            report_progress(user=request.user, task=task, unit=data["unit"], period=data["period"],
                            text=data["text"], percent=data["percent"], files=files)
        except TaskRejected as exc:
            for message in exc.errors:
                form.add_error(None, message)
        else:
            messages.success(request, _("进展已报送"))
            return redirect("tasks:detail", task_id=task.pk)
    return render(request, "tasks/detail.html", {"view": view, "form": form}, status=400)


@login_required
def evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    """Download an evidence file; only readers of its task may (403, logged, for anyone else)."""
    item = get_object_or_404(TaskEvidence.objects.select_related("report"), pk=evidence_id)
    access_task_by_id(request.user, item.report.task_id)
    path = evidence_path(item.stored_name)
    if not path.is_file():
        raise Http404(item.original_name)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=item.original_name,  # noqa: SIM115
                        content_type=item.content_type)


@login_required
@require_POST
def cancel_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """销号: the office closes a 督办 item with a note."""
    require_assign_tasks(request.user)
    item = get_object_or_404(SupervisionItem, pk=item_id)
    try:
        cancel_supervision_item(user=request.user, item=item, note=request.POST.get("note", ""))
    except TaskRejected as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(request, _("督办事项已销号"))
    return redirect("tasks:supervision")


@login_required
@require_POST
def review(request: HttpRequest, task_id: int) -> HttpResponse:
    """The office accepts a task its lead unit reported done, or sends it back with a note."""
    require_assign_tasks(request.user)
    task = access_task_by_id(request.user, task_id)
    try:
        review_done_task(user=request.user, task=task, accept=request.POST.get("decision") == "accept",
                         note=request.POST.get("note", ""))
    except TaskRejected as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(request, _("已审核"))
    return redirect("tasks:detail", task_id=task.pk)


@login_required
def export_file(request: HttpRequest) -> HttpResponse:
    """导出分工方案: the tasks the user may read, in the layout the import reads back."""
    data = division_of_work_workbook(tasks_in_scope(request.user), title=_("重点任务分工方案"))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="tasks.xlsx"'
    return response


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    """督办 list: open items in the reader's scope; the planning office can run the check now."""
    user = request.user
    if request.method == "POST":
        run = run_supervision(user=user)
        messages.success(request, _("督办检查完成：新增%(o)s项，办结%(c)s项，未办结%(n)s项")
                         % {"o": run.opened, "c": run.closed, "n": run.open_total})
        return redirect("tasks:supervision")
    return render(request, "tasks/supervision.html", {
        "items": selectors.open_supervision(user=user), "can_run": can_run_supervision(user),
    })


@login_required
def import_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """A 分工方案 import running in the worker: queued, running (rows written of all), done or refused."""
    job = access_task_plan_import_job(request.user, job_id)
    return render(request, "tasks/import_job.html", {"job": job})


@login_required
def import_job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """The part of the job page that polls itself (htmx, every second) until the import is done or refused."""
    job = access_task_plan_import_job(request.user, job_id)
    response = render(request, "tasks/_import_job.html", {"job": job})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """导入分工方案: the same import as `plantrack import-tasks`; the planning office only. A sheet with columns the
    upload did not settle goes through a second step: each such column is kept or ignored (the office's saved
    choice pre-filled, marked 按本单位上次的选择), optionally remembered for the office, and confirmed."""
    require_assign_tasks(request.user)
    if request.method == "POST" and "token" in request.POST:
        return _import_staged(request)
    form = TaskFileForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            plan = form.cleaned_data["plan"]
            choices = {h: "keep" for h in re.split(r"[、，,\s]+", form.cleaned_data["keep"]) if h}
            choices |= {h: "ignore" for h in re.split(r"[、，,\s]+", form.cleaned_data["ignore"]) if h}
            try:
                columns = task_sheet_columns(source=upload, name=upload.name, office=request.user.unit,
                                             choices=choices)
            except TaskRejected as exc:
                errors = exc.errors
            else:
                if any(c.header not in choices for c in columns):
                    token = stage_upload(upload, kind=TASK_PLAN_STAGE, session=request.session,
                                         user_id=request.user.pk)
                    return _columns_page(request, token=token, plan=plan, columns=columns)
                response = _run_import(request, source=upload, name=upload.name, size=upload.size, plan=plan,
                                       choices=choices, remember=False)
                if not isinstance(response, list):
                    return response
                errors = response
        status = 400
    return render(request, "tasks/import.html", {"form": form, "errors": errors}, status=status)


TASK_PLAN_STAGE = "division_of_work"
TASK_COLUMN_CHOICES = ("keep", "ignore")


def _run_import(request: HttpRequest, *, source, name: str, size: int, plan: Plan, choices: dict[str, str],
                remember: bool) -> HttpResponse | list[str]:
    """Import (or queue) the file; the refusal's errors when it is refused."""
    if task_plan_runs_in_background(size):
        if hasattr(source, "open") and not hasattr(source, "read"):
            with source.open("rb") as fh:
                job_id = enqueue_task_plan_import(user=request.user, upload=fh, name=name, plan=plan,
                                                  choices=choices, remember_choices=remember)
        else:
            job_id = enqueue_task_plan_import(user=request.user, upload=source, name=name, plan=plan,
                                              choices=choices, remember_choices=remember)
        return redirect("tasks:import_job", job_id=job_id)
    try:
        result = import_task_file(user=request.user, plan=plan, source=source, name=name, choices=choices,
                                  remember_choices=remember)
    except TaskRejected as exc:
        return exc.errors
    for note in result.notes:
        messages.info(request, note)
    messages.success(request, _("分工方案已导入：%(s)s") % {"s": result.summary()})
    if remember and choices:
        messages.info(request, _("已为本单位记住这些列的处理方式"))
    return redirect("tasks:import")


def _columns_page(request: HttpRequest, *, token: str, plan: Plan, columns: list, errors: list[str] = (),
                  remember: bool = False) -> HttpResponse:
    undecided = [c for c in columns if c.choice is None]
    return render(request, "tasks/import_columns.html", {
        "token": token, "plan": plan, "columns": list(enumerate(columns)), "errors": list(errors),
        "undecided": undecided, "remember": remember,
    }, status=400 if undecided or errors else 200)


def _import_staged(request: HttpRequest) -> HttpResponse:
    """The second step: the staged file imported with the column choices made on the page, or cancelled."""
    token = request.POST["token"][:64]
    if "cancel" in request.POST:
        discard(token, session=request.session)
        messages.info(request, _("已取消导入，没有写入任何任务"))
        return redirect("tasks:import")
    staged = staged_file(token, kind=TASK_PLAN_STAGE, session=request.session, user_id=request.user.pk)
    plan_id = request.POST.get("plan", "")
    plan = Plan.objects.filter(pk=plan_id).first() if plan_id.isdigit() else None
    if staged is None or plan is None:
        discard(token, session=request.session)
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("tasks:import")
    path, name = staged
    choices = {}
    count = request.POST.get("columns", "")
    for i in range(min(int(count), 200) if count.isdigit() and len(count) < 4 else 0):
        key, choice = request.POST.get(f"col-{i}-key", ""), request.POST.get(f"col-{i}-choice", "")
        if key and choice in TASK_COLUMN_CHOICES:
            choices[key[:100]] = choice
    remember = request.POST.get("remember") == "1"
    try:
        columns = task_sheet_columns(source=path, name=name, office=request.user.unit, choices=choices)
    except TaskRejected as exc:  # the staged file was read once; a later refusal still answers, never a 500
        discard(token, session=request.session)
        return render(request, "tasks/import.html", {"form": TaskFileForm(), "errors": exc.errors}, status=400)
    if "confirm" not in request.POST or any(c.choice is None for c in columns):
        return _columns_page(request, token=token, plan=plan, columns=columns, remember=remember)
    response = _run_import(request, source=path, name=name, size=path.stat().st_size, plan=plan, choices=choices,
                           remember=remember)
    if isinstance(response, list):
        return _columns_page(request, token=token, plan=plan, columns=columns, errors=response, remember=remember)
    discard(token, session=request.session)
    return response
