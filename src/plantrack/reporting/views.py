"""Pages of the reporting app: rounds, the entry form, review, value history, completeness, template and export.

Views parse the request, call the reporting services and selectors (the same ones the API and CLI call), render.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plantrack import wording
from plantrack.core.periods import parse_period
from plantrack.errors import message_of
from plantrack.orgs.access import (
    access_unit_by_code,
    can_approve_submission,
    can_enter_values,
    is_admin,
    may_review_values,
    require_admin,
    require_enter,
    require_entering_role,
    require_reviewing_role,
)
from plantrack.plans.models import Plan
from plantrack.reporting import excel_template
from plantrack.reporting import export as exporting
from plantrack.reporting.access import access_round_by_id, access_value_by_id, can_enter_in_round
from plantrack.reporting.bulk_import import FIELD_LABELS, import_bulk_file
from plantrack.reporting.findings import StaleValue, ValuesRejected
from plantrack.reporting.forms import (
    BulkUploadForm,
    OpenRoundForm,
    TemplateUploadForm,
    attach_findings,
    entry_rows,
    read_posted,
    rows_to_inputs,
)
from plantrack.reporting.models import Channel, ReportingRound
from plantrack.reporting.review_context import review_context
from plantrack.reporting.selectors import (
    completeness_of_rounds,
    previous_values,
    required_indicators,
    review_queue_page,
    round_completeness,
    rounds_by_time,
    submitters_of,
    summarise_completeness,
    value_history,
    values_for_unit,
)
from plantrack.reporting.services import (
    EntryResult,
    OwnSubmission,
    approve_values,
    enter_values,
    open_round,
    return_values,
)
from plantrack.reporting.values_preview import preview_bulk_file, preview_template
from plantrack.uploads import MAX_LISTED_PROBLEMS
from plantrack.uploads.staging import discard, stage_upload, staged_file
from plantrack.wording import join_words, period_words

# What a person may decide for a column the import does not recognise: ignore it, or read it as a field.
FIELD_CHOICES = [(f"field:{key}", label) for key, label in FIELD_LABELS.items()]
COLUMN_CHOICES = {"ignore", *(value for value, _label in FIELD_CHOICES)}
TEMPLATE_FIELD_CHOICES = [(value, label) for value, label in FIELD_CHOICES
                          if value.removeprefix("field:") in excel_template.MAPPABLE]
# A year of monthly rounds a page: each shown round's completeness is counted, so the page stays fast.
ROUNDS_PER_PAGE = 12


def _tell_unexplained(request: HttpRequest, result: EntryResult) -> None:
    """Drafts were saved with warnings still to explain: say so, since submitting them will ask for it."""
    unexplained = [f for f in result.warnings if not f.explained]
    if unexplained:
        messages.warning(request, _("有%(n)d项预警尚未说明（如%(first)s）：提交审核前请补充预警说明。")
                         % {"n": len(unexplained), "first": unexplained[0].line()})


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """My reporting: for each open round, the units in my scope that must report, with their progress."""
    user = request.user
    rounds_open = rounds_by_time(ReportingRound.objects.filter(is_open=True).select_related("plan"))
    completeness_by_round = completeness_of_rounds(rounds=rounds_open, user=user)
    open_rounds = []
    for rnd in rounds_open:
        form_url = _url_per_unit("reporting:form", [rnd.pk, _UNIT_MARKER])
        template_url = _url_per_unit("reporting:template", [_UNIT_MARKER, rnd.pk])
        open_rounds.append({
            "round": rnd, "label": period_words(parse_period(rnd.period)),
            "rows": [{"c": r, "can_enter": can_enter_values(user, r.unit), "form_url": form_url(r.unit.code),
                      "template_url": template_url(r.unit.code)} for r in completeness_by_round[rnd.pk]],
        })
    return render(request, "reporting/index.html", {
        "open_rounds": open_rounds, "can_review": may_review_values(user), "is_admin": is_admin(user),
    })


_UNIT_MARKER = "UNIT-CODE-HERE"


def _url_per_unit(name: str, args: list) -> Callable[[str], str]:
    """reverse() once, then put each unit's code in: a page of a whole region lists hundreds of units."""
    pattern = reverse(name, args=args)
    return lambda code: pattern.replace(_UNIT_MARKER, quote(code, safe=""))


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    """All rounds with their totals; the planning office opens a round here."""
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST":
        require_admin(request.user, "open reporting round")
        if form.is_valid():
            try:
                rnd = open_round(
                    user=request.user, plan=form.cleaned_data["plan"], period=form.cleaned_data["period"],
                    deadline=form.cleaned_data["deadline"], title=form.cleaned_data["title"] or None,
                )
            except ValueError as exc:
                form.add_error("period", message_of(exc))
            else:
                messages.success(request, _("已开启填报轮次“%(title)s”") % {"title": rnd.title})
                return redirect("reporting:rounds")
    pager = Paginator(rounds_by_time(ReportingRound.objects.select_related("plan")), ROUNDS_PER_PAGE)
    shown = pager.get_page(request.GET.get("page"))
    summaries = completeness_of_rounds(rounds=list(shown), user=request.user)
    listing = [
        {"round": rnd, "label": period_words(parse_period(rnd.period)),
         "summary": summarise_completeness(summaries[rnd.pk])}
        for rnd in shown
    ]
    return render(request, "reporting/rounds.html", {
        "rounds": listing, "page": shown, "form": form if is_admin(request.user) else None,
    })


@login_required
def completeness(request: HttpRequest, round_id: int) -> HttpResponse:
    """填报进度: which units in my scope have not reported, which are late, which are complete."""
    rnd = access_round_by_id(request.user, round_id)
    rows = round_completeness(round=rnd, user=request.user)
    return render(request, "reporting/completeness.html", {
        "round": rnd, "label": period_words(parse_period(rnd.period)), "rows": rows,
        "summary": summarise_completeness(rows),
    })


@login_required
@require_http_methods(["GET", "POST"])
def entry_form(request: HttpRequest, round_id: int, unit_code: str) -> HttpResponse:
    """The entry form for one unit and round (数据填报): save a draft or submit, all checks of enter_values."""
    user = request.user
    rnd = access_round_by_id(user, round_id)
    unit = access_unit_by_code(user, unit_code)
    if request.method == "POST":
        require_enter(user, unit)
    indicators = required_indicators(round=rnd, unit=unit)
    current = {v.indicator_id: v for v in values_for_unit(user=user, unit=unit, period=rnd.period)}
    rows = entry_rows(
        indicators=indicators, current=current,
        previous=previous_values(indicators=indicators, unit=unit, period=rnd.period),
    )
    loose: list = []
    status = 200
    if request.method == "POST":
        read_posted(rows, request.POST)
        submit = request.POST.get("action") == "submit"
        try:
            result = enter_values(
                user=user, plan=rnd.plan, inputs=rows_to_inputs(rows, unit=unit, period=rnd.period),
                channel=Channel.FORM, round=rnd, submit=submit, correction=bool(request.POST.get("correction")),
            )
        except ValuesRejected as exc:
            loose = attach_findings(rows, exc.findings)
            messages.error(request, _("未保存：请按提示修改后重新%(what)s（共%(n)d处）")
                           % {"what": _("提交") if submit else _("保存"), "n": exc.total})
            status = 400
        except StaleValue as exc:
            messages.error(request, _("未保存：有人先于您修改了数据（%(why)s）。您填写的内容仍在下方，请核对后重试。")
                           % {"why": exc})
            status = 409
        else:
            to_explain = [f for f in result.warnings if not f.explained]
            if submit:
                messages.success(request, _("已提交审核：%(n)d项") % {"n": result.submitted})
            else:
                messages.success(request, _("草稿已保存：新增%(c)d项，修改%(u)d项")
                                 % {"c": result.created, "u": result.updated})
            if not to_explain:
                return redirect("reporting:form", round_id=rnd.pk, unit_code=unit.code)
            # Saved, but some figures still need an explanation before they can be submitted: show the form as
            # now stored, with those warnings beside their figures.
            messages.warning(request, _("有%(n)d项预警尚未说明：可以先保存草稿，提交前请填写预警说明。")
                             % {"n": len(to_explain)})
            current = {v.indicator_id: v for v in values_for_unit(user=user, unit=unit, period=rnd.period)}
            rows = entry_rows(
                indicators=indicators, current=current,
                previous=previous_values(indicators=indicators, unit=unit, period=rnd.period),
            )
            loose = attach_findings(rows, to_explain)
    period = parse_period(rnd.period)
    return render(request, "reporting/form.html", {
        "round": rnd, "unit": unit, "rows": rows, "loose": loose, "period_label": period_words(period),
        "last_label": period_words(period.previous()),
        "last_year_label": period_words(period.same_period_last_year()),
        "can_enter": can_enter_in_round(user, unit, rnd),
        "has_locked": any(r.is_locked for r in rows),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest) -> HttpResponse:
    """审核: approve or return submitted values; each carries the revision the reviewer saw."""
    user = request.user
    require_reviewing_role(user)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("value") if i.isdigit()]
        expected = {}
        for vid in ids:
            raw = request.POST.get(f"rev-{vid}", "")
            expected[vid] = int(raw) if raw.isdigit() else -1
        action = request.POST.get("action")
        if not ids:
            messages.error(request, _("请先勾选要审核的数据"))
        else:
            try:
                if action == "approve":
                    n = approve_values(user=user, value_ids=ids, expected_revisions=expected)
                    messages.success(request, _("已审核通过%(n)d项") % {"n": n})
                elif action == "return":
                    n = return_values(user=user, value_ids=ids, reason=request.POST.get("reason", ""),
                                      expected_revisions=expected)
                    messages.success(request, _("已退回%(n)d项") % {"n": n})
            except OwnSubmission as exc:
                messages.error(request, message_of(exc))
            except StaleValue as exc:
                messages.error(request, _("操作未生效：其他审核人已先处理了这些数据（%(why)s）。请查看刷新后的列表。")
                               % {"why": exc})
            except ValueError as exc:
                messages.error(request, message_of(exc))
        return redirect(request.get_full_path())
    rnd = None
    if request.GET.get("round"):
        try:
            rnd = access_round_by_id(user, request.GET["round"])
        except Http404:
            rnd = None  # an unknown round in the address shows every round's queue
    page = request.GET.get("page", "")
    # Anything but a plausible page number shows the first page (int() of thousands of digits would raise).
    queue = review_queue_page(user=user, round=rnd, page=int(page) if page.isdigit() and len(page) < 8 else 1)
    values = queue.values
    contexts = review_context(values=values)
    submitters = submitters_of(value_ids=[v.pk for v in values], user=user)
    own = {vid for vid, who in submitters.items() if not can_approve_submission(user, submitted_by_id=who)}
    return render(request, "reporting/review.html", {
        "rows": [(v, contexts[v.pk]) for v in values], "round": rnd, "own": own, "queue": queue,
        "rounds": rounds_by_time(ReportingRound.objects.all()),
    })


@login_required
def history(request: HttpRequest, value_id: int) -> HttpResponse:
    """The history of one value (who, when, old → new, channel); supervisors and auditors read it."""
    value = access_value_by_id(request.user, value_id)
    changes = value_history(user=request.user, value=value)
    return render(request, "reporting/history.html", {"value": value, "changes": changes})


@login_required
def template_download(request: HttpRequest, unit_code: str, round_id: int) -> HttpResponse:
    rnd = access_round_by_id(request.user, round_id)
    unit = access_unit_by_code(request.user, unit_code)
    data = excel_template.template_for(user=request.user, round=rnd, unit=unit)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = excel_template.template_filename(round=rnd, unit=unit)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def template_upload(request: HttpRequest) -> HttpResponse:
    """Upload a filled template, in two steps: checked as a whole (every structural problem listed with sheet, row
    and column) and previewed like a bulk file; the person settles any column added to it and confirms, or
    cancels."""
    user = request.user
    require_entering_role(user, "upload template")
    if request.method != "POST":
        return render(request, "reporting/template_upload.html", {"form": TemplateUploadForm(), "problems": []})
    if "token" not in request.POST:
        form = TemplateUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "reporting/template_upload.html", {"form": form, "problems": []}, status=400)
        token = stage_upload(form.cleaned_data["file"], kind="template", session=request.session, user_id=user.pk)
        return _template_preview_page(request, token, submit=form.cleaned_data["submit"], choices={})
    token = request.POST["token"][:64]
    if "cancel" in request.POST:
        discard(token, session=request.session)
        messages.info(request, _("已取消导入，没有写入任何数据"))
        return redirect("reporting:template_upload")
    submit, choices = request.POST.get("submit") == "1", _choices(request.POST)
    if "confirm" not in request.POST:
        return _template_preview_page(request, token, submit=submit, choices=choices)
    staged = staged_file(token, kind="template", session=request.session, user_id=user.pk)
    if staged is None:
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("reporting:template_upload")
    try:
        result = excel_template.upload_template(user=user, data=staged[0].read_bytes(), submit=submit,
                                                choices=choices, remember_choices=request.POST.get("remember") == "1")
    except excel_template.TemplateError as exc:
        return _template_preview_page(request, token, submit=submit, choices=choices,
                                      problem=wording.join_clauses(exc.lines()),
                                      problem_status=400)
    except ValuesRejected as exc:
        return _template_preview_page(request, token, submit=submit, choices=choices, failure=exc)
    except StaleValue as exc:
        return _template_preview_page(request, token, submit=submit, choices=choices, problem=message_of(exc))
    discard(token, session=request.session)
    messages.success(request, _done_message(result, _("模板已导入")))
    _tell_remembered(request, choices)
    _tell_unexplained(request, result)
    return redirect("reporting:index")


def _template_preview_page(request: HttpRequest, token: str, *, submit: bool, choices: dict[str, str],
                           failure: ValuesRejected | None = None, problem: str = "",
                           problem_status: int = 409) -> HttpResponse:
    staged = staged_file(token, kind="template", session=request.session, user_id=request.user.pk)
    if staged is None:
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("reporting:template_upload")
    path, name = staged
    try:
        preview = preview_template(user=request.user, data=path.read_bytes(), name=name, choices=choices,
                                   submit=submit)
    except excel_template.TemplateError as exc:
        discard(token, session=request.session)
        return render(request, "reporting/template_upload.html",
                      {"form": TemplateUploadForm(), "problems": exc.lines()}, status=400)
    except PermissionDenied:
        discard(token, session=request.session)  # another unit's template: refused (403) and forgotten
        raise
    return _preview_response(request, preview, token=token, choices=choices, failure=failure, problem=problem,
                             action=reverse("reporting:template_upload"),
                             hidden={"submit": "1" if submit else ""}, field_choices=TEMPLATE_FIELD_CHOICES,
                             problem_status=problem_status)


def _preview_response(request: HttpRequest, preview, *, token: str, choices: dict[str, str], hidden: dict,
                      action: str, field_choices: list, failure: ValuesRejected | None, problem: str,
                      problem_status: int = 409) -> HttpResponse:
    if failure is not None:  # the confirmation met what the preview did not (someone changed values meanwhile)
        preview.problems, preview.problems_total = failure.findings[:MAX_LISTED_PROBLEMS], failure.total
        preview.outcome = None
    status = problem_status if problem else 400 if preview.problems else 200
    return render(request, "reporting/values_preview.html", {
        "preview": preview, "token": token, "choices": choices, "problem": problem,
        "columns": list(enumerate(preview.columns)), "field_choices": field_choices, "action": action,
        "hidden": hidden, "remember": request.POST.get("remember") == "1",
    }, status=status)


def _choices(post) -> dict[str, str]:
    """The person's decision for each column the preview could not read by its header."""
    choices = {}
    count = post.get("columns", "")
    for i in range(min(int(count), 200) if count.isdigit() and len(count) < 4 else 0):
        key, choice = post.get(f"col-{i}-key", ""), post.get(f"col-{i}-choice", "")
        if key and choice in COLUMN_CHOICES:
            choices[key[:100]] = choice
    return choices


def _tell_remembered(request: HttpRequest, choices: dict[str, str]) -> None:
    if choices and request.POST.get("remember") == "1":
        messages.info(request, _("已为本单位记住这些列的处理方式"))


def _done_message(result, what: str) -> str:
    """The confirmation: counts, then what of the file was not imported (columns ignored, rows skipped)."""
    text = _("%(what)s：新增%(c)d项，修改%(u)d项，未变%(s)d项，提交审核%(sub)d项") % {
        "what": what, "c": result.created, "u": result.updated, "s": result.unchanged, "sub": result.submitted}
    if result.ignored_columns:
        text += _("；按您的选择忽略了列 %(cols)s") % {"cols": join_words(result.ignored_columns)}
    if result.skipped_rows:
        text += _("；跳过标题、合计、注释等行%(n)d行") % {"n": result.skipped_rows}
    return text


def _bulk_preview_page(request: HttpRequest, token: str, options: dict, *, choices: dict[str, str],
                       failure: ValuesRejected | None = None, problem: str = "") -> HttpResponse:
    staged = staged_file(token, kind="values", session=request.session, user_id=request.user.pk)
    if staged is None:
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("reporting:bulk_upload")
    path, name = staged
    try:
        preview = preview_bulk_file(user=request.user, plan=options["plan"], source=path, name=name,
                                    choices=choices, submit=options["submit"], correction=options["correction"])
    except ValuesRejected as exc:
        discard(token, session=request.session)
        return _bulk_page(request, BulkUploadForm(), rejected=exc, status=400)
    except PermissionDenied:
        discard(token, session=request.session)  # a row outside the user's scope: refused (403) and forgotten
        raise
    return _preview_response(request, preview, token=token, choices=choices, failure=failure, problem=problem,
                             action=reverse("reporting:bulk_upload"), field_choices=FIELD_CHOICES,
                             hidden={"plan": options["plan"].pk, "submit": "1" if options["submit"] else "",
                                     "correction": "1" if options["correction"] else ""})


def _bulk_page(request: HttpRequest, form: BulkUploadForm, *, rejected: ValuesRejected | None = None,
               problem: str = "", status: int = 200) -> HttpResponse:
    return render(request, "reporting/bulk_upload.html", {
        "form": form, "problem": problem, "rejected": rejected,
        "findings": rejected.findings[:MAX_LISTED_PROBLEMS] if rejected else [],
        "not_listed": max(rejected.total - MAX_LISTED_PROBLEMS, 0) if rejected else 0,
        "needs_explanation": bool(rejected and rejected.unexplained_warnings),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def bulk_upload(request: HttpRequest) -> HttpResponse:
    """批量导入, in two steps: the upload is read and previewed (each column and what it is read as, the rows
    skipped, the problems every check finds, the first rows as stored); the person settles each column not
    recognised and confirms, or cancels. The same import as `plantrack import-values`."""
    user = request.user
    # Bulk files come from the planning office and from clerks (a statistics bureau's); each row's unit is still
    # scope-checked by the import itself.
    require_entering_role(user, "bulk import values")
    if request.method != "POST":
        return _bulk_page(request, BulkUploadForm())
    if "token" not in request.POST:
        form = BulkUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _bulk_page(request, form, status=400)
        data = form.cleaned_data
        token = stage_upload(data["file"], kind="values", session=request.session, user_id=user.pk)
        options = {"plan": data["plan"], "submit": data["submit"], "correction": data["correction"]}
        return _bulk_preview_page(request, token, options, choices={})
    token = request.POST["token"][:64]
    if "cancel" in request.POST:
        discard(token, session=request.session)
        messages.info(request, _("已取消导入，没有写入任何数据"))
        return redirect("reporting:bulk_upload")
    plan = Plan.objects.filter(pk=request.POST.get("plan", "")).first() if request.POST.get(
        "plan", "").isdigit() else None
    if plan is None:
        discard(token, session=request.session)
        messages.error(request, _("请选择规划后重新上传"))
        return redirect("reporting:bulk_upload")
    options = {"plan": plan, "submit": request.POST.get("submit") == "1",
               "correction": request.POST.get("correction") == "1"}
    choices = _choices(request.POST)
    if "confirm" not in request.POST:
        return _bulk_preview_page(request, token, options, choices=choices)
    staged = staged_file(token, kind="values", session=request.session, user_id=user.pk)
    if staged is None:
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("reporting:bulk_upload")
    path, name = staged
    try:
        result = import_bulk_file(user=user, plan=plan, source=path, name=name, choices=choices,
                                  remember_choices=request.POST.get("remember") == "1",
                                  submit=options["submit"], correction=options["correction"])
    except ValuesRejected as exc:
        return _bulk_preview_page(request, token, options, choices=choices, failure=exc)
    except StaleValue as exc:
        return _bulk_preview_page(request, token, options, choices=choices,
                                  problem=_("有人在导入期间修改了数据（%(why)s），请重新上传。") % {"why": exc})
    discard(token, session=request.session)
    messages.success(request, _done_message(result, _("批量导入完成")))
    _tell_remembered(request, choices)
    _tell_unexplained(request, result)
    return redirect("reporting:bulk_upload")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Download the values in my scope as CSV or xlsx, streamed; `period` or a whole `year` narrows it."""
    fmt = request.GET.get("format", "csv")
    if fmt not in exporting.FORMATS:
        return _plain_400(_("格式只能是 csv 或 xlsx"))
    period = request.GET.get("period") or None
    if period:
        try:
            period = parse_period(period).code
        except ValueError as exc:
            return _plain_400(message_of(exc))
    year = request.GET.get("year") or None
    if year is not None:
        if not (len(year) == 4 and year.isdigit() and 1900 <= int(year) <= 2999):
            return _plain_400(_("年份“%(year)s”无法识别：应为 2026 这样的四位年份") % {"year": year[:20]})
        year = int(year)
    unit = None
    if request.GET.get("unit"):
        unit = access_unit_by_code(request.user, request.GET["unit"])
    filename = f"plantrack_values_{period or year or 'all'}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exporting.csv_stream(user=request.user, period=period, year=year, unit=unit),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        exporting.xlsx_file(user=request.user, period=period, year=year, unit=unit), as_attachment=True,
        filename=filename, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _plain_400(text: str) -> HttpResponse:
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
