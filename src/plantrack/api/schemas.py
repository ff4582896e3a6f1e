"""Request and response shapes of the HTTP API (OpenAPI schemas). Figures travel as decimal strings, never floats."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BaseModel, field_validator

# Ids and revisions the database can hold (a signed 64-bit key, a revision counter): anything larger is refused as
# invalid input (422) instead of overflowing in the database.
MAX_ID = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
Revision = Annotated[int, Field(ge=0, le=2**31 - 1)]


class ValueOut(BaseModel):
    """A plain pydantic model (not a ninja Schema): built from dicts, so a year of values validates fast."""

    id: int
    indicator: str = Field(description="indicator code (指标编码)")
    indicator_name: str
    measure_unit: str = Field(description="计量单位")
    unit: str = Field(description="org unit code (单位代码)")
    unit_name: str
    period: str = Field(description="2026, 2026Q3 or 2026M10")
    value: str = Field(description="the working figure, a decimal string")
    approved_value: str | None = Field(None, description="the last approved (official) figure")
    state: str = Field(description="draft | submitted | approved | returned")
    revision: int = Field(description="send it back as expected_revision to act on exactly what you read")
    comment: str
    explanation: str
    return_reason: str
    channel: str
    updated_by: str | None
    updated_at: dt.datetime


class ValueIn(Schema):
    indicator: str = Field(description="indicator code")
    unit: str = Field(description="org unit code")
    period: str
    value: str | int | float | None = Field(description='the figure; a string such as "1234.5" keeps every digit')
    measure_unit: str | None = Field(None, description="if given, must match the indicator's unit (万元 ≠ 亿元)")
    comment: str = ""
    explanation: str = Field("", description="预警说明: required when a check warns")
    source: str = ""
    expected_revision: Revision | None = Field(None, description="the revision you read (0 = no value yet)")

    @field_validator("value", mode="before")
    @classmethod
    def _not_a_boolean(cls, raw: object) -> object:
        # JSON true/false would otherwise pass as the integers 1 and 0.
        if isinstance(raw, bool):
            raise ValueError(_("数值不能是 true/false，请填写数字"))
        return raw


class EnterIn(Schema):
    values: list[ValueIn]
    round: DbId | None = Field(None, description="reporting round id; its plan is used")
    plan: DbId | None = Field(None, description="plan id, when no round is given and several plans exist")
    submit: bool = Field(False, description="submit for review at once (else drafts)")
    correction: bool = Field(False, description="allow changing approved values (更正)")


class FindingOut(Schema):
    severity: str
    code: str
    message: str
    where: str
    indicator: str
    unit: str
    period: str
    field: str


class EnterOut(Schema):
    created: int
    updated: int
    unchanged: int
    submitted: int
    value_ids: list[int]
    warnings: list[FindingOut]


class RejectedOut(Schema):
    detail: str
    total: int
    findings: list[FindingOut]


class ErrorOut(Schema):
    detail: str
    code: str | None = Field(None, description="what kind of refusal (plantrack.core.errors): invalid, "
                             "values_rejected, stale_value, database_busy, denied, fault …")
    problems: list[str] | None = Field(None, description="every problem, one a line, when there are several")


class ActionIn(Schema):
    value_ids: list[DbId]
    expected_revisions: dict[DbId, Revision] | None = Field(None, description="value id → revision you read")


class ReturnIn(ActionIn):
    reason: str


class CountOut(Schema):
    count: int


class ChangeOut(Schema):
    action: str
    old_value: str | None
    new_value: str | None
    old_state: str
    new_state: str
    channel: str
    comment: str
    user: str | None
    at: dt.datetime


class RoundOut(Schema):
    id: int
    plan: int
    period: str
    title: str
    deadline: dt.date
    is_open: bool


class RoundIn(Schema):
    plan: DbId
    period: str
    deadline: dt.date
    title: str | None = None


class CompletenessOut(Schema):
    unit: str
    unit_name: str
    required: int
    entered: int
    submitted: int
    approved: int
    missing: int
    status: str = Field(description="complete | submitted | partial | missing")
    is_late: bool
