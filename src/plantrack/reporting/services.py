"""Reporting actions (填报、提交、审核、退回、开轮次): the one place values are written, for every channel.

Pages, the Excel template, the bulk file, the API and the CLI all call these functions; each runs in one transaction,
writes its history rows (DataValueChange) and either does everything or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack.core.control_chars import first_control_character
from plantrack.core.errors import InvalidInput
from plantrack.core.periods import parse_period
from plantrack.orgs.access import (
    can_approve_submission,
    can_enter_values,
    can_review_values,
    deny,
    may_approve_own_submission,
    require_admin,
)
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.busy import DatabaseBusy, write_transaction
from plantrack.reporting.entry import EntryResult, run_entry
from plantrack.reporting.findings import StaleValue, ValuesRejected
from plantrack.reporting.history import Change, record_changes
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, DataValueChange, ReportingRound
from plantrack.reporting.selectors import submitters_of
from plantrack.reporting.signals import values_approved
from plantrack.reporting.validation import findings_for_stored

__all__ = [
    "EntryResult",
    "ValuesRejected",
    "StaleValue",
    "DatabaseBusy",
    "enter_values",
    "submit_values",
    "approve_values",
    "return_values",
    "open_round",
    "OwnSubmission",
]

_IN_CHUNK = 500  # ids per IN (...) list: well under every backend's parameter limit


def enter_values(
    *,
    user: User,
    plan: Plan,
    inputs: Iterable[ValueInput],
    channel: str,
    round: ReportingRound | None = None,
    submit: bool = False,
    correction: bool = False,
    dry_run: bool = False,
    keep_value_ids: int = 100_000,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> EntryResult:
    """Check and write a batch of values, all or nothing (录入): the one door every channel's figures go through.

    Raises ValuesRejected (every finding; nothing written) when any input is wrong or a warning has no explanation,
    PermissionDenied (logged) for a unit outside the user's scope, StaleValue when someone changed a value first,
    DatabaseBusy when another writer held the database too long. `correction=True` allows changing approved values
    (更正): the approved figure stays official until the correction is approved. `dry_run=True` runs every check
    and returns what would happen, writing nothing. `inputs` may be a generator (a file being read): it is checked
    and staged chunk by chunk before the short write transaction. `today` decides which periods have ended
    (default: clock.today()); `keep_value_ids` caps the ids returned; `progress` hears how many inputs were read.
    """
    return run_entry(
        user=user, plan=plan, inputs=inputs, channel=channel, round=round, submit=submit, correction=correction,
        dry_run=dry_run, keep_value_ids=keep_value_ids, today=today, progress=progress,
    )


class _Current(NamedTuple):
    """What an action needs to know of a value, read in bulk without building model instances."""

    unit_id: int
    value: Decimal
    approved_value: Decimal | None
    state: str
    revision: int
    indicator_id: int


def _load_for_action(value_ids: Iterable[int]) -> dict[int, _Current]:
    ids = sorted(set(int(i) for i in value_ids))
    found: dict[int, _Current] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for vid, *rest in DataValue.objects.filter(id__in=chunk).values_list(
            "id", "unit_id", "value", "approved_value", "state", "revision", "indicator_id"
        ):
            found[vid] = _Current(*rest)
    missing = set(ids) - set(found)
    if missing:
        raise StaleValue(_("数据不存在或已被删除：%(ids)s") % {"ids": ", ".join(map(str, sorted(missing)[:10]))})
    return found


def _check_scope(user: User, values: Iterable[_Current], allowed, action: str) -> None:
    unit_ids = {v.unit_id for v in values}
    for unit in OrgUnit.objects.filter(id__in=unit_ids):
        if not allowed(user, unit):
            raise deny(user, unit, action)


class OwnSubmission(PermissionDenied):
    """Approving a figure one submitted oneself is refused (审核分离); the message names the first such figure."""


def _check_separation(user: User, values: dict[int, _Current]) -> None:
    """Before anything is written: refuse the whole batch if it holds a figure the approver submitted."""
    if may_approve_own_submission():
        return
    for vid, submitter in submitters_of(value_ids=values, user=user).items():
        if not can_approve_submission(user, submitted_by_id=submitter):
            unit = OrgUnit.objects.filter(pk=values[vid].unit_id).first()
            deny(user, unit, "approve own submission")
            raise OwnSubmission(_("不能审核本人提交的数据（数据编号%(id)s），请由其他审核人审核") % {"id": vid})


def _transition(
    *,
    user: User,
    values: dict[int, _Current],
    expected: Mapping[int, int] | None,
    from_states: set[str],
    to_state: str,
    action: str,
    comment: str = "",
    approve: bool = False,
    return_reason: str | None = None,
    channel: str = Channel.FORM,
) -> int:
    """Move values to `to_state` with conditional UPDATEs (WHERE revision = the one read): one of two racers wins."""
    if not values:
        return 0
    now = timezone.now()
    for v in values.values():
        if v.state not in from_states:
            raise StaleValue(
                _("数据当前状态为“%(state)s”，无法%(action)s，可能已被他人处理")
                % {"state": DataValue.State(v.state).label, "action": DataValueChange.Action(action).label}
            )
    if expected is not None:
        for vid, v in values.items():
            if vid in expected and int(expected[vid]) != v.revision:
                raise StaleValue(_("数据已被他人修改或处理（现为第%(rev)s版），请刷新后重试") % {"rev": v.revision})
    by_revision: dict[int, list[int]] = {}
    for vid, v in values.items():
        by_revision.setdefault(v.revision, []).append(vid)
    changes: dict = {"state": to_state, "revision": F("revision") + 1, "updated_at": now}
    if approve:
        changes.update(approved_value=F("value"), approved_by=user, approved_at=now, return_reason="")
    if return_reason is not None:
        changes["return_reason"] = return_reason
    updated = 0
    for revision, ids in by_revision.items():
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start : start + _IN_CHUNK]
            updated += DataValue.objects.filter(id__in=chunk, revision=revision, state__in=from_states).update(
                **changes
            )
    if updated != len(values):
        # Someone acted between our read and our write: undo everything of this action.
        raise StaleValue(_("部分数据已被他人修改或处理，本次操作未生效，请刷新后重试"))
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cur:
        record_changes(cur, [
            Change(vid, action, v.approved_value if approve else v.value, v.value, v.state, to_state, channel,
                   comment, "", user.id, at)
            for vid, v in values.items()
        ])
    return updated


def submit_values(
    *,
    user: User,
    value_ids: Iterable[int],
    expected_revisions: Mapping[int, int] | None = None,
    channel: str = Channel.FORM,
) -> int:
    """提交: draft or returned values of the user's units go to the reviewers. Already submitted ones are skipped."""
    values = _load_for_action(value_ids)
    # Checked before the transaction, so a refusal's AccessDenial row is not rolled back with it.
    _check_scope(user, values.values(), can_enter_values, "submit values")
    _require_explanations([vid for vid, v in values.items() if v.state in _SUBMITTABLE])
    with write_transaction():
        pending = {
            vid: v
            for vid, v in values.items()
            if v.state in {DataValue.State.DRAFT, DataValue.State.RETURNED}
            or (expected_revisions is not None and vid in expected_revisions)
        }
        if not pending:
            return 0
        return _transition(
            user=user,
            values=pending,
            expected=expected_revisions,
            from_states={DataValue.State.DRAFT, DataValue.State.RETURNED},
            to_state=DataValue.State.SUBMITTED,
            action=DataValueChange.Action.SUBMIT,
            channel=channel,
        )


_SUBMITTABLE = {DataValue.State.DRAFT, DataValue.State.RETURNED}


def _require_explanations(value_ids: list[int]) -> None:
    """提交 by ids obeys the rule entry does: no error, and every warning explained (预警说明) before submitting."""
    if not value_ids:
        return
    stored = [
        v for start in range(0, len(value_ids), _IN_CHUNK)
        for v in DataValue.objects.filter(id__in=value_ids[start : start + _IN_CHUNK]).select_related(
            "indicator__plan", "unit"
        )
    ]
    blocking = [f for _vid, f in findings_for_stored(stored) if f.is_error or not f.explained]
    if blocking:
        raise ValuesRejected(blocking)


def approve_values(
    *,
    user: User,
    value_ids: Iterable[int],
    expected_revisions: Mapping[int, int] | None = None,
    channel: str = Channel.FORM,
) -> int:
    """审核通过: submitted values become the official figure (approved_value); all of them or, on a race, none."""
    values = _load_for_action(value_ids)
    _check_scope(user, values.values(), can_review_values, "approve values")
    _check_separation(user, values)
    with write_transaction():
        approved = _transition(
            user=user,
            values=values,
            expected=expected_revisions,
            from_states={DataValue.State.SUBMITTED},
            to_state=DataValue.State.APPROVED,
            action=DataValueChange.Action.APPROVE,
            approve=True,
            channel=channel,
        )
        # The stored judgements follow the official figures at once, in the same transaction (assessment listens).
        values_approved.send(
            sender=DataValue,
            indicator_ids={v.indicator_id for v in values.values()},
            unit_ids={v.unit_id for v in values.values()},
        )
        return approved


def return_values(
    *,
    user: User,
    value_ids: Iterable[int],
    reason: str,
    expected_revisions: Mapping[int, int] | None = None,
    channel: str = Channel.FORM,
) -> int:
    """退回: submitted values go back to their unit with a reason (required; ValueError without one)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("退回必须填写原因"))
    _check_text(reason, _("退回原因"), MAX_REASON_LENGTH)
    values = _load_for_action(value_ids)
    _check_scope(user, values.values(), can_review_values, "return values")
    with write_transaction():
        return _transition(
            user=user,
            values=values,
            expected=expected_revisions,
            from_states={DataValue.State.SUBMITTED},
            to_state=DataValue.State.RETURNED,
            action=DataValueChange.Action.RETURN,
            comment=reason,
            return_reason=reason,
            channel=channel,
        )


MAX_REASON_LENGTH = 2000
MAX_ROUND_TITLE_LENGTH = ReportingRound._meta.get_field("title").max_length


def _check_text(text: str, what: str, limit: int) -> None:
    """ValueError naming the field when typed text holds a control character or is too long (same on every DB)."""
    bad = first_control_character(text)
    if bad is not None:
        raise InvalidInput(_("%(what)s的第%(pos)s个字符是控制字符%(char)s，不能保存")
                           % {"what": what, "pos": bad[0] + 1, "char": bad[1]})
    if len(text) > limit:
        raise InvalidInput(_("%(what)s长度%(n)s字，超过上限%(limit)s字")
                           % {"what": what, "n": len(text), "limit": limit})


def open_round(
    *, user: User, plan: Plan, period: str, deadline: date, title: str | None = None
) -> ReportingRound:
    """开轮次 (admins only): a round for one period of the plan; opening it again re-opens it with the new deadline."""
    require_admin(user, "open reporting round")
    if title:
        _check_text(title, _("轮次名称"), MAX_ROUND_TITLE_LENGTH)
    p = parse_period(period)
    if not plan.period_start <= p.year <= plan.period_end:
        raise InvalidInput(
            _("报告期%(period)s不在规划期%(start)s–%(end)s年内")
            % {"period": p.code, "start": plan.period_start, "end": plan.period_end}
        )
    with write_transaction():
        rnd, created = ReportingRound.objects.get_or_create(
            plan=plan,
            period=p.code,
            defaults={
                # Stored data, so in the plan's working language whatever language the admin's pages are in.
                "title": title or f"{p.label_zh()}填报",
                "deadline": deadline,
                "created_by": user,
            },
        )
        if not created:
            rnd.deadline = deadline
            rnd.is_open = True
            if title:
                rnd.title = title
            rnd.save(update_fields=["deadline", "is_open", "title"])
    return rnd


def close_round(*, user: User, round: ReportingRound) -> ReportingRound:
    """关闭轮次 (admins only): clerks can no longer enter values for the round's period."""
    require_admin(user, "close reporting round")
    round.is_open = False
    round.save(update_fields=["is_open"])
    return round
