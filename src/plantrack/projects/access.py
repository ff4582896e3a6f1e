"""Who reads and keeps major projects (重大项目): scoped as monitoring data is, by the project's 盟市/旗县, on
the predicates of `orgs.access`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from plantrack.operations.jobs import ImportJob, import_job
from plantrack.orgs.access import can_enter_values, can_read_unit, deny, filter_to_scope, is_admin, whole_number_or_404
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.models import Project


def projects_in_scope(user: User) -> QuerySet[Project]:
    """The projects `user` may read: all for the office, leaders and supervisors; else those of its own subtree."""
    return filter_to_scope(user, Project.objects.all(), unit_field="region")


def access_project_by_id(user: User, project_id: object) -> Project:
    """The project if `user` may read it; 404 if there is none, 403 (logged) if it is outside the scope."""
    project = Project.objects.select_related("region", "node").filter(pk=whole_number_or_404(project_id)).first()
    if project is None:
        raise Http404(str(project_id))
    if not can_read_unit(user, project.region):
        raise deny(user, project.region, "read project")
    return project


def can_edit_project_of(user: User, unit: OrgUnit) -> bool:
    """A clerk keeps the ledger, procedures and dispatch of its own unit's projects; the office keeps every unit's."""
    return can_enter_values(user, unit)


def require_edit_project_of(user: User, unit: OrgUnit) -> None:
    if not can_edit_project_of(user, unit):
        raise deny(user, unit, "edit project")


def can_configure_procedures(user: User) -> bool:
    """Only the planning office changes the approval-procedure checklist."""
    return is_admin(user)


def access_ledger_import_job(user: User, job_id: str) -> ImportJob:
    """A background ledger import, for the user who started it and for the office; 404 if there is none, 403
    (logged) for anyone else."""
    job = import_job(job_id)
    if job is None or job.service != "project-ledger":
        raise Http404(str(job_id))
    if job.user_id != user.pk and not is_admin(user):
        raise deny(user, user.unit, "read ledger import job")
    return job
