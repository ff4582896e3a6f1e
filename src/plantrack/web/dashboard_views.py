"""Pages of the dashboard (监测看板) and the indicator page (指标监测): parse the request, call selectors, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plantrack.errors import message_of
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import is_admin
from plantrack.web.dashboard import DashboardFilters, UnknownFilter, dashboard_for
from plantrack.web.indicator_progress import indicator_progress_for
from plantrack.web.leader_overview import leader_overview
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
        messages.error(request, message_of(exc))
        board = dashboard_for(user=request.user, filters=DashboardFilters())
        return render(request, "web/dashboard.html", _board_context(request, board), status=400)
    return render(request, "web/dashboard.html", _board_context(request, board))


def _board_context(request: HttpRequest, board) -> dict:
    narrowed = board.filters.category or board.filters.attribute or board.filters.status
    return {
        "board": board,
        # The overview speaks of the whole board; a narrowed board shows only its cards.
        "overview": None if narrowed else leader_overview(user=request.user, board=board),
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
        messages.error(request, message_of(exc))
        page = indicator_progress_for(user=request.user, indicator_id=pk)
        return render(request, "web/indicator_progress.html", {"page": page}, status=400)
    return render(request, "web/indicator_progress.html", {"page": page})
