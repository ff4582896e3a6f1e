"""Template tags of the indicator pages."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist

from plantrack import wording
from plantrack.core.figures import figure_text
from plantrack.indicators.models import AssignedTarget, Indicator
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


@register.filter
def assigned_figure(target: AssignedTarget) -> str:
    """An assigned target as the page states it: ≥3.2%, ≤25, and an approximate one 6%左右 in Chinese, "about 6%" in
    English (`wording.about_figure`)."""
    figure = f"{target.comparator_sign}{figure_text(target.value)}{target.indicator.unit or ''}"
    return wording.about_figure(figure) if target.comparator == "~" else figure
