"""`{% sparkline series current %}`: a small inline SVG line of a figure's previous periods, the figure under review
drawn as the last, marked point; periods with nothing reported leave a gap."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.core.figures import figure_text

register = template.Library()

WIDTH, HEIGHT, PAD = 112, 28, 3
_LINE = '<polyline points="{}" fill="none" stroke="#0b57a4" stroke-width="1.5"/>'
_DOT = '<circle cx="{:.1f}" cy="{:.1f}" r="1.8" fill="#0b57a4"/>'


@register.simple_tag
def sparkline(series: Sequence[tuple[str, Decimal | None]], current: Decimal) -> SafeString:
    # Built as text rather than with format_html: a review page draws 500 of these, and only the title (labels
    # and figures as text) needs escaping; every coordinate is a number formatted here.
    points = [*series, (_("本期"), current)]
    known = [float(v) for _label, v in points if v is not None]
    low = min(known)
    span = (max(known) - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)
    scale = (HEIGHT - 2 * PAD) / span
    coords: list[tuple[float, float] | None] = [
        None if v is None else (PAD + i * step, HEIGHT - PAD - (float(v) - low) * scale)
        for i, (_label, v) in enumerate(points)
    ]
    parts: list[str] = []
    run: list[str] = []
    for xy in [*coords, None]:
        if xy is None:
            if len(run) > 1:
                parts.append(_LINE.format(" ".join(run)))
            run = []
        else:
            run.append(f"{xy[0]:.1f},{xy[1]:.1f}")
    parts.extend(_DOT.format(*xy) for xy in coords[:-1] if xy is not None)
    x, y = coords[-1]  # the current figure is never None
    title = escape(wording.join_clauses(f"{label} {figure_text(v, missing='—')}" for label, v in points))
    return mark_safe(  # noqa: S308 - numbers formatted above and an escaped title
        f'<svg class="sparkline" role="img" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-label="{title}"><title>{title}</title>{"".join(parts)}'
        f'<circle class="current" cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="#b3261e"/></svg>'
    )
