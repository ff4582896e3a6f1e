"""Jobs of the project ledger: a large 重大项目台账 imported in the worker.

    run_import_job.enqueue(service="project-ledger", path="/srv/plantrack/uploads/台账.xlsx", user_id=admin.pk)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from plantrack.operations.registry import import_service
from plantrack.orgs.models import User
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger


@import_service("project-ledger")
def import_ledger_file(*, path: Path, user_id: int | None, on_progress: Callable[[str], None],
                       name: str | None = None) -> dict[str, Any]:
    """The ledger import as a job: the same service and checks as the page; refusals are the job's result."""
    user = User.objects.get(pk=user_id)
    on_progress(f"导入重大项目台账 {name or path.name}")
    try:
        result = import_ledger(user=user, source=path, name=name or path.name)
    except ProjectRejected as exc:
        return {"ok": False, "errors": [str(e) for e in exc.errors]}
    return {"ok": True, "created": result.created, "updated": result.updated, "unchanged": result.unchanged}
