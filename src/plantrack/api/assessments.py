"""API endpoints for assessments and warnings: the newest judgements in scope, open warnings, acknowledging one."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from plantrack.api.schemas import ErrorOut
from plantrack.assessment.selectors import latest_assessments, warnings_for
from plantrack.assessment.services import acknowledge_warning
from plantrack.orgs.access import access_unit_by_code

router = Router(tags=["assessments"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class AssessmentOut(Schema):
    indicator: str
    indicator_name: str
    unit: str
    unit_name: str
    period: str
    status: str
    explanation: str
    result: dict


class WarningOut(Schema):
    id: int
    indicator: str
    unit: str
    kind: str
    status: str
    previous_status: str
    message: str
    raised_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    note: str


class AcknowledgeIn(Schema):
    note: str


def _warning_out(w) -> dict:
    return {
        "id": w.pk, "indicator": w.indicator.code, "unit": w.unit.code, "kind": w.kind, "status": w.status,
        "previous_status": w.previous_status, "message": w.message, "raised_at": w.raised_at,
        "acknowledged_by": w.acknowledged_by.username if w.acknowledged_by else None,
        "acknowledged_at": w.acknowledged_at, "note": w.note,
    }


@router.get("/assessments", response={200: list[AssessmentOut], **_ERRORS},
            summary="The newest year assessment of each indicator and unit in scope")
def list_assessments(request: HttpRequest, unit: str | None = None, category: str | None = None,
                     attribute: str | None = None, status: str | None = None):
    """`result` is the `plantrack assess --json` result of DESIGN.md plus the fields shown beside it."""
    at = access_unit_by_code(request.user, unit) if unit else None
    return [
        {"indicator": a.indicator.code, "indicator_name": a.indicator.name, "unit": a.unit.code,
         "unit_name": a.unit.name, "period": a.period, "status": a.status, "explanation": a.explanation,
         "result": a.result}
        for a in latest_assessments(user=request.user, unit=at, category=category, attribute=attribute,
                                    status=status)
    ]


@router.get("/warnings", response={200: list[WarningOut], **_ERRORS}, summary="Warnings (预警) in scope")
def list_warnings(request: HttpRequest, include_acknowledged: bool = False):
    return [_warning_out(w) for w in warnings_for(user=request.user, include_acknowledged=include_acknowledged)]


@router.post("/warnings/{int:warning_id}/acknowledge", response={200: WarningOut, **_ERRORS},
             summary="Acknowledge a warning with a note (the responsible unit or the planning office)")
def acknowledge(request: HttpRequest, warning_id: int, body: AcknowledgeIn):
    warning = warnings_for(user=request.user).filter(pk=warning_id).first()
    if warning is None:
        raise Http404(warning_id)
    return _warning_out(acknowledge_warning(user=request.user, warning=warning, note=body.note))
