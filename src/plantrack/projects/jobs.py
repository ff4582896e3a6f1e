"""Jobs of the project ledger: a large 重大项目台账 imported in the worker, with the clerk's choices from its preview.

    enqueue_import(service="project-ledger", upload=f, name="台账.xlsx", user_id=clerk.pk,
                   options={"unit": "150621", "year": 2027, "week": "", "choices": {...}, "remember_choices": True})
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plantrack.operations.jobs import enqueue_import, runs_in_background
from plantrack.operations.registry import import_service
from plantrack.orgs.access import access_unit_by_code
from plantrack.orgs.models import User
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger, may_import_ledger

LEDGER_SERVICE = "project-ledger"

# The steps a ledger job names on its page: kept untranslated in the job's record and translated where shown.
READING = gettext_noop("读取并检查台账")
WRITING = gettext_noop("写入项目")


@import_service(LEDGER_SERVICE)
def import_ledger_file(*, path: Path, user_id: int | None, on_progress: Callable[..., None],
                       name: str | None = None, unit: str = "", year: int | None = None, week: str = "",
                       choices: dict[str, str] | None = None, remember_choices: bool = False) -> dict[str, Any]:
    """The ledger import as a job: the same service and checks as the page, asked again now (the user may have lost
    the right since the preview); refusals are the job's result, and a refused import wrote nothing."""
    user = User.objects.select_related("unit").filter(pk=user_id, is_active=True).first()
    if user is None or not may_import_ledger(user):
        return {"ok": False, "errors": [_("提交导入的用户已无权导入项目台账，未写入任何数据")]}
    try:
        ledger_unit = access_unit_by_code(user, unit) if unit else None
    except (Http404, PermissionDenied):
        return {"ok": False, "errors": [_("无权按单位“%(u)s”导入项目台账，未写入任何数据") % {"u": unit}]}
    on_progress(READING)
    try:
        result = import_ledger(user=user, source=path, name=name or path.name, unit=ledger_unit, year=year,
                               week=week or None, choices=choices or {}, remember_choices=remember_choices,
                               on_progress=lambda done, total: on_progress(WRITING, done, total))
    except PermissionDenied:
        return {"ok": False, "errors": [_("提交导入的用户已无权导入项目台账，未写入任何数据")]}
    except ProjectRejected as exc:
        return {"ok": False, "errors": [str(e) for e in exc.errors]}
    return {"ok": True, "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            "dispatches": result.dispatches, "summary": result.summary(), "notes": [str(n) for n in result.notes[:50]]}


def ledger_runs_in_background(path: Path, rows: int) -> bool:
    """Whether a previewed ledger of `rows` project rows is imported by the worker rather than in the request."""
    return runs_in_background(path.stat().st_size, rows)


def enqueue_ledger_import(*, user: User, path: Path, name: str, unit: str, year: int | None, week: str,
                          choices: dict[str, str], remember_choices: bool) -> str:
    """Queue the import of a previewed ledger with the clerk's choices; returns the job's id for its page."""
    with path.open("rb") as upload:
        return enqueue_import(service=LEDGER_SERVICE, upload=upload, name=name, user_id=user.pk,
                              options={"unit": unit, "year": year, "week": week, "choices": choices,
                                       "remember_choices": remember_choices})
