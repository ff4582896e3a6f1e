"""What apps tell the worker about their jobs (each from its own jobs.py): what to do when a job's worker died, which
jobs run every day, and which import services may run in the background.

The lower layer owns the registry and the apps fill it, so the worker never imports a domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django_tasks.base import Task


class AbandonedJobHook(Protocol):
    def __call__(self, *, kwargs: dict[str, Any], requeued: bool, reason: str) -> None: ...


ImportService = Callable[..., dict[str, Any]]
"""`service(path=Path, user_id=int | None, on_progress=ImportProgress, **options) -> summary dict`, where
`on_progress(step, done=None, total=None)` says the step (outside the import's transaction) or how many rows are
done. The summary has `ok`: False with `errors` (the refusal, nothing written) or True with the counts."""


@dataclass(frozen=True)
class DailyJob:
    name: str
    task: Task
    kwargs: dict[str, Any]


_abandoned_hooks: dict[str, AbandonedJobHook] = {}
_daily_jobs: dict[str, DailyJob] = {}
_import_services: dict[str, ImportService] = {}
_sweeps: list[Callable[[], int]] = []


def when_abandoned(task: Task) -> Callable[[AbandonedJobHook], AbandonedJobHook]:
    """Register what to do to the job's own records when its worker died: `requeued` says whether it runs again."""

    def register(hook: AbandonedJobHook) -> AbandonedJobHook:
        _abandoned_hooks[task.module_path] = hook
        return hook

    return register


def abandoned_hook(task_path: str) -> AbandonedJobHook | None:
    return _abandoned_hooks.get(task_path)


def run_daily(name: str, task: Task, **kwargs: Any) -> None:
    """Enqueue `task` once a day at PLANTRACK_DAILY_JOBS_AT, whichever worker gets there first."""
    _daily_jobs[name] = DailyJob(name=name, task=task, kwargs=kwargs)


def daily_jobs() -> list[DailyJob]:
    return list(_daily_jobs.values())


def import_service(name: str) -> Callable[[ImportService], ImportService]:
    """Name an import that may run in the worker: `run_import_job(service=name, path=...)`."""

    def register(service: ImportService) -> ImportService:
        _import_services[name] = service
        return service

    return register


def find_import_service(name: str) -> ImportService:
    try:
        return _import_services[name]
    except KeyError:
        known = "、".join(sorted(_import_services)) or "—"
        raise LookupError(f"no import service named {name!r} (known: {known})") from None


def import_service_names() -> list[str]:
    return sorted(_import_services)


def periodic_sweep(sweep: Callable[[], int]) -> Callable[[], int]:
    """A check the worker runs at start and every few heartbeats (e.g. reports left waiting with no job)."""
    _sweeps.append(sweep)
    return sweep


def periodic_sweeps() -> list[Callable[[], int]]:
    return list(_sweeps)
