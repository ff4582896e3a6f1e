"""Today's date for the reporting rules (which periods have ended), fixed by a setting in tests and demos."""

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
