"""Pages of the registry: the list and one indicator for every user; edit, annual targets and promotion for admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plantrack.errors import message_of
from plantrack.indicators.forms import AnnualTargetForm, AssignedTargetForm, IndicatorForm
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.indicators.selectors import (
    indicator_for_user,
    promotable_commitments,
    registry_for_user,
    reporting_counties,
)
from plantrack.indicators.services import (
    EDITABLE_FIELDS,
    AnnualTargetError,
    AssignedTargetError,
    RegistryError,
    promote_commitment,
    record_assigned_target,
    set_annual_target,
    update_indicator,
)
from plantrack.orgs.access import is_admin, require_admin
from plantrack.plans.models import PlanCommitment
from plantrack.plans.selectors import current_version
from plantrack.uploads.documents import document_path


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "indicators/index.html",
        {"indicators": registry_for_user(request.user), "is_admin": is_admin(request.user)},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = indicator_for_user(request.user, pk)
    return render(request, "indicators/detail.html", {"view": view, "is_admin": is_admin(request.user)})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user, "edit indicator")
    indicator = get_object_or_404(Indicator, pk=pk)
    # Bind the form to a copy, so `update_indicator` compares against the stored values.
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kept = list(reporting_counties(indicator))  # not on the form: they stay rather than being dropped unseen
        try:
            changed = update_indicator(
                indicator=indicator,
                user=request.user,
                reporting_units=[*data["reporting_units"], *kept],
                **{f: data[f] for f in EDITABLE_FIELDS},
            )
        except RegistryError as exc:
            form.add_error(None, message_of(exc))
        else:
            messages.success(request, _("已保存：{n} 项修改").format(n=len(changed)))
            return redirect("indicators:detail", pk=pk)
    counties = reporting_counties(indicator).count()
    return render(request, "indicators/edit.html", {"form": form, "indicator": indicator, "counties": counties})


@login_required
def annual_target(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user, "enter annual target")
    indicator = get_object_or_404(Indicator.objects.select_related("plan"), pk=pk)
    form = AnnualTargetForm(request.POST or None, initial={"year": indicator.plan.period_start})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            set_annual_target(
                indicator=indicator,
                unit=d["unit"],
                year=d["year"],
                comparator=d["comparator"],
                value=d["value"],
                value_max=d["value_max"],
                text=d["text"],
                user=request.user,
            )
        except AnnualTargetError as exc:
            form.add_error(None, message_of(exc))
        else:
            messages.success(request, _("已保存 {unit} {year}年目标").format(unit=d["unit"].name, year=d["year"]))
            return redirect("indicators:detail", pk=pk)
    return render(request, "indicators/annual_target.html", {"form": form, "indicator": indicator})


@login_required
def assigned_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """国家下达的年度目标: everyone reads them; the planning office records one with its document."""
    view = indicator_for_user(request.user, pk)
    indicator = view.indicator
    admin = is_admin(request.user)
    region = indicator.reporting_units.order_by("path").first()
    form = AssignedTargetForm(
        request.POST or None, request.FILES or None,
        initial={"year": indicator.plan.period_start, "unit": region.code if region else None, "comparator": ">="},
    )
    status = 200
    if request.method == "POST":
        require_admin(request.user, "record assigned target")
        if form.is_valid():
            d = form.cleaned_data
            upload = d.get("file")
            try:
                record_assigned_target(
                    user=request.user, indicator=indicator, unit=d["unit"], year=d["year"], value=d["value"],
                    comparator=d["comparator"], document_number=d["document_number"],
                    document_title=d["document_title"], document_date=d["document_date"],
                    file=(upload.name, upload) if upload else None,
                )
            except AssignedTargetError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已记录 %(unit)s %(year)s年国家下达目标，并据此重新评估")
                                 % {"unit": d["unit"].name, "year": d["year"]})
                return redirect("indicators:assigned_targets", pk=pk)
        status = 400
    rows = AssignedTarget.objects.filter(indicator=indicator).select_related(
        "unit", "entered_by", "indicator").order_by("-year", "unit__path")
    return render(request, "indicators/assigned_targets.html", {
        "indicator": indicator, "rows": rows, "form": form if admin else None,
        "takes_figures": indicator.target_without_number,
    }, status=status)


@login_required
def assigned_target_file(request: HttpRequest, target_id: int) -> FileResponse:
    """The document an assigned figure came from (every signed-in reader may see the registry)."""
    target = get_object_or_404(AssignedTarget, pk=target_id)
    if not target.file_stored_name:
        raise Http404
    return FileResponse(document_path(target.file_stored_name).open("rb"), as_attachment=True,
                        filename=target.file_name, content_type=target.file_content_type)


@login_required
def commitments(request: HttpRequest) -> HttpResponse:
    require_admin(request.user, "list commitments")
    version = current_version()
    rows = promotable_commitments(version) if version else []
    return render(request, "indicators/commitments.html", {"version": version, "commitments": rows})


@login_required
@require_POST
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request.user, "promote commitment")
    commitment = get_object_or_404(PlanCommitment.objects.select_related("version__plan"), pk=pk)
    try:
        indicator = promote_commitment(commitment=commitment, code=request.POST.get("code", ""), user=request.user)
    except RegistryError as exc:
        messages.error(request, message_of(exc))
        return redirect("indicators:commitments")
    messages.success(request, _("已设为指标 {code}").format(code=indicator.code))
    return redirect("indicators:detail", pk=indicator.pk)
