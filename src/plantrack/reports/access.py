"""Who reads and issues evaluation reports: built on the role predicates of `orgs.access`."""

from __future__ import annotations

from django.http import Http404

from plantrack.orgs.access import deny, is_admin, reads_every_unit, whole_number_or_404
from plantrack.orgs.models import User
from plantrack.reports.models import Report


def can_read_reports(user: User) -> bool:
    """Evaluation reports cover the whole region: the office, leaders and supervisors read them."""
    return reads_every_unit(user)


def require_read_reports(user: User) -> None:
    if not can_read_reports(user):
        raise deny(user, None, "read reports")


def can_generate_reports(user: User) -> bool:
    """Only the planning office issues a report (开展中期评估和总结评估)."""
    return is_admin(user)


def require_generate_reports(user: User) -> None:
    if not can_generate_reports(user):
        raise deny(user, None, "generate reports")


def access_report_by_id(user: User, pk: object) -> Report:
    """The report `pk` if `user` may read reports; 404 if there is none, 403 (logged) otherwise."""
    require_read_reports(user)
    report = Report.objects.filter(pk=whole_number_or_404(pk)).select_related("plan").first()
    if report is None:
        raise Http404(str(pk))
    return report
