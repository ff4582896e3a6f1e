"""Jobs of the installation itself: a large import run in the background, and the scheduled backup with retention."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks import task

from plantrack.operations.registry import find_import_service, run_daily
from plantrack.operations.worker import job_progress

log = logging.getLogger("plantrack.worker")

BACKUP_PATTERN = "plantrack-*.backup"


@task(queue_name="imports")
def run_import_job(*, service: str, path: str, user_id: int | None = None, options: dict | None = None
                   ) -> dict[str, Any]:
    """Run a named import service (registered by its app's jobs.py) on a file already saved on the server. The
    services are all-or-nothing, so a run cut short by a dead worker changes nothing and may simply run again."""
    import_file = Path(path)
    if not import_file.is_file():
        raise FileNotFoundError(f"the file to import is gone: {import_file}")
    return find_import_service(service)(path=import_file, user_id=user_id, on_progress=job_progress,
                                        **(options or {}))


def backup_file_name(now=None) -> str:
    return f"plantrack-{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S}.backup"


@task()
def scheduled_backup_job() -> dict[str, Any]:
    """`plantrack backup --out FILE` into PLANTRACK_BACKUP_DIR, then keep the newest PLANTRACK_BACKUP_KEEP."""
    if "backup" not in get_commands():
        raise CommandError("this installation has no `plantrack backup` command: scheduled backup not made")
    folder = Path(settings.PLANTRACK_BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_file_name()
    job_progress(f"backup → {target}")
    call_command("backup", out=str(target))
    removed = prune_backups(folder, keep=settings.PLANTRACK_BACKUP_KEEP)
    return {"backup": str(target), "size": target.stat().st_size, "removed": [p.name for p in removed]}


def prune_backups(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` scheduled backups (by their time-stamped names); returns those deleted."""
    backups = sorted(folder.glob(BACKUP_PATTERN), key=lambda p: p.name, reverse=True)
    removed = backups[max(keep, 1):]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


run_daily("backup", scheduled_backup_job)
