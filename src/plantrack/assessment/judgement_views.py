"""The 人工研判 page of an indicator: its current year judgements (computed or by hand, each marked), every
version of every manual judgement, and the forms to write, submit, approve or return one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plantrack.assessment.access import assessments_in_scope
from plantrack.assessment.judgements import (
    JudgementError,
    access_judgement_by_id,
    approve_judgement,
    judgement_history,
    return_judgement,
    submit_judgement,
    write_judgement,
)
from plantrack.assessment.judging import JUDGED_METHODS
from plantrack.assessment.models import JUDGED_STATUS_CHOICES, Assessment, ManualJudgement
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import access_unit_by_code, can_enter_values, can_review_values, units_in_scope
from plantrack.uploads.documents import document_path


def _year(raw: str) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@login_required
def judgements(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the page; POST: write (or rewrite the draft of) a judgement, then show the page again."""
    user = request.user
    indicator = get_object_or_404(Indicator.objects.select_related("plan"), pk=pk)
    scope = units_in_scope(user)
    units = [u for u in indicator.reporting_units.filter(pk__in=scope).order_by("path") if can_enter_values(user, u)]
    typed = {"unit": "", "year": "", "status": "", "reasoning": ""}
    status_code = 200
    if request.method == "POST":
        typed = {k: request.POST.get(k, "").strip() for k in typed}
        unit = access_unit_by_code(user, typed["unit"]) if typed["unit"] else None
        year = _year(typed["year"])
        upload = request.FILES.get("evidence")
        try:
            if unit is None:
                raise JudgementError(_("请选择单位"))
            if year is None:
                raise JudgementError(_("年份应为四位数字，如2027"))
            written = write_judgement(user=user, indicator=indicator, unit=unit, year=year, status=typed["status"],
                                      reasoning=typed["reasoning"],
                                      evidence=(upload.name, upload) if upload else None)
        except JudgementError as exc:
            messages.error(request, _("未保存：%(why)s") % {"why": exc})
            status_code = 400
        else:
            messages.success(request, _("已保存第%(v)d版研判（草稿）：提交后由第二人审核")
                             % {"v": written.version})
            return redirect("assessment:judgements", pk=pk)
    versions = judgement_history(user=user, indicator=indicator)
    rows = [
        {
            "j": j,
            "may_submit": j.author_id == user.id and j.state in (ManualJudgement.State.DRAFT,
                                                                 ManualJudgement.State.RETURNED),
            "may_review": j.state == ManualJudgement.State.SUBMITTED and j.author_id != user.id
            and can_review_values(user, j.unit),
        }
        for j in versions
    ]
    standing = (assessments_in_scope(user, Assessment.objects.filter(indicator=indicator, period_kind="Y"))
                .select_related("unit").order_by("unit__path", "-year"))
    return render(request, "assessment/judgements.html", {
        "indicator": indicator, "units": units, "rows": rows, "standing": standing,
        "judged_methods": JUDGED_METHODS, "statuses": JUDGED_STATUS_CHOICES, "typed": typed,
        "may_write": bool(units) and indicator.target_without_number,
        "years": range(indicator.plan.period_start, indicator.plan.period_end + 1),
    }, status=status_code)


@login_required
@require_POST
def judgement_action(request: HttpRequest, judgement_id: int, action: str) -> HttpResponse:
    """提交 / 审核通过 / 退回 one version."""
    judgement = access_judgement_by_id(request.user, judgement_id)
    note = request.POST.get("note", "")
    try:
        if action == "submit":
            submit_judgement(user=request.user, judgement=judgement)
            messages.success(request, _("已提交第%(v)d版研判，等待第二人审核") % {"v": judgement.version})
        elif action == "approve":
            approve_judgement(user=request.user, judgement=judgement, note=note)
            messages.success(request, _("已审核通过第%(v)d版研判：作为%(y)s年评估结果（人工研判）")
                             % {"v": judgement.version, "y": judgement.year})
        elif action == "return":
            return_judgement(user=request.user, judgement=judgement, note=note)
            messages.success(request, _("已退回第%(v)d版研判") % {"v": judgement.version})
        else:
            raise Http404(action)
    except JudgementError as exc:
        messages.error(request, str(exc))
    return redirect("assessment:judgements", pk=judgement.indicator_id)


@login_required
def judgement_evidence(request: HttpRequest, judgement_id: int) -> FileResponse:
    """A version's evidence file, for readers of its unit."""
    judgement = access_judgement_by_id(request.user, judgement_id)
    if not judgement.evidence_stored_name:
        raise Http404
    return FileResponse(document_path(judgement.evidence_stored_name).open("rb"), as_attachment=True,
                        filename=judgement.evidence_name, content_type=judgement.evidence_content_type)
