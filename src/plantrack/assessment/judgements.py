"""人工研判: writing, submitting, approving and returning a person's reasoned judgement of a target no figure can
decide. Every face (the indicator's judgement page, `/api/judgements`, `plantrack judgement …`) calls these.

A judgement is written by someone who may enter the unit's figures (its clerks, the planning office), with its
reasoning and an evidence file; submitted; and approved by someone who may review the unit's figures and is not
its author. Only the approved version stands as the year's assessment (assessment.judging, marked 人工研判). Writing
again after a submission or a decision starts a new version; a draft is rewritten in place. Every version stays.
"""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.assessment.models import JUDGED_STATUS_CHOICES, ManualJudgement
from plantrack.core.control_chars import first_control_character
from plantrack.core.errors import InvalidInput
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import can_read_unit, can_review_values, deny, require_enter, require_read
from plantrack.orgs.models import OrgUnit, User
from plantrack.uploads.documents import document_problems, remove_document, store_document
from plantrack.wording import join_words

__all__ = [
    "JudgementError", "write_judgement", "submit_judgement", "approve_judgement", "return_judgement",
    "judgement_history", "access_judgement_by_id",
]

MAX_REASONING = 5000
_STATUSES = {value for value, _label in JUDGED_STATUS_CHOICES}


class JudgementError(InvalidInput):
    """The judgement cannot be written or moved on as asked; the message says why, nothing changed."""

    code = "judgement_refused"


def _check_reasoning(reasoning: str) -> str:
    text = (reasoning or "").strip()
    if len(text) < 10:
        raise JudgementError(_("请写明研判理由（至少10个字）：依据哪些情况、数据或文件作出这一结论"))
    if len(text) > MAX_REASONING:
        raise JudgementError(_("研判理由最多%(n)d个字") % {"n": MAX_REASONING})
    bad = first_control_character(text)
    if bad is not None:
        raise JudgementError(_("研判理由第%(pos)d个字符是控制字符%(char)s，请删除后重试")
                             % {"pos": bad[0] + 1, "char": bad[1]})
    return text


def write_judgement(
    *,
    user: User,
    indicator: Indicator,
    unit: OrgUnit,
    year: int,
    status: str,
    reasoning: str,
    evidence: tuple[str, IO[bytes]] | None = None,
) -> ManualJudgement:
    """Write (or rewrite the draft of) a judgement of `indicator` in `unit` for `year`; returns the version."""
    require_enter(user, unit)
    plan = indicator.plan
    if not indicator.target_without_number:
        raise JudgementError(_("指标“%(name)s”的目标有数值，按数据计算评估，不作人工研判") % {"name": indicator.name})
    if not isinstance(year, int) or not plan.period_start <= year <= plan.period_end:
        raise JudgementError(_("年份%(y)s不在规划期%(a)s–%(b)s年内")
                             % {"y": year, "a": plan.period_start, "b": plan.period_end})
    if status not in _STATUSES:
        # The words themselves are the values a form, the API and the command line send: listed untranslated.
        raise JudgementError(_("研判结论应为 %(all)s 之一") % {"all": join_words(sorted(_STATUSES))})
    text = _check_reasoning(reasoning)
    if evidence is not None:
        problems = document_problems(evidence[0], evidence[1])
        if problems:
            raise JudgementError(wording.join_clauses(problems))
    stored = store_document(folder="judgements", name=evidence[0], stream=evidence[1]) if evidence else None
    replaced = ""
    try:
        with transaction.atomic():
            latest = (ManualJudgement.objects.select_for_update()
                      .filter(indicator=indicator, unit=unit, year=year).order_by("-version").first())
            if latest is not None and latest.state == ManualJudgement.State.DRAFT:
                if latest.author_id != user.id:
                    raise JudgementError(_("%(who)s 的草稿（第%(v)d版）尚未提交：请其提交或修改后再写新版本")
                                         % {"who": latest.author.username, "v": latest.version})
                judgement = latest
            else:
                version = (latest.version if latest else 0) + 1
                judgement = ManualJudgement(indicator=indicator, unit=unit, year=year, version=version,
                                            author=user)
                if latest is not None and stored is None and latest.evidence_stored_name:
                    # A new version that brings no file of its own keeps citing the evidence already given.
                    _copy_evidence(latest, judgement)
            judgement.status, judgement.reasoning = status, text
            judgement.written_at = timezone.now()
            if stored is not None:
                replaced = judgement.evidence_stored_name if judgement.pk else ""
                judgement.evidence_name, judgement.evidence_stored_name = stored.original_name, stored.stored_name
                judgement.evidence_content_type, judgement.evidence_size = stored.content_type, stored.size
                judgement.evidence_sha256 = stored.sha256
            judgement.save()
    except BaseException:
        if stored is not None:
            remove_document(stored.stored_name)
        raise
    if replaced and not ManualJudgement.objects.filter(evidence_stored_name=replaced).exists():
        remove_document(replaced)
    return judgement


def _copy_evidence(source: ManualJudgement, target: ManualJudgement) -> None:
    for name in ("evidence_name", "evidence_stored_name", "evidence_content_type", "evidence_size",
                 "evidence_sha256"):
        setattr(target, name, getattr(source, name))


def _move(judgement: ManualJudgement, *, allowed: set[str], to: str, **fields) -> ManualJudgement:
    with transaction.atomic():
        updated = ManualJudgement.objects.filter(pk=judgement.pk, state__in=allowed).update(state=to, **fields)
        if not updated:
            current = ManualJudgement.objects.get(pk=judgement.pk)
            raise JudgementError(_("第%(v)d版研判当前为“%(state)s”，不能这样操作")
                                 % {"v": current.version, "state": current.get_state_display()})
    judgement.refresh_from_db()
    return judgement


def submit_judgement(*, user: User, judgement: ManualJudgement) -> ManualJudgement:
    """提交审核: the author sends a draft (or a returned version) with its evidence to review."""
    require_enter(user, judgement.unit)
    if judgement.author_id != user.id:
        raise JudgementError(_("只有撰写人可以提交这份研判"))
    if not judgement.evidence_stored_name:
        raise JudgementError(_("提交前请上传佐证材料（PDF、Word、Excel或图片）"))
    return _move(judgement, allowed={ManualJudgement.State.DRAFT, ManualJudgement.State.RETURNED},
                 to=ManualJudgement.State.SUBMITTED, submitted_at=timezone.now())


def _require_second_person(user: User, judgement: ManualJudgement) -> None:
    if not can_review_values(user, judgement.unit):
        raise deny(user, judgement.unit, "review manual judgement")
    if judgement.author_id == user.id:
        raise JudgementError(_("研判须由撰写人以外的第二人审核：您是这份研判的撰写人"))


def approve_judgement(*, user: User, judgement: ManualJudgement, note: str = "") -> ManualJudgement:
    """审核通过: a second person approves; the judgement then stands as the year's assessment (人工研判)."""
    from plantrack.assessment.services import refresh_assessments  # services re-exports this module's actions

    _require_second_person(user, judgement)
    with transaction.atomic():
        judgement = _move(judgement, allowed={ManualJudgement.State.SUBMITTED}, to=ManualJudgement.State.APPROVED,
                          reviewed_by=user, reviewed_at=timezone.now(), review_note=(note or "").strip()[:2000])
        refresh_assessments(indicator_ids=[judgement.indicator_id], unit_ids=[judgement.unit_id])
    return judgement


def return_judgement(*, user: User, judgement: ManualJudgement, note: str) -> ManualJudgement:
    """退回: a second person sends it back with the reason; the author writes a new version."""
    _require_second_person(user, judgement)
    reason = (note or "").strip()
    if not reason:
        raise JudgementError(_("退回须写明原因"))
    return _move(judgement, allowed={ManualJudgement.State.SUBMITTED}, to=ManualJudgement.State.RETURNED,
                 reviewed_by=user, reviewed_at=timezone.now(), review_note=reason[:2000])


def judgement_history(*, user: User, indicator: Indicator, unit: OrgUnit | None = None) -> list[ManualJudgement]:
    """Every version of the indicator's judgements in the units the reader may see, newest first per year."""
    rows = (ManualJudgement.objects.filter(indicator=indicator)
            .select_related("unit", "author", "reviewed_by").order_by("unit__path", "-year", "-version"))
    if unit is not None:
        require_read(user, unit)
        rows = rows.filter(unit=unit)
    return [j for j in rows if can_read_unit(user, j.unit)]


def access_judgement_by_id(user: User, pk: object) -> ManualJudgement:
    """One version, for a reader of its unit: 404 when there is none, 403 (logged) outside scope."""
    from django.http import Http404

    try:
        key = int(str(pk))
    except ValueError:
        raise Http404 from None
    judgement = (ManualJudgement.objects.select_related("indicator__plan", "unit", "author", "reviewed_by")
                 .filter(pk=key).first())
    if judgement is None:
        raise Http404
    require_read(user, judgement.unit)
    return judgement

