"""Pages of the registry: the list and one indicator for every user; edit, annual targets and promotion for admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plantrack.errors import message_of
from plantrack.indicators.annual_targets import AnnualTargetError, set_annual_target
from plantrack.indicators.forms import AnnualTargetForm, IndicatorForm
from plantrack.indicators.models import Indicator
from plantrack.indicators.registry import (
    EDITABLE_FIELDS,
    RegistryError,
    current_version,
    promote_commitment,
    update_indicator,
)
from plantrack.indicators.selectors import (
    indicator_for_user,
    promotable_commitments,
    registry_for_user,
    reporting_counties,
)
from plantrack.orgs.access import is_admin, require_admin
from plantrack.plans.models import PlanCommitment


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
