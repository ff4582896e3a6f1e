"""Pages of the projects app: the ledger with the one-click "手续未办结" filter, a project with its procedures and
dispatch, import/export of the ledger, the dispatch sheet and the monthly review (月研判). Views read the request, call
services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plantrack import clock, wording
from plantrack.core.weeks import week_of
from plantrack.errors import message_of
from plantrack.operations.office_pdf import PdfConversionFailed
from plantrack.orgs.access import access_unit_by_code, deny, units_in_scope
from plantrack.orgs.models import OrgUnit
from plantrack.projects import selectors
from plantrack.projects.access import access_ledger_import_job, access_project_by_id, can_edit_project_of
from plantrack.projects.dispatch_sheet import (
    FORMATS,
    GROUPINGS,
    build_dispatch_sheet,
    page_pdf_timeout,
    render_dispatch_sheet,
)
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.forms import DispatchForm, LedgerFileForm, ProcedureForm, ReviewForm
from plantrack.projects.jobs import enqueue_ledger_import, ledger_runs_in_background
from plantrack.projects.ledger import (
    FIELD_LABELS,
    import_ledger,
    ledger_workbook,
    may_import_ledger,
    preview_ledger,
)
from plantrack.projects.models import Blocker, ProcedureKind, Project
from plantrack.projects.monthly_review import (
    BREAKDOWNS,
    DEFAULT_LAG_RATIO,
    DEFAULT_LONG_OPEN_DAYS,
    breakdown_label,
    build_monthly_review,
    last_ended_month,
    render_monthly_review,
    review_tables,
)
from plantrack.projects.services import BlockerInput, record_dispatch, resolve_blocker, set_procedure_state
from plantrack.uploads.staging import discard, note_rows, stage_upload, staged_file, staged_rows

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"xlsx": XLSX, "docx": DOCX, "pdf": "application/pdf"}


def _filters(request: HttpRequest):
    unit = access_unit_by_code(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    status = request.GET.get("status") or None
    if status not in (None, *Project.Status.values):
        status = None
    return unit, status, request.GET.get("open") == "1", (request.GET.get("q") or "").strip()[:100]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """重大项目台账: the projects in the user's scope; "手续未办结" (?open=1) is one click."""
    unit, status, open_only, search = _filters(request)
    projects = selectors.projects_for(user=request.user, unit=unit, status=status, open_only=open_only,
                                      search=search)
    page = Paginator(projects.only("pk", "name", "code", "region__name", "category", "status",
                                   "total_investment_wan", "completed_wan", "open_procedures"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "projects/index.html", {
        "page": page, "unit": unit, "status": status, "open_only": open_only, "search": search,
        "statuses": Project.Status.choices, "query": query.urlencode(),
        "this_week": week_of(clock.today()), "formats": FORMATS,
        "can_import": may_import_ledger(request.user),
    })


@login_required
def detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project_by_id(request.user, project_id)
    kinds = list(ProcedureKind.objects.filter(active=True))
    states = {p.kind_id: p for p in project.procedures.all()}
    return render(request, "projects/detail.html", {
        "project": project, "can_edit": can_edit_project_of(request.user, project.region),
        "procedures": [(k, states.get(k.pk), _days_open(states.get(k.pk))) for k in kinds],
        "states": ProcedureForm().fields["state"].choices,
        "dispatches": project.dispatches.prefetch_related("blockers")[:20],
        "blockers": project.blockers.filter(resolved_on__isnull=True),
        "investments": project.investments.all(),
        "dispatch_form": DispatchForm(initial={"week": week_of(clock.today())}), "today": clock.today(),
    })


def _days_open(proc) -> int | None:
    """How long an open procedure has been open, counted by the one clock from when it was first seen open."""
    if proc is None or not proc.is_open or proc.opened_on is None:
        return None
    return (clock.today() - proc.opened_on).days


@login_required
@require_POST
def procedure(request: HttpRequest, project_id: int, kind_id: int) -> HttpResponse:
    project = access_project_by_id(request.user, project_id)
    kind = get_object_or_404(ProcedureKind, pk=kind_id)
    form = ProcedureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("办理状态或日期无效"))
    else:
        try:
            data = form.cleaned_data
            set_procedure_state(user=request.user, project=project, kind=kind, state=data["state"],
                                done_on=data["done_on"], department=data["department"],
                                expected_on=data["expected_on"], parallel=data["parallel"],
                                tolerant=data["tolerant"])
        except ProjectRejected as exc:
            for message in exc.errors:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(k)s”已更新") % {"k": kind.name})
    return redirect("projects:detail", project_id=project.pk)


@login_required
@require_POST
def dispatch(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project_by_id(request.user, project_id)
    form = DispatchForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, wording.labelled(label, wording.join_clauses(errors)))
        return redirect("projects:detail", project_id=project.pk)
    data = form.cleaned_data
    blockers = []
    if data["blocker"] or data["blocker_owner"] or data["blocker_due"]:
        blockers.append(BlockerInput(data["blocker"], data["blocker_owner"], data["blocker_due"]))
    try:
        record_dispatch(user=request.user, project=project, week=data["week"], progress=data["progress"],
                        completed_wan=data["completed_wan"], blockers=blockers)
    except ProjectRejected as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(request, _("已记录%(w)s调度情况") % {"w": data["week"]})
    return redirect("projects:detail", project_id=project.pk)


@login_required
@require_POST
def resolve(request: HttpRequest, blocker_id: int) -> HttpResponse:
    blocker = Blocker.objects.select_related("project").filter(pk=blocker_id).first()
    if blocker is None:
        raise Http404(blocker_id)
    project = access_project_by_id(request.user, blocker.project_id)
    resolve_blocker(user=request.user, blocker=blocker, on=clock.today())
    messages.success(request, _("堵点已解决"))
    return redirect("projects:detail", project_id=project.pk)


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    """导入项目台账, in two steps: the upload is read and previewed (every column and what it becomes, headings,
    totals, notes, the first rows as stored); the clerk settles each unknown column and confirms. The same service
    as `plantrack import-projects`, within what the user may edit."""
    if not may_import_ledger(request.user):
        raise deny(request.user, request.user.unit, "import project ledger")
    form = LedgerFileForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "projects/import.html", {"form": form, "errors": []})
    if "token" not in request.POST:
        if not form.is_valid():
            return render(request, "projects/import.html", {"form": form, "errors": []}, status=400)
        data = form.cleaned_data
        options = {"unit": (data["unit"] or "").strip(), "year": data["year"], "week": (data["week"] or "").strip()}
        token = stage_upload(data["file"], kind="ledger", session=request.session, user_id=request.user.pk)
        return _preview_page(request, token, options, choices={}, errors=[])
    token = request.POST["token"]
    options = {"unit": request.POST.get("unit", "").strip()[:32], "week": request.POST.get("week", "").strip()[:10],
               "year": int(request.POST["year"]) if request.POST.get("year", "").isdigit() else None}
    choices = {}
    for i in range(int(request.POST.get("columns", "0") or 0) if request.POST.get("columns", "").isdigit() else 0):
        key, choice = request.POST.get(f"col-{i}-key", ""), request.POST.get(f"col-{i}-choice", "")
        if key and choice:
            choices[key[:100]] = choice[:40]
    if "confirm" not in request.POST:
        return _preview_page(request, token, options, choices=choices, errors=[])
    staged = staged_file(token, kind="ledger", session=request.session, user_id=request.user.pk)
    if staged is None:
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("projects:import")
    path, name = staged
    remember = request.POST.get("remember") == "1"
    if ledger_runs_in_background(path, staged_rows(token, session=request.session)):
        _import_options(request, options)  # the unit chosen must be the user's to use before anything is queued
        job_id = enqueue_ledger_import(user=request.user, path=path, name=name, unit=options["unit"],
                                       year=options["year"], week=options["week"], choices=choices,
                                       remember_choices=remember)
        discard(token, session=request.session)
        return redirect("projects:import_job", job_id=job_id)
    try:
        result = import_ledger(user=request.user, source=path, name=name, choices=choices,
                               remember_choices=remember,
                               **_import_options(request, options))
    except ProjectRejected as exc:
        return _preview_page(request, token, options, choices=choices, errors=exc.errors)
    discard(token, session=request.session)
    messages.success(request, _("项目台账已导入：%(s)s") % {"s": result.summary()})
    for note in result.notes[:20]:
        messages.info(request, note)
    return redirect("projects:index")


@login_required
def import_job(request: HttpRequest, job_id: str) -> HttpResponse:
    """A ledger import running in the worker: queued, running (rows written of all), done with its summary and a
    link to the ledger, or refused with its reasons (nothing written). Its user and the office only."""
    job = access_ledger_import_job(request.user, job_id)
    return render(request, "projects/import_job.html", {"job": job})


@login_required
def import_job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """The part of the job page that polls itself (htmx, every second) until the import is done or refused."""
    job = access_ledger_import_job(request.user, job_id)
    response = render(request, "projects/_import_job.html", {"job": job})
    response["Cache-Control"] = "no-store"
    return response


def _import_options(request: HttpRequest, options: dict) -> dict:
    return {"unit": access_unit_by_code(request.user, options["unit"]) if options["unit"] else None,
            "year": options["year"], "week": options["week"] or None}


def _preview_page(request: HttpRequest, token: str, options: dict, *, choices: dict, errors: list[str]):
    staged = staged_file(token, kind="ledger", session=request.session, user_id=request.user.pk)
    if staged is None:
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("projects:import")
    path, name = staged
    try:
        preview = preview_ledger(user=request.user, source=path, name=name, choices=choices,
                                 **_import_options(request, options))
    except ProjectRejected as exc:
        discard(token, session=request.session)
        return render(request, "projects/import.html", {"form": LedgerFileForm(), "errors": exc.errors}, status=400)
    note_rows(token, session=request.session, rows=len(preview.rows))
    field_choices = [(f"field:{key}", label) for key, label in FIELD_LABELS.items() if key != "seq"]
    return render(request, "projects/import_preview.html", {
        "preview": preview, "token": token, "options": options, "choices": choices, "errors": errors,
        "field_choices": field_choices, "columns": list(enumerate(preview.columns)),
        "blocking": bool(errors or preview.errors or preview.unknown),
    }, status=400 if errors or preview.errors else 200)


@login_required
def export_ledger(request: HttpRequest) -> HttpResponse:
    unit, status, open_only, search = _filters(request)
    projects = selectors.projects_for(user=request.user, unit=unit, status=status, open_only=open_only,
                                      search=search)
    data = ledger_workbook(projects, title=_("重大项目台账"))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="projects.xlsx"'
    return response


@login_required
def dispatch_sheet(request: HttpRequest) -> HttpResponse:
    """周调度表 for ?week=2027-W14[&unit=CODE]&format=xlsx|docx|pdf[&group=category|place|region][&blockers=1]
    [&open=1][&unreported=1][&detail=1]."""
    unit = access_unit_by_code(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        fmt = "xlsx"
    group_by = request.GET.get("group", "category")
    try:
        sheet = build_dispatch_sheet(user=request.user, week=request.GET.get("week", ""), unit=unit,
                                     group_by=group_by if group_by in GROUPINGS else "category",
                                     with_blockers=request.GET.get("blockers") == "1",
                                     with_open_procedures=request.GET.get("open") == "1",
                                     unreported=request.GET.get("unreported") == "1",
                                     detail=request.GET.get("detail") == "1" or None)
    except ValueError as exc:
        messages.error(request, message_of(exc))
        return redirect("projects:index")
    try:
        data = render_dispatch_sheet(sheet, fmt, pdf_timeout=page_pdf_timeout())
    except PdfConversionFailed as exc:
        messages.error(request, _("周调度表PDF未能生成：%(why)s。可先下载 docx 版，或由管理员用命令 "
                                  "plantrack dispatch-sheet --format pdf 生成") % {"why": exc})
        return redirect("projects:index")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="dispatch-{sheet.week}.{fmt}"'
    return response


# The page lists this many lagging projects and procedures; the downloaded files list them all.
REVIEW_PAGE_ROWS = 200
REVIEW_FILES = {"docx": DOCX, "xlsx": XLSX, "pdf": "application/pdf"}


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """月研判 for ?month=2027-06[&unit=CODE][&by=county|prefecture|category][&lag=0.8][&days=90], within what the
    reader may see; &format=docx|xlsx|pdf downloads the same content. A month not yet ended is refused."""
    data = request.GET.copy()
    if not data.get("month"):
        data["month"] = last_ended_month()
    form = ReviewForm(data)
    errors: list[str] = []
    review = None
    unit = None
    if form.is_valid():
        chosen = form.cleaned_data
        unit = access_unit_by_code(request.user, chosen["unit"]) if chosen["unit"] else None
        try:
            review = build_monthly_review(
                user=request.user, month=chosen["month"], unit=unit, by=chosen["by"] or None,
                lag_ratio=chosen["lag"] if chosen["lag"] is not None else DEFAULT_LAG_RATIO,
                long_open_days=chosen["days"] or DEFAULT_LONG_OPEN_DAYS)
        except ValueError as exc:
            errors.append(message_of(exc))
    else:
        errors += [wording.labelled(form.fields[name].label, wording.join_clauses(messages_))
                   for name, messages_ in form.errors.items()]
    fmt = request.GET.get("format")
    if fmt and fmt not in REVIEW_FILES:
        errors.append(_("下载格式应为 docx、xlsx 或 pdf"))
    elif fmt and review is not None:
        try:
            content = render_monthly_review(review, fmt, pdf_timeout=page_pdf_timeout())
        except PdfConversionFailed as exc:
            errors.append(_("月研判PDF未能生成：%(why)s。可先下载 docx 版，或用命令 plantrack project-review "
                            "--format pdf 生成") % {"why": exc})
        else:
            response = HttpResponse(content, content_type=REVIEW_FILES[fmt])
            response["Content-Disposition"] = (
                f'attachment; filename="monthly-review-{review.year}-{review.month:02d}.{fmt}"')
            return response
    query = data.copy()
    query.pop("format", None)
    units = units_in_scope(request.user).exclude(kind=OrgUnit.Kind.DEPARTMENT).order_by("path").only(
        "code", "name")
    return render(request, "projects/review.html", {
        "review": None if errors else review, "errors": errors, "unit": unit, "units": units,
        "month": _echo(data.get("month", ""), 20), "by": review.by if review else data.get("by", ""),
        "lag": _echo(data.get("lag", ""), 10), "days": _echo(data.get("days", ""), 10),
        "breakdowns": [(key, breakdown_label(key)) for key in BREAKDOWNS], "query": query.urlencode(),
        "page_rows": REVIEW_PAGE_ROWS, "by_label": breakdown_label(review.by) if review else "",
        "place_header": review_tables(review)[0].columns[0] if review else "",
        "lagging": review.lagging[:REVIEW_PAGE_ROWS] if review else [],
        "long_open": review.long_open[:REVIEW_PAGE_ROWS] if review else [],
    }, status=400 if errors else 200)


def _echo(text: str, limit: int) -> str:
    """What the reader typed, shown back in the form: bounded, without control characters (a NUL among them)."""
    return "".join(ch for ch in text[:limit] if ch.isprintable())
