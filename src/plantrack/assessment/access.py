"""Who sees and acknowledges stored assessments and warnings (预警): built on `orgs.access`.

A unit sees the warnings of its own subtree; the planning office and the readers of everything see all. The
responsible unit's clerks and reviewers, and the planning office, acknowledge them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from plantrack.assessment.models import Assessment, Warning
from plantrack.orgs.access import can_enter_values, can_review_values, deny, filter_to_scope
from plantrack.orgs.models import User


def warnings_in_scope(user: User, warnings: QuerySet[Warning]) -> QuerySet[Warning]:
    """The warnings of `warnings` that `user` may see."""
    return filter_to_scope(user, warnings)


def assessments_in_scope(user: User, assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """The stored assessments of `assessments` whose unit `user` may read."""
    return filter_to_scope(user, assessments)


def can_acknowledge_warning(user: User, warning: Warning) -> bool:
    """Those who answer for the unit's figures (who enter or review them there) and the planning office."""
    return can_enter_values(user, warning.unit) or can_review_values(user, warning.unit)


def require_acknowledge_warning(user: User, warning: Warning) -> None:
    if not can_acknowledge_warning(user, warning):
        raise deny(user, warning.unit, "acknowledge warning")
