"""API endpoints for reporting rounds: list them; the planning office opens them and reads completeness."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from plantrack.api.schemas import MAX_ID, CompletenessOut, ErrorOut, RoundIn, RoundOut
from plantrack.orgs.access import require_admin
from plantrack.plans.models import Plan
from plantrack.reporting.access import access_round_by_id
from plantrack.reporting.models import ReportingRound
from plantrack.reporting.selectors import round_completeness, rounds_by_time
from plantrack.reporting.services import open_round

router = Router(tags=["rounds"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 503: ErrorOut}


def _round_out(r: ReportingRound) -> dict:
    return {"id": r.pk, "plan": r.plan_id, "period": r.period, "title": r.title, "deadline": r.deadline,
            "is_open": r.is_open}


@router.get("", response={200: list[RoundOut], **_ERRORS}, summary="Reporting rounds")
def list_rounds(request: HttpRequest, plan: int | None = Query(None, ge=1, le=MAX_ID), open: bool | None = None):
    qs = ReportingRound.objects.all()
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if open is not None:
        qs = qs.filter(is_open=open)
    return [_round_out(r) for r in rounds_by_time(qs)]


@router.post("", response={200: RoundOut, **_ERRORS}, summary="Open a reporting round (planning office)")
def create_round(request: HttpRequest, body: RoundIn):
    """Opens the round for the period, or re-opens it with the new deadline."""
    require_admin(request.user, "open reporting round")
    plan = get_object_or_404(Plan, pk=body.plan)
    return _round_out(open_round(user=request.user, plan=plan, period=body.period, deadline=body.deadline,
                                 title=body.title))


@router.get("/{int:round_id}/completeness", response={200: list[CompletenessOut], **_ERRORS},
            summary="Which units have reported, which are late (planning office)")
def completeness(request: HttpRequest, round_id: int = Path(..., ge=1, le=MAX_ID)):
    require_admin(request.user, "read round completeness")
    rnd = access_round_by_id(request.user, round_id)
    return [
        {"unit": c.unit.code, "unit_name": c.unit.name, "required": c.required, "entered": c.entered,
         "submitted": c.submitted, "approved": c.approved, "missing": c.missing, "status": c.status,
         "is_late": c.is_late}
        for c in round_completeness(round=rnd)
    ]
