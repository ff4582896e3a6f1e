"""国家下达的年度目标: recording the yearly figure a national ministry assigns, with the document it came from.

A binding target the plan leaves to the nation ("完成国家下达目标", "达到国家要求") has no number of its own. The
planning office records each year's assigned figure (value, comparator, 文号, title, date, optionally the file);
the year's approved value is then judged against it (plantrack.assessment.judging). Every face (the indicator
page, `POST /api/assigned-targets`, `plantrack assigned-target add`) calls `record_assigned_target`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.clock import today as today_of_deployment
from plantrack.core.control_chars import first_control_character
from plantrack.core.errors import InvalidInput
from plantrack.core.figures import figure_text
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.indicators.signals import targets_changed
from plantrack.orgs.access import require_admin
from plantrack.orgs.models import OrgUnit, User
from plantrack.uploads.documents import document_problems, remove_document, store_document

__all__ = ["AssignedTargetError", "record_assigned_target"]

# Beyond what the value column holds (14 digits before the point) no real assigned figure lies.
_LARGEST = Decimal("1e14")


class AssignedTargetError(InvalidInput):
    """The assigned figure cannot be recorded as given; the message says why (and nothing was stored)."""

    code = "assigned_target_refused"


def _number(raw: object) -> Decimal:
    text = str(raw).strip().replace("，", "").replace(",", "") if raw is not None else ""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        raise AssignedTargetError(_("下达目标值“%(v)s”不是数字") % {"v": text[:40]}) from None
    if not value.is_finite() or abs(value) >= _LARGEST:
        raise AssignedTargetError(_("下达目标值“%(v)s”超出可记录的范围") % {"v": text[:40]})
    return value


def _text(raw: str, label: str, limit: int) -> str:
    text = (raw or "").strip()
    if not text:
        raise AssignedTargetError(_("请填写%(label)s") % {"label": label})
    if len(text) > limit:
        raise AssignedTargetError(_("%(label)s最多%(n)d个字") % {"label": label, "n": limit})
    bad = first_control_character(text)
    if bad is not None:
        raise AssignedTargetError(_("%(label)s第%(pos)d个字符是控制字符%(char)s，请删除后重试")
                                  % {"label": label, "pos": bad[0] + 1, "char": bad[1]})
    return text


def record_assigned_target(
    *,
    user: User,
    indicator: Indicator,
    unit: OrgUnit,
    year: int,
    value: object,
    comparator: str,
    document_number: str,
    document_title: str,
    document_date: date,
    file: tuple[str, IO[bytes]] | None = None,
    today: date | None = None,
) -> AssignedTarget:
    """Record (or correct) the figure assigned to `unit` for `year`; the planning office only.

    Judging follows at once: the indicator's stored assessments are rebuilt in every unit with approved values.
    `today` (default: the project's clock) is the day no document date may be later than.
    """
    require_admin(user, "record assigned target")
    plan = indicator.plan
    if not indicator.target_without_number:
        raise AssignedTargetError(
            _("指标“%(name)s”的规划目标已有数值，按规划目标评估，无需录入国家下达目标") % {"name": indicator.name}
        )
    if not isinstance(year, int) or not plan.period_start <= year <= plan.period_end:
        raise AssignedTargetError(_("年份%(y)s不在规划期%(a)s–%(b)s年内")
                                  % {"y": year, "a": plan.period_start, "b": plan.period_end})
    if comparator not in AssignedTarget.Comparator.values:
        raise AssignedTargetError(_("比较方式“%(c)s”不认识：应为 >=（不低于）、<=（不高于）或 ~（左右）")
                                  % {"c": comparator})
    number = _number(value)
    doc_number = _text(document_number, _("文号"), 100)
    doc_title = _text(document_title, _("文件标题"), 300)
    if not isinstance(document_date, date):
        raise AssignedTargetError(_("请填写发文日期"))
    if document_date > (today or today_of_deployment()):
        raise AssignedTargetError(_("发文日期%(d)s晚于今天") % {"d": document_date.isoformat()})
    if file is not None:
        problems = document_problems(file[0], file[1], label=_("下达文件"))
        if problems:
            raise AssignedTargetError(wording.join_clauses(problems))
    stored = store_document(folder="assigned_targets", name=file[0], stream=file[1]) if file is not None else None
    try:
        with transaction.atomic():
            existing = AssignedTarget.objects.select_for_update().filter(
                indicator=indicator, unit=unit, year=year).first()
            target = existing or AssignedTarget(indicator=indicator, unit=unit, year=year)
            if existing is not None:
                target.earlier = [*existing.earlier, _version_of(existing)]
            target.value, target.comparator = number, comparator
            target.document_number, target.document_title, target.document_date = doc_number, doc_title, document_date
            target.entered_by = user
            if stored is not None:
                target.file_name, target.file_stored_name = stored.original_name, stored.stored_name
                target.file_content_type, target.file_size = stored.content_type, stored.size
                target.file_sha256 = stored.sha256
            target.full_clean(exclude=["indicator", "unit", "entered_by"])
            target.save()
            targets_changed.send(sender=Indicator, indicator_id=indicator.pk)
    except BaseException:
        if stored is not None:
            remove_document(stored.stored_name)
        raise
    return target


def _version_of(target: AssignedTarget) -> dict:
    return {
        "value": figure_text(target.value), "comparator": target.comparator, "document_number": target.document_number,
        "document_title": target.document_title, "document_date": target.document_date.isoformat(),
        "file_name": target.file_name, "file_stored_name": target.file_stored_name,
        "entered_by": target.entered_by.username if target.entered_by else "",
        "entered_at": target.entered_at.isoformat() if target.entered_at else "",
    }
