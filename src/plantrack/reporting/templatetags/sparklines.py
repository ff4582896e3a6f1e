"""`{% sparkline series current %}`: a small inline SVG line of a figure's previous periods, the figure under review
drawn as the last, marked point; periods with nothing reported leave a gap."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plantrack.reporting.forms import plain

register = template.Library()

WIDTH, HEIGHT, PAD = 112, 28, 3


@register.simple_tag
def sparkline(series: Sequence[tuple[str, Decimal | None]], current: Decimal) -> SafeString:
    points = [*series, (_("本期"), current)]
    known = [float(v) for _label, v in points if v is not None]
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)

    def xy(i: int, v: Decimal) -> tuple[str, str]:
        # Formatted here: format_html escapes its arguments into text before formatting them.
        return f"{PAD + i * step:.1f}", f"{HEIGHT - PAD - (float(v) - low) / span * (HEIGHT - 2 * PAD):.1f}"

    runs: list[list[tuple[str, str]]] = [[]]
    for i, (_label, v) in enumerate(points):
        if v is None:
            runs.append([])
        else:
            runs[-1].append(xy(i, v))
    lines = format_html_join(
        "", '<polyline points="{}" fill="none" stroke="#0b57a4" stroke-width="1.5"/>',
        ((" ".join(f"{x},{y}" for x, y in run),) for run in runs if len(run) > 1),
    )
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="1.8" fill="#0b57a4"/>',
        (xy(i, v) for i, (_label, v) in enumerate(points[:-1]) if v is not None),
    )
    x, y = xy(len(points) - 1, current)
    title = "；".join(f"{label} {plain(v) if v is not None else '—'}" for label, v in points)
    return format_html(
        '<svg class="sparkline" role="img" width="{}" height="{}" viewBox="0 0 {} {}" aria-label="{}">'
        "<title>{}</title>{}{}"
        '<circle class="current" cx="{}" cy="{}" r="2.6" fill="#b3261e"/></svg>',
        WIDTH, HEIGHT, WIDTH, HEIGHT, title, title, lines, dots, x, y,
    )
