"""Template tags of the indicator pages."""

from __future__ import annotations

from django import template

from plantrack.indicators.panels import INDICATOR_PANELS

register = template.Library()


@register.simple_tag(takes_context=True)
def indicator_panels(context, indicator) -> str:
    """What the apps above add to the indicator page: see `plantrack.indicators.panels`."""
    return INDICATOR_PANELS.render(context["request"], indicator=indicator)
