"""Jobs of the installation itself: a large import run in the background, and the scheduled backup with retention."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from plantrack.operations.registry import find_import_service, run_daily
from plantrack.operations.worker import job_progress

log = logging.getLogger("plantrack.worker")

@task(queue_name="imports")
def run_import_job(*, service: str, path: str, user_id: int | None = None, options: dict | None = None
                   ) -> dict[str, Any]:
    """Run a named import service (registered by its app's jobs.py) on a file already saved on the server. The
    services are all-or-nothing, so a run cut short by a dead worker changes nothing and may simply run again.
    A file that `enqueue_import` saved is deleted once the import has run."""
    import_file = Path(path)
    if not import_file.is_file():
        raise FileNotFoundError(f"the file to import is gone: {import_file}")
    result = find_import_service(service)(path=import_file, user_id=user_id, on_progress=job_progress,
                                          **(options or {}))
    if import_file.parent == _imports_dir():
        import_file.unlink(missing_ok=True)
    return result


def runs_in_background(size: int) -> bool:
    """Whether an uploaded file of `size` bytes is imported by the worker rather than in the request."""
    return size > settings.PLANTRACK_BACKGROUND_IMPORT_BYTES


def enqueue_import(*, service: str, upload: IO[bytes], name: str, user_id: int | None,
                   options: dict | None = None) -> str:
    """Save an uploaded file where the worker can read it and queue its import; returns the job's id. The service
    is checked now, so a typo fails in the request and not later in the worker."""
    find_import_service(service)
    folder = _imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with target.open("wb") as out:
        shutil.copyfileobj(upload, out, length=1024 * 1024)
    options = {**(options or {}), "name": name}
    return str(run_import_job.enqueue(service=service, path=str(target), user_id=user_id, options=options).id)


def _imports_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


@task()
def scheduled_backup_job() -> dict[str, Any]:
    """A dated archive in PLANTRACK_BACKUP_DIR, then only the newest PLANTRACK_BACKUP_KEEP kept (operations.backup)."""
    from plantrack.operations.backup import make_backup

    job_progress(f"backup → {settings.PLANTRACK_BACKUP_DIR}")
    archive, manifest = make_backup()
    return {"backup": str(archive), "size": archive.stat().st_size, "tables": len(manifest.get("tables", {}))}


@task()
def prune_finished_jobs_job() -> dict[str, int]:
    """Forget finished jobs (their results and tracebacks) and daily-run records older than
    PLANTRACK_JOB_RESULTS_KEEP_DAYS; what a job made (reports, imported figures) is not touched."""
    from django_tasks_db.models import DBTaskResult

    from plantrack.operations.models import DailyJobRun

    cutoff = timezone.now() - dt.timedelta(days=settings.PLANTRACK_JOB_RESULTS_KEEP_DAYS)
    jobs, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    runs, _ = DailyJobRun.objects.filter(day__lt=timezone.localdate(cutoff)).delete()
    return {"jobs": jobs, "daily_runs": runs}


run_daily("backup", scheduled_backup_job)
run_daily("prune-jobs", prune_finished_jobs_job)
