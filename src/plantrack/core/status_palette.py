"""The colour of each assessment status, one palette for pages, charts, maps and documents."""

from __future__ import annotations

from plantrack.core.assess.status import Status

# Best to worst, then 无法评估; greens for done and ahead, blue on track, orange and red behind, grey unknown.
STATUS_COLOURS: dict[str, str] = {
    Status.COMPLETED: "#1b7f3b",
    Status.AHEAD: "#43a047",
    Status.ON_TRACK: "#1e6fbf",
    Status.LAGGING: "#f08c00",
    Status.SERIOUSLY_LAGGING: "#c62828",
    Status.NOT_ASSESSABLE: "#9aa4ae",
}


def status_colour(status: str) -> str:
    """The colour of a status word; an unknown word is drawn as not assessable."""
    try:
        return STATUS_COLOURS[Status(status)]
    except ValueError:
        return STATUS_COLOURS[Status.NOT_ASSESSABLE]
