"""Pages of the dashboard (监测看板) and the indicator page (指标监测): parse the request, call selectors, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plantrack.assessment.selectors import warnings_for
from plantrack.assessment.services import WarningError, acknowledge_warning
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import is_admin
from plantrack.web.dashboard import DashboardFilters, UnknownFilter, dashboard_for
from plantrack.web.indicator_progress import indicator_progress_for
from plantrack.web.status_display import statuses_in_order
from plantrack.web.workbench import workbench_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    filters = DashboardFilters(
        category=request.GET.get("category", "").strip(),
        attribute=request.GET.get("attribute", "").strip(),
        status=request.GET.get("status", "").strip(),
        unit_code=request.GET.get("unit", "").strip(),
    )
    try:
        board = dashboard_for(user=request.user, filters=filters)
    except UnknownFilter as exc:
        messages.error(request, str(exc))
        board = dashboard_for(user=request.user, filters=DashboardFilters())
        return render(request, "web/dashboard.html", _board_context(request, board), status=400)
    return render(request, "web/dashboard.html", _board_context(request, board))


def _board_context(request: HttpRequest, board) -> dict:
    return {
        "board": board,
        # The planning office runs the rounds from here too: the workbench in brief above the board.
        "bench": workbench_for(request.user) if is_admin(request.user) else None,
        "statuses": [str(s) for s in statuses_in_order()],
        "attributes": Indicator.Attribute.choices,
    }


@login_required
def indicator_progress(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = indicator_progress_for(user=request.user, indicator_id=pk, unit_code=request.GET.get("unit", ""))
    except UnknownFilter as exc:
        messages.error(request, str(exc))
        page = indicator_progress_for(user=request.user, indicator_id=pk)
        return render(request, "web/indicator_progress.html", {"page": page}, status=400)
    return render(request, "web/indicator_progress.html", {"page": page})


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """确认预警 from the board with a note; a warning outside the reader's scope is not found."""
    warning = warnings_for(user=request.user).filter(pk=pk).first()
    if warning is None:
        raise Http404(pk)
    try:
        acknowledge_warning(user=request.user, warning=warning, note=request.POST.get("note", ""))
    except WarningError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认预警：%(unit)s %(name)s") % {"unit": warning.unit.name,
                                                                    "name": warning.indicator.name})
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("dashboard")
