"""The assessment thresholds of this deployment, read from settings (PLANTRACK_ASSESS_* in the environment)."""

from __future__ import annotations

from django.conf import settings

from plantrack.core.assess import Thresholds


def configured_thresholds() -> Thresholds:
    return Thresholds(
        ahead=settings.PLANTRACK_ASSESS_AHEAD,
        on_track=settings.PLANTRACK_ASSESS_ON_TRACK,
        lagging=settings.PLANTRACK_ASSESS_LAGGING,
        about_tolerance=settings.PLANTRACK_ASSESS_ABOUT_TOLERANCE,
        growth_on_track=settings.PLANTRACK_ASSESS_GROWTH_ON_TRACK,
        growth_lagging=settings.PLANTRACK_ASSESS_GROWTH_LAGGING,
        growth_away=settings.PLANTRACK_ASSESS_GROWTH_AWAY,
    )
