"""Jobs of the assessment app: rebuilding every stored assessment (`plantrack assess-all --enqueue`)."""

from __future__ import annotations

import time

from django_tasks import task

from plantrack.assessment.services import assess_all


@task()
def assess_all_job() -> dict[str, float | int]:
    """Rebuild every assessment; it writes whole results, so running it again after a dead worker is harmless."""
    started = time.perf_counter()
    written = assess_all()
    return {"written": written, "seconds": round(time.perf_counter() - started, 1)}
