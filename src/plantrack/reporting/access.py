"""Who may read and enter reported values and rounds: built on the user-and-unit predicates of `orgs.access`."""

from __future__ import annotations

from django.http import Http404

from plantrack.orgs.access import can_enter_values, deny, is_admin, require_read, whole_number_or_404
from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting.models import DataValue, ReportingRound


def round_accepts_entries(user: User, round: ReportingRound) -> bool:
    """A closed round takes no more figures, except from the planning office (late corrections)."""
    return round.is_open or is_admin(user)


def can_enter_in_round(user: User, unit: OrgUnit, round: ReportingRound) -> bool:
    return can_enter_values(user, unit) and round_accepts_entries(user, round)


def can_enter_outside_round(user: User) -> bool:
    """A figure for a period that has no reporting round is the planning office's to enter (补录历史数据)."""
    return is_admin(user)


def access_round_by_id(user: User, round_id: object) -> ReportingRound:
    """A reporting round; every signed-in person may see rounds (what they may do in one is decided per unit)."""
    if not user.is_authenticated:
        raise deny(user, None, "read reporting round")
    rnd = ReportingRound.objects.select_related("plan").filter(pk=whole_number_or_404(round_id)).first()
    if rnd is None:
        raise Http404(str(round_id))
    return rnd


def access_value_by_id(user: User, value_id: object) -> DataValue:
    """A reported value if `user` may read its unit; 404 if there is none, 403 (logged) if out of scope."""
    value = (
        DataValue.objects.select_related("indicator", "unit", "updated_by")
        .filter(pk=whole_number_or_404(value_id))
        .first()
    )
    if value is None:
        raise Http404(str(value_id))
    require_read(user, value.unit)
    return value
