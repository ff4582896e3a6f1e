"""Template filters for plan pages: comparator words, commitment figures and node anchors (figures: `figures`)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from plantrack.plans.chapter_page import node_anchor as _node_anchor
from plantrack.plans.commitment_display import COMPARATOR_LABELS, anchor_id, value_text
from plantrack.plans.models import PlanCommitment, PlanNode
from plantrack.plans.panels import CHAPTER_PANELS

register = template.Library()

# DESIGN.md's target types as the planning office says them.
TARGET_TYPE_LABELS = {
    "level": _("期末水平"),
    "annual_growth": _("年均增速"),
    "cumulative": _("五年累计"),
    "bound": _("逐年控制"),
    "qualitative": _("定性目标"),
}


@register.filter
def target_type_label(code: str) -> str:
    return str(TARGET_TYPE_LABELS.get(code, code))


@register.filter
def comparator_label(code: str) -> str:
    return str(COMPARATOR_LABELS.get(code, code))


@register.filter
def commitment_value(c: PlanCommitment) -> str:
    return value_text(c)


@register.filter
def commitment_anchor(c: PlanCommitment) -> str:
    return anchor_id(c)


@register.filter
def node_anchor(node: PlanNode) -> str:
    return _node_anchor(node)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def chapter_panels(context, version, chapter) -> str:
    """What the apps above add to the chapter page (the tasks given out from it …): see `plantrack.plans.panels`."""
    return CHAPTER_PANELS.render(context["request"], version=version, chapter=chapter)
