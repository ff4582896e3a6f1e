"""Jobs of the installation itself: a large import run in the background (with its progress and what a page shows
of it), and the scheduled backup with retention."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus

from plantrack.operations.registry import find_import_service, run_daily, when_abandoned
from plantrack.operations.worker import WORKER_LOST, job_progress

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
    progress = ImportProgress(import_file)
    try:
        result = find_import_service(service)(path=import_file, user_id=user_id, on_progress=progress,
                                              **(options or {}))
    finally:
        # Only a finished run gets here (a killed worker's job runs again and needs its file): what it said of its
        # progress is now the job's record, and the saved upload is no longer needed.
        progress.clear()
        if import_file.parent == _imports_dir():
            import_file.unlink(missing_ok=True)
    return result


@when_abandoned(run_import_job)
def _forget_abandoned_import(*, kwargs: dict[str, Any], requeued: bool, reason: str) -> None:
    """An import whose worker died runs again from its saved file; once it has failed for good (its page shows the
    reason), the file and what it said of its progress are removed."""
    if requeued:
        return
    import_file = Path(kwargs.get("path", ""))
    if import_file.parent == _imports_dir():
        progress_file(import_file).unlink(missing_ok=True)
        import_file.unlink(missing_ok=True)


def runs_in_background(size: int, rows: int = 0) -> bool:
    """Whether an upload of `size` bytes and `rows` rows (when known, e.g. from its preview) is imported by the
    worker rather than in the request."""
    return size > settings.PLANTRACK_BACKGROUND_IMPORT_BYTES or rows > settings.PLANTRACK_BACKGROUND_IMPORT_ROWS


class ImportProgress:
    """How far a running import got, as a small file beside the saved upload (rewritten whole, atomically).

    Not a database row: the import writes in one long transaction, and neither a row written inside it (invisible to
    the page until the commit) nor one written on a second connection (SQLite has one writer, which the import is)
    would be seen while it runs. A file is, by any web process that shares DATA_DIR, as the saved upload already
    requires. `on_progress(step)` also names the step on the worker's heartbeat (`plantrack worker --status`), so a
    service says its steps outside its transaction and its counts (`done`, `total`) from anywhere.
    """

    def __init__(self, import_file: Path) -> None:
        self.path = progress_file(import_file)

    def __call__(self, step: str, done: int | None = None, total: int | None = None) -> None:
        if done is None:
            job_progress(step)
        record = {"step": step[:200], "done": done, "total": total, "at": timezone.now().isoformat()}
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:  # progress is for the eyes only: a full disk must not fail the import itself
            log.warning("cannot write the progress of %s", self.path, exc_info=True)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def progress_file(import_file: Path) -> Path:
    return import_file.with_name(f"{import_file.name}.progress.json")


def _read_progress(import_file: Path) -> dict[str, Any]:
    try:
        record = json.loads(progress_file(import_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


@dataclass(frozen=True)
class ImportJob:
    """A background import as its page shows it: who started it, on which file, and where it stands.

    `state` is queued, running, finished (`result` is the service's summary) or failed (`errors` says why: the
    service's refusal with its rows, or the reason the job itself stopped); a failed import wrote nothing.
    """

    id: str
    service: str
    user_id: int | None
    name: str
    state: str
    step: str = ""
    done: int | None = None
    total: int | None = None
    result: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    enqueued_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None

    @property
    def waiting(self) -> bool:
        return self.state in ("queued", "running")


def import_job(job_id: str) -> ImportJob | None:
    """The background import `job_id` (as `enqueue_import` returned it), or None when there is no such import."""
    from django_tasks_db.models import DBTaskResult

    try:
        key = uuid.UUID(str(job_id))
    except ValueError:
        return None
    job = DBTaskResult.objects.filter(pk=key, task_path=run_import_job.module_path).first()
    if job is None:
        return None
    kwargs = (job.args_kwargs or {}).get("kwargs", {})
    base = {"id": str(job.pk), "service": kwargs.get("service", ""), "user_id": kwargs.get("user_id"),
            "name": (kwargs.get("options") or {}).get("name", ""), "enqueued_at": job.enqueued_at,
            "finished_at": job.finished_at}
    if job.status == TaskResultStatus.READY:
        return ImportJob(state="queued", **base)
    if job.status == TaskResultStatus.RUNNING:
        progress = _read_progress(Path(kwargs.get("path", "")))
        return ImportJob(state="running", step=str(progress.get("step") or ""), done=progress.get("done"),
                         total=progress.get("total"), **base)
    if job.status == TaskResultStatus.SUCCESSFUL:
        result = job.return_value if isinstance(job.return_value, dict) else {}
        if result.get("ok") is False:
            return ImportJob(state="failed", errors=[str(e) for e in result.get("errors", [])], result=result,
                             **base)
        return ImportJob(state="finished", result=result, **base)
    if job.exception_class_path == WORKER_LOST:
        reason = job.traceback  # the sweep's own sentence, already for people
    else:
        log.warning("import job %s failed with %s", job.pk, job.exception_class_path)
        reason = _("导入作业因内部错误中止，已记录日志；未写入任何数据，请重新提交或联系系统管理员")
    return ImportJob(state="failed", errors=[reason], **base)


def enqueue_import(*, service: str, upload: IO[bytes], name: str, user_id: int | None,
                   options: dict | None = None) -> str:
    """Save an uploaded file where the worker can read it and queue its import; returns the job's id. The service
    is checked now, so a typo fails in the request and not later in the worker."""
    find_import_service(service)
    folder = _imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    if upload.seekable():  # a form that looked at the upload (its type, its first bytes) left it part-read
        upload.seek(0)
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
