"""Jobs of the task supervision (督办): the daily check, enqueued by the worker at PLANTRACK_DAILY_JOBS_AT."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from plantrack.operations.registry import run_daily
from plantrack.tasks.supervision import run_supervision


@task()
def supervise_job(*, date: str | None = None) -> dict[str, object]:
    """The daily supervision check; safe to run any number of times a day, so a retried run changes nothing more."""
    run = run_supervision(today=dt.date.fromisoformat(date) if date else None)
    return {"as_of": run.as_of.isoformat(), "opened": run.opened, "closed": run.closed, "open": run.open_total}


run_daily("supervise", supervise_job)
