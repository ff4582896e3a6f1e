"""API endpoints for reported values: read (scope-checked), enter in batches, submit, approve, return."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from plantrack.api.schemas import (
    MAX_ID,
    ActionIn,
    ChangeOut,
    CountOut,
    EnterIn,
    EnterOut,
    ErrorOut,
    RejectedOut,
    ReturnIn,
    ValueOut,
)
from plantrack.core.control_chars import has_control_character
from plantrack.core.errors import InvalidInput
from plantrack.core.figures import figure_text
from plantrack.errors import message_of
from plantrack.orgs.access import access_unit_by_code
from plantrack.plans.models import Plan
from plantrack.plans.selectors import the_only_plan
from plantrack.reporting.access import access_value_by_id
from plantrack.reporting.findings import Finding
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, ReportingRound
from plantrack.reporting.selectors import value_history, values_for_unit, year_rows_of_unit
from plantrack.reporting.services import approve_values, enter_values, return_values, submit_values

router = Router(tags=["values"])

_INPUT_FIELDS = ("indicator_code", "unit_code", "period", "value", "measure_unit", "comment", "explanation",
                 "source")
_ERRORS = {400: RejectedOut | ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 503: ErrorOut}
# Reads never meet someone else's change (409) nor wait for a writer (503).
_READ_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def value_out(v: DataValue) -> dict:
    return {
        "id": v.id, "indicator": v.indicator.code, "indicator_name": v.indicator.name,
        "measure_unit": v.indicator.unit, "unit": v.unit.code, "unit_name": v.unit.name, "period": v.period,
        "value": figure_text(v.value, missing=None),
        "approved_value": figure_text(v.approved_value, missing=None), "state": v.state,
        "revision": v.revision, "comment": v.comment, "explanation": v.explanation,
        "return_reason": v.return_reason, "channel": v.channel,
        "updated_by": v.updated_by.username if v.updated_by_id else None, "updated_at": v.updated_at,
    }


def finding_out(f: Finding) -> dict:
    return {
        "severity": f.severity, "code": f.code, "message": f.message, "where": f.where,
        "indicator": f.indicator_code, "unit": f.unit_code, "period": f.period, "field": f.field,
    }


@router.get("", response={200: list[ValueOut], **_READ_ERRORS}, summary="Values of one unit for a period or a year")
def list_values(
    request: HttpRequest, unit: str, period: str | None = None,
    year: int | None = Query(None, ge=1900, le=2999),
    plan: int | None = Query(None, ge=1, le=MAX_ID, description="only this plan's indicators"),
):
    """The values of one org unit (its own, not its children's) for one period or a whole year."""
    if has_control_character(unit):
        raise HttpError(400, "unit: 单位代码含控制字符")  # PostgreSQL cannot even look a NUL up
    org = access_unit_by_code(request.user, unit)
    if (period is None) == (year is None):
        raise HttpError(400, "give exactly one of period or year")
    if period is not None:
        try:
            values = values_for_unit(user=request.user, unit=org, period=period)
        except InvalidInput as exc:  # a bad period; any other error is a fault, not the caller's to read
            raise HttpError(400, message_of(exc)) from exc
        if plan is not None:
            values = [v for v in values if v.indicator.plan_id == plan]
        return [value_out(v) for v in values]
    return [
        {"id": vid, "indicator": code, "indicator_name": name, "measure_unit": measure, "unit": org.code,
         "unit_name": org.name, "period": period, "value": figure_text(value, missing=None),
         "approved_value": figure_text(approved, missing=None),
         "state": state, "revision": revision, "comment": comment, "explanation": explanation,
         "return_reason": reason, "channel": channel, "updated_by": who, "updated_at": at}
        for (vid, code, name, measure, period, value, approved, state, revision, comment, explanation, reason,
             channel, who, at) in year_rows_of_unit(user=request.user, unit=org, year=year, plan_id=plan)
    ]


@router.get("/{int:value_id}", response={200: ValueOut, **_READ_ERRORS}, summary="One value")
def read_value(request: HttpRequest, value_id: int = Path(..., ge=1, le=MAX_ID)):
    return value_out(access_value_by_id(request.user, value_id))


@router.get("/{int:value_id}/history", response={200: list[ChangeOut], **_READ_ERRORS}, summary="History of a value")
def read_history(request: HttpRequest, value_id: int = Path(..., ge=1, le=MAX_ID)):
    """Who changed the value, when, old → new, through which channel."""
    value = access_value_by_id(request.user, value_id)
    return [
        {"action": c.action, "old_value": figure_text(c.old_value, missing=None),
         "new_value": figure_text(c.new_value, missing=None),
         "old_state": c.old_state, "new_state": c.new_state, "channel": c.channel, "comment": c.comment,
         "user": c.user.username if c.user_id else None, "at": c.at}
        for c in value_history(user=request.user, value=value)
    ]


def _plan_for(body: EnterIn) -> tuple[Plan, ReportingRound | None]:
    if body.round is not None:
        rnd = ReportingRound.objects.select_related("plan").filter(pk=body.round).first()
        if rnd is None:
            raise HttpError(404, f"no reporting round {body.round}")
        if body.plan is not None and body.plan != rnd.plan_id:
            raise HttpError(400, f"round {rnd.pk} belongs to plan {rnd.plan_id}, not {body.plan}")
        return rnd.plan, rnd
    if body.plan is not None:
        plan = Plan.objects.filter(pk=body.plan).first()
        if plan is None:
            raise HttpError(404, f"no plan {body.plan}")
        return plan, None
    plan = the_only_plan()
    if plan is None:
        raise HttpError(400, "several plans exist (or none): give round or plan")
    return plan, None


@router.post("", response={200: EnterOut, **_ERRORS}, summary="Enter a batch of values (all or nothing)")
def enter(request: HttpRequest, body: EnterIn):
    """Every value goes through the same checks as the form and the Excel template. A blocking error, or a warning
    without an explanation, refuses the whole batch: 400 with every finding, nothing written."""
    plan, rnd = _plan_for(body)
    inputs = [
        ValueInput(
            indicator_code=v.indicator, unit_code=v.unit, period=v.period, value=v.value,
            measure_unit=v.measure_unit, comment=v.comment, explanation=v.explanation, source=v.source,
            expected_revision=v.expected_revision, where=f"values[{i}]",
            columns={f: f.removesuffix("_code") for f in _INPUT_FIELDS},
        )
        for i, v in enumerate(body.values)
    ]
    result = enter_values(
        user=request.user, plan=plan, inputs=inputs, channel=Channel.API, round=rnd, submit=body.submit,
        correction=body.correction,
    )
    return {
        "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
        "submitted": result.submitted, "value_ids": result.value_ids,
        "warnings": [finding_out(f) for f in result.warnings],
    }


@router.post("/submit", response={200: CountOut, **_ERRORS}, summary="Submit values for review")
def submit(request: HttpRequest, body: ActionIn):
    n = submit_values(user=request.user, value_ids=body.value_ids, expected_revisions=body.expected_revisions,
                      channel=Channel.API)
    return {"count": n}


@router.post("/approve", response={200: CountOut, **_ERRORS}, summary="Approve submitted values (reviewers)")
def approve(request: HttpRequest, body: ActionIn):
    """All or none; 409 when someone else acted on one of the values first (send the revisions you read)."""
    n = approve_values(user=request.user, value_ids=body.value_ids, expected_revisions=body.expected_revisions,
                       channel=Channel.API)
    return {"count": n}


@router.post("/return", response={200: CountOut, **_ERRORS}, summary="Return submitted values with a reason")
def return_(request: HttpRequest, body: ReturnIn):
    n = return_values(user=request.user, value_ids=body.value_ids, reason=body.reason,
                      expected_revisions=body.expected_revisions, channel=Channel.API)
    return {"count": n}


