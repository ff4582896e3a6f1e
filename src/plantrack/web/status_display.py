"""How an assessment status looks on a page: its colour and CSS class, the same on cards, tables, chart and map."""

from __future__ import annotations

from django.utils.translation import gettext

from plantrack.core.assess import STATUS_ORDER, Status

_CSS = {
    Status.COMPLETED: "completed",
    Status.AHEAD: "ahead",
    Status.ON_TRACK: "on-track",
    Status.LAGGING: "lagging",
    Status.SERIOUSLY_LAGGING: "seriously-lagging",
    Status.NOT_ASSESSABLE: "not-assessable",
}


def statuses_in_order() -> list[Status]:
    """Every status, best first, 无法评估 last: the order of counts, filters and legends."""
    return [*STATUS_ORDER, *(s for s in Status if s not in STATUS_ORDER)]


def status_css(status: str) -> str:
    """The CSS class suffix of a status ("status-lagging"); an unknown word is shown as not assessable."""
    try:
        return _CSS[Status(status)]
    except ValueError:
        return _CSS[Status.NOT_ASSESSABLE]



def sparkline_points(values: list[float], *, width: int = 120, height: int = 28, pad: int = 2) -> str:
    """SVG polyline points for a small trend line; "" for fewer than two values (nothing to draw)."""
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / (len(values) - 1)
    return " ".join(
        f"{pad + i * step:.1f},{height - pad - (v - low) / span * (height - 2 * pad):.1f}" for i, v in enumerate(values)
    )


def status_word(status: str) -> str:
    """The status in the reader's language: stored as the Chinese word, translated by the assessment app's
    catalogue entries (its STATUS_CHOICES mark every word)."""
    return gettext(str(status))
