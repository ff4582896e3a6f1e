"""The base-year form (基期值录入): the planning office gives a unit its base-year figures through `enter_values`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plantrack.orgs.access import access_unit_by_code, require_admin, units_in_scope
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan
from plantrack.plans.selectors import the_only_plan
from plantrack.reporting.access import can_enter_outside_round
from plantrack.reporting.base_year import base_year_inputs, base_year_lines
from plantrack.reporting.findings import StaleValue, ValuesRejected
from plantrack.reporting.models import Channel, DataValue
from plantrack.reporting.services import enter_values


def _plan(request: HttpRequest) -> Plan | None:
    wanted = request.GET.get("plan") or request.POST.get("plan")
    if wanted and str(wanted).isdigit():
        return Plan.objects.filter(pk=int(wanted)).first()
    return the_only_plan() or Plan.objects.order_by("-id").first()


@login_required
@require_http_methods(["GET", "POST"])
def base_year_form(request: HttpRequest) -> HttpResponse:
    """基期值: pick a unit, type its base-year figures with their source, submit them for review."""
    user = request.user
    require_admin(user, "enter base-year values")
    plan = _plan(request)
    units = units_in_scope(user).filter(kind__in=[OrgUnit.Kind.REGION, OrgUnit.Kind.PREFECTURE,
                                                  OrgUnit.Kind.DEPARTMENT]).order_by("path")
    code = request.GET.get("unit") or request.POST.get("unit") or ""
    unit = access_unit_by_code(user, code) if code else None
    lines = base_year_lines(user=user, plan=plan, unit=unit) if plan and unit else []
    typed = {line.prefix: "" for line in lines}
    explanations: dict[str, str] = {}
    source = comment = ""
    findings: list = []
    status = 200
    if request.method == "POST" and unit is not None and plan is not None:
        typed = {line.prefix: request.POST.get(f"{line.prefix}-value", "") for line in lines}
        explanations = {line.prefix: request.POST.get(f"{line.prefix}-explanation", "").strip() for line in lines}
        source = request.POST.get("source", "").strip()
        comment = request.POST.get("comment", "").strip()
        inputs = base_year_inputs(lines, unit=unit, figures=typed, source=source, comment=comment,
                                  explanations=explanations)
        if not source:
            messages.error(request, _("未保存：请填写基期值的数据来源（如统计公报、统计年鉴）"))
            status = 400
        elif not inputs:
            messages.error(request, _("未保存：没有填写任何基期值"))
            status = 400
        else:
            try:
                result = enter_values(user=user, plan=plan, inputs=inputs, channel=Channel.FORM, submit=True,
                                      correction=bool(request.POST.get("correction")))
            except ValuesRejected as exc:
                findings = exc.findings
                messages.error(request, _("未保存：请按提示修改后重新提交（共%(n)d处）") % {"n": exc.total})
                status = 400
            except StaleValue as exc:
                messages.error(request, _("未保存：有人先于您修改了数据（%(why)s）") % {"why": exc})
                status = 409
            else:
                messages.success(request, _("已提交审核：%(unit)s 基期值%(n)d项，审核通过后用于评估")
                                 % {"unit": unit.name, "n": result.submitted})
                return redirect(f"{request.path}?unit={unit.code}&plan={plan.pk}")
    by_indicator: dict[str, list] = {}
    loose = []
    for f in findings:
        if f.indicator_code:
            by_indicator.setdefault(f.indicator_code, []).append(f)
        else:
            loose.append(f)
    rows = [
        {"line": line, "typed": typed.get(line.prefix, ""), "explanation": explanations.get(line.prefix, ""),
         "findings": by_indicator.get(line.indicator.code, [])}
        for line in lines
    ]
    return render(request, "reporting/base_year.html", {
        "plan": plan, "unit": unit, "units": units, "rows": rows, "loose": loose, "source": source,
        "comment": comment, "can_enter": can_enter_outside_round(user),
        "has_locked": any(r["line"].current is not None and r["line"].current.state == DataValue.State.APPROVED
                          for r in rows),
    }, status=status)
