"""Jobs of the task supervision (督办): the daily check, enqueued by the worker at PLANTRACK_DAILY_JOBS_AT."""

from __future__ import annotations

from django_tasks import task

from plantrack.operations.registry import run_daily
from plantrack.tasks.supervision import run_supervision


@task()
def supervise_job() -> dict[str, object]:
    """The daily supervision check as of the one clock's today (a what-if on another day is only ever a dry run, on
    the command line); safe to run any number of times a day, so a retried run changes nothing more."""
    run = run_supervision()
    return {"as_of": run.as_of.isoformat(), "opened": run.opened, "closed": run.closed, "open": run.open_total}


run_daily("supervise", supervise_job)
