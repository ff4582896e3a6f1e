"""The project's one clock: every "today" (which periods have ended, what is overdue, the latest as-of a report may
take) reads it, so a test or a demo that sets PLANTRACK_TODAY moves every page and command together."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    """settings.PLANTRACK_TODAY (an ISO date) when set, else the local date of the deployment's time zone."""
    fixed = getattr(settings, "PLANTRACK_TODAY", "") or ""
    if isinstance(fixed, date):
        return fixed
    return date.fromisoformat(fixed) if fixed else timezone.localdate()


def is_fixed() -> bool:
    """Whether the clock is set (PLANTRACK_TODAY: a test or the demo's simulated world) rather than the real day."""
    return bool(getattr(settings, "PLANTRACK_TODAY", "") or "")
