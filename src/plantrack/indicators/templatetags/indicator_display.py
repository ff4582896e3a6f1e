"""Template tags of the indicator pages."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist

from plantrack.indicators.models import Indicator
from plantrack.indicators.panels import INDICATOR_PANELS

register = template.Library()


@register.simple_tag(takes_context=True)
def indicator_panels(context, indicator) -> str:
    """What the apps above add to the indicator page: see `plantrack.indicators.panels`."""
    return INDICATOR_PANELS.render(context["request"], indicator=indicator)


@register.filter
def indicator_field_names(fields: list[str]) -> list[str]:
    """The fields an admin edited by hand (stored as the model's field names) as the page names them: `目标值`, not
    `target_value`; a name the model no longer has is shown as stored."""
    names = []
    for field in fields:
        try:
            names.append(str(Indicator._meta.get_field(field).verbose_name))
        except FieldDoesNotExist:
            names.append(field)
    return names
