"""API endpoints for targets without a number: 国家下达的年度目标 and 人工研判 (write, submit, approve, return, read
every version). Thin: the same services as the indicator pages; a refused input is a 400 with the reason, a
person outside the unit's scope a 403.

Files travel as base64 in the JSON body (`file_base64` / `evidence_base64`, with their names), checked for type,
size and content like every uploaded document.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from plantrack.api.schemas import DbId, ErrorOut
from plantrack.assessment.judgements import (
    access_judgement_by_id,
    approve_judgement,
    judgement_history,
    return_judgement,
    submit_judgement,
    write_judgement,
)
from plantrack.assessment.models import ManualJudgement
from plantrack.core.errors import InvalidInput
from plantrack.core.figures import figure_text
from plantrack.indicators.assigned_targets import record_assigned_target
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.orgs.access import access_unit_by_code

router = Router(tags=["judged targets"])
_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class AssignedTargetOut(Schema):
    id: int
    indicator: int
    unit: str
    year: int
    value: str = Field(description="the assigned figure, a decimal string")
    comparator: str = Field(description=">= (at least), <= (at most), ~ (左右)")
    document_number: str = Field(description="文号")
    document_title: str
    document_date: dt.date
    file_name: str


class AssignedTargetIn(Schema):
    indicator: DbId
    unit: str = Field(description="org unit code the figure is assigned to (usually the region)")
    year: int
    value: str
    comparator: str = Field(description=">=, <= or ~")
    document_number: str
    document_title: str
    document_date: dt.date
    file_name: str = ""
    file_base64: str = ""


class JudgementOut(Schema):
    id: int
    indicator: int
    unit: str
    year: int
    version: int
    status: str
    reasoning: str
    state: str = Field(description="draft | submitted | approved | returned")
    evidence_name: str
    author: str
    reviewer: str | None
    reviewed_at: dt.datetime | None
    review_note: str


class JudgementIn(Schema):
    indicator: DbId
    unit: str
    year: int
    status: str = Field(description="已完成 | 超前 | 符合预期 | 滞后 | 严重滞后")
    reasoning: str
    evidence_name: str = ""
    evidence_base64: str = ""


class NoteIn(Schema):
    note: str = ""


def _file(name: str, payload: str) -> tuple[str, io.BytesIO] | None:
    if not payload:
        return None
    # base64 is four characters for three bytes: refuse before decoding anything far beyond the size limit.
    if len(payload) > settings.PLANTRACK_EVIDENCE_MAX_BYTES * 4 // 3 + 8:
        raise InvalidInput(_("文件“%(name)s”超过%(limit)s字节的上限") % {"name": name,
                                                                   "limit": settings.PLANTRACK_EVIDENCE_MAX_BYTES},
                           code="file_too_large")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(_("文件“%(name)s”不是有效的 base64 编码") % {"name": name}, code="bad_base64") from None
    return (name or "file", io.BytesIO(data))


def _assigned_out(t: AssignedTarget) -> dict:
    return {
        "id": t.pk, "indicator": t.indicator_id, "unit": t.unit.code, "year": t.year, "value": figure_text(t.value),
        "comparator": t.comparator, "document_number": t.document_number, "document_title": t.document_title,
        "document_date": t.document_date, "file_name": t.file_name,
    }


def _judgement_out(j: ManualJudgement) -> dict:
    return {
        "id": j.pk, "indicator": j.indicator_id, "unit": j.unit.code, "year": j.year, "version": j.version,
        "status": j.status, "reasoning": j.reasoning, "state": j.state, "evidence_name": j.evidence_name,
        "author": j.author.username, "reviewer": j.reviewed_by.username if j.reviewed_by else None,
        "reviewed_at": j.reviewed_at, "review_note": j.review_note,
    }


@router.get("/assigned-targets", response={200: list[AssignedTargetOut], **_ERRORS},
            summary="The nationally assigned yearly figures of an indicator")
def list_assigned(request: HttpRequest, indicator: DbId):
    ind = get_object_or_404(Indicator, pk=indicator)
    return [_assigned_out(t) for t in AssignedTarget.objects.filter(indicator=ind).select_related("unit")]


@router.post("/assigned-targets", response={200: AssignedTargetOut, **_ERRORS},
             summary="Record the figure a ministry assigned for a year (the planning office)")
def add_assigned(request: HttpRequest, body: AssignedTargetIn):
    ind = get_object_or_404(Indicator.objects.select_related("plan"), pk=body.indicator)
    unit = access_unit_by_code(request.user, body.unit)
    target = record_assigned_target(
        user=request.user, indicator=ind, unit=unit, year=body.year, value=body.value, comparator=body.comparator,
        document_number=body.document_number, document_title=body.document_title,
        document_date=body.document_date, file=_file(body.file_name, body.file_base64),
    )
    return _assigned_out(target)


@router.get("/judgements", response={200: list[JudgementOut], **_ERRORS},
            summary="Every version of an indicator's manual judgements (人工研判) in the units you may read")
def list_judgements(request: HttpRequest, indicator: DbId, unit: str | None = None):
    ind = get_object_or_404(Indicator, pk=indicator)
    at = access_unit_by_code(request.user, unit) if unit else None
    return [_judgement_out(j) for j in judgement_history(user=request.user, indicator=ind, unit=at)]


@router.post("/judgements", response={200: JudgementOut, **_ERRORS},
             summary="Write a manual judgement (a new version, or the rewrite of your draft)")
def add_judgement(request: HttpRequest, body: JudgementIn):
    ind = get_object_or_404(Indicator.objects.select_related("plan"), pk=body.indicator)
    unit = access_unit_by_code(request.user, body.unit)
    j = write_judgement(user=request.user, indicator=ind, unit=unit, year=body.year, status=body.status,
                        reasoning=body.reasoning, evidence=_file(body.evidence_name, body.evidence_base64))
    return _judgement_out(j)


@router.post("/judgements/{judgement_id}/submit", response={200: JudgementOut, **_ERRORS},
             summary="Submit your judgement for a second person's review")
def submit(request: HttpRequest, judgement_id: DbId):
    j = access_judgement_by_id(request.user, judgement_id)
    return _judgement_out(submit_judgement(user=request.user, judgement=j))


@router.post("/judgements/{judgement_id}/approve", response={200: JudgementOut, **_ERRORS},
             summary="Approve a submitted judgement (a reviewer who is not its author)")
def approve(request: HttpRequest, judgement_id: DbId, body: NoteIn):
    j = access_judgement_by_id(request.user, judgement_id)
    return _judgement_out(approve_judgement(user=request.user, judgement=j, note=body.note))


@router.post("/judgements/{judgement_id}/return", response={200: JudgementOut, **_ERRORS},
             summary="Return a submitted judgement with the reason")
def return_(request: HttpRequest, judgement_id: DbId, body: NoteIn):
    j = access_judgement_by_id(request.user, judgement_id)
    return _judgement_out(return_judgement(user=request.user, judgement=j, note=body.note))
