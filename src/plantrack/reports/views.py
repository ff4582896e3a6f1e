"""Report pages: the list with the request form, a report's page with its progress, its state, versions and record,
the edits of its drafted paragraphs and its passage 草稿 → 审核 → 定稿, and its files.

Every page asks for a login first: an anonymous visit goes to the login page and is not an access denial."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from plantrack.errors import message_of
from plantrack.orgs.models import OrgUnit
from plantrack.reports.access import access_report_by_id, can_generate_reports, require_generate_reports
from plantrack.reports.forms import ReportRequestForm
from plantrack.reports.jobs import enqueue_report, report_has_live_job
from plantrack.reports.models import Report, ReportContribution
from plantrack.reports.render_html import report_body_context
from plantrack.reports.selectors import reportable_plans, reports_for, versions_of
from plantrack.reports.services import (
    ReportInputError,
    ReportStageError,
    approve_report,
    ask_contribution,
    edit_paragraph,
    may_approve_reports,
    merge_contribution,
    open_report_chart,
    render_document,
    report_chart_keys,
    report_file_path,
    request_report,
    return_to_draft,
    submit_for_review,
    write_contribution,
)

# A stored HTML report opened in the browser is a document with its own inline style and pictures and no script:
# sandboxed, so nothing in it could act as the site (the site's own policy would refuse its inline style).
STORED_DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
# A chart's address names the digest of the figures it shows, so what is at one address never changes.
CHART_CACHE = "private, max-age=31536000, immutable"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    reports = reports_for(user=request.user)[:100]
    form = None
    if can_generate_reports(request.user):
        form = ReportRequestForm(request.POST or None, plans=reportable_plans())
        if request.method == "POST" and form.is_valid():
            try:
                report = request_report(
                    user=request.user, plan=form.cleaned_data["plan"], kind=form.cleaned_data["kind"],
                    as_of=form.cleaned_data["as_of"], formats=form.cleaned_data["formats"],
                )
            except ReportInputError as exc:
                form.add_error("as_of", message_of(exc))
            else:
                enqueue_report(report=report)  # the worker makes it; the page shows its progress
                return redirect("reports:detail", pk=report.pk)
    elif request.method == "POST":
        require_generate_reports(request.user)
    return render(request, "reports/index.html", {"reports": reports, "form": form})


@login_required
def detail(request: HttpRequest, pk: int, message: str = "") -> HttpResponse:
    report = access_report_by_id(request.user, pk)
    may_edit = can_generate_reports(request.user)
    context = {
        "report": report, "files": list(report.files.all()), "may_run": may_edit, "may_edit": may_edit,
        "may_approve": may_approve_reports(request.user), "versions": versions_of(report),
        "events": list(report.events.select_related("by")), "message": message,
        "contributions": list(report.contributions.select_related("unit", "written_by")),
    }
    if report.state == Report.State.DONE:
        # The charts are images of their own (drawn once, then cached by the browser), not redrawn into every view.
        keys = report_chart_keys(report)
        context.update(report_body_context(
            render_document(report),
            lambda name: reverse("reports:chart", args=[report.pk, name, keys[name]]) if name in keys else None,
        ))
        context["editing"] = may_edit and report.stage == Report.Stage.DRAFT
        context["edit_url"] = reverse("reports:text", args=[report.pk])
        if context["editing"]:
            context["contribution_units"] = OrgUnit.objects.filter(
                kind__in=[OrgUnit.Kind.PREFECTURE, OrgUnit.Kind.DEPARTMENT]
            ).order_by("kind", "code")
            context["paragraph_keys"] = [item["block"].key for item in context["blocks"] if item["block"].key]
    return render(request, "reports/detail.html", context, status=400 if message else 200)


@login_required
@require_POST
def edit_text(request: HttpRequest, pk: int) -> HttpResponse:
    """Rewrite one drafted paragraph; the page shows the report again with the new words."""
    require_generate_reports(request.user)
    report = access_report_by_id(request.user, pk)
    try:
        edit_paragraph(user=request.user, report=report, key=request.POST.get("key", ""),
                       text=request.POST.get("text", ""))
    except ReportStageError as exc:
        return detail(request, pk, message=str(exc))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def change_stage(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report_by_id(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "submit":
            submit_for_review(user=request.user, report=report)
        elif action == "approve":
            approve_report(user=request.user, report=report)
        elif action == "return":
            return_to_draft(user=request.user, report=report, reason=request.POST.get("reason", ""))
        else:
            raise ReportStageError(action)
    except ReportStageError as exc:
        return detail(request, pk, message=str(exc))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a queued report whose job is missing back in the worker's queue (never renders in the request)."""
    require_generate_reports(request.user)
    report = access_report_by_id(request.user, pk)
    if report.state == Report.State.QUEUED and not report_has_live_job(report):
        enqueue_report(report=report)
    return HttpResponse(status=204)


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report_by_id(request.user, pk)
    response = render(request, "reports/_progress.html", {"report": report})
    if report.state in (Report.State.DONE, Report.State.FAILED):
        response["HX-Refresh"] = "true"
    return response


@login_required
def chart(request: HttpRequest, pk: int, name: str, key: str) -> HttpResponse:
    """A chart of the report's page as PNG, for as long as the browser likes; an address of figures the report no
    longer shows (the draft was regenerated since the page was read) leads to the chart of today's figures."""
    report = access_report_by_id(request.user, pk)
    image = open_report_chart(report, name, key)
    if image is None:
        current = report_chart_keys(report).get(name)
        if current is None or current == key:
            raise Http404(name)
        return redirect("reports:chart", pk=report.pk, name=name, key=current)
    etag = f'"{key}"'
    if request.headers.get("If-None-Match") == etag:
        image.close()
        return HttpResponseNotModified(headers={"ETag": etag, "Cache-Control": CHART_CACHE})
    response = FileResponse(image, content_type="image/png")
    response["Cache-Control"] = CHART_CACHE
    response["ETag"] = etag
    return response


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    report = access_report_by_id(request.user, pk)
    return _file(report, report.files.filter(format=fmt, annex="").first(), attachment=fmt != "html")


@login_required
def annex(request: HttpRequest, pk: int, name: str) -> FileResponse:
    report = access_report_by_id(request.user, pk)
    return _file(report, report.files.filter(format="xlsx", annex=name).first(), attachment=True)


def _file(report: Report, report_file, *, attachment: bool) -> FileResponse:
    if report_file is None or not report_file_path(report_file).is_file():
        raise Http404(str(report.pk))
    path = report_file_path(report_file)
    response = FileResponse(path.open("rb"), as_attachment=attachment, filename=path.name)
    if report_file.format == "html":
        response["Content-Security-Policy"] = STORED_DOCUMENT_POLICY  # its own inline style, never a script
    return response


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """The office asks a 厅局 or 盟市 for its 自评 of one drafted paragraph."""
    require_generate_reports(request.user)
    report = access_report_by_id(request.user, pk)
    unit = OrgUnit.objects.filter(code=request.POST.get("unit", "")).first()
    try:
        if unit is None:
            raise ReportStageError(request.POST.get("unit", ""))
        ask_contribution(user=request.user, report=report, unit=unit, key=request.POST.get("key", ""))
    except ReportStageError as exc:
        return detail(request, pk, message=str(exc))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    require_generate_reports(request.user)
    report = access_report_by_id(request.user, pk)
    contribution = report.contributions.filter(pk=contribution_pk).first()
    if contribution is None:
        raise Http404(str(contribution_pk))
    try:
        merge_contribution(user=request.user, contribution=contribution)
    except ReportStageError as exc:
        return detail(request, pk, message=str(exc))
    return redirect("reports:detail", pk=report.pk)


@login_required
def self_assessments(request: HttpRequest) -> HttpResponse:
    """A 厅局's or 盟市's own page: the 自评 paragraphs the office asked of it, each written here."""
    unit = getattr(request.user, "unit", None)
    asked = ReportContribution.objects.none()
    if unit is not None:
        asked = ReportContribution.objects.filter(unit=unit).select_related("report", "written_by")
    message = ""
    if request.method == "POST":
        contribution = asked.filter(pk=request.POST.get("contribution") or 0).first()
        if contribution is None:
            raise Http404("contribution")
        try:
            write_contribution(user=request.user, contribution=contribution, text=request.POST.get("text", ""))
        except ReportStageError as exc:
            message = str(exc)
        else:
            return redirect("reports:self_assessments")
    return render(request, "reports/self_assessments.html", {"asked": list(asked), "message": message},
                  status=400 if message else 200)
