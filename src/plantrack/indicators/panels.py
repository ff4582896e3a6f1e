"""Pieces the apps above add to the indicator page (the tasks and projects serving the indicator …), registered in
their `AppConfig.ready`; the page shows them with `{% indicator_panels indicator %}`. See `plantrack.plans.panels`."""

from __future__ import annotations

from plantrack.plans.panels import PagePanels

# The indicator page (indicators:detail): panels get `indicator` (Indicator).
INDICATOR_PANELS = PagePanels("indicators:detail")
