"""Report pages: the list with the request form, a report's page with its progress, its files."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from plantrack.errors import message_of
from plantrack.orgs.access import access_report_by_id, can_generate_reports, require_generate_reports
from plantrack.reports.forms import ReportRequestForm
from plantrack.reports.models import Report
from plantrack.reports.render_html import report_body_context
from plantrack.reports.selectors import reportable_plans, reports_for
from plantrack.reports.services import ReportInputError, report_file_path, request_report, run_report


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
                return redirect("reports:detail", pk=report.pk)
    elif request.method == "POST":
        require_generate_reports(request.user)
    return render(request, "reports/index.html", {"reports": reports, "form": form})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report_by_id(request.user, pk)
    context = {"report": report, "files": list(report.files.all()), "may_run": can_generate_reports(request.user)}
    if report.state == Report.State.DONE:
        context.update(report_body_context(report.snapshot))
    return render(request, "reports/detail.html", context)


@require_POST
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a queued report; the page calls this once and shows the progress meanwhile."""
    require_generate_reports(request.user)
    report = access_report_by_id(request.user, pk)
    run_report(report=report)
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report_by_id(request.user, pk)
    response = render(request, "reports/_progress.html", {"report": report})
    if report.state in (Report.State.DONE, Report.State.FAILED):
        response["HX-Refresh"] = "true"
    return response


def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    report = access_report_by_id(request.user, pk)
    report_file = report.files.filter(format=fmt).first()
    if report_file is None or not report_file_path(report_file).is_file():
        raise Http404(fmt)
    path = report_file_path(report_file)
    return FileResponse(path.open("rb"), as_attachment=fmt != "html", filename=path.name)
