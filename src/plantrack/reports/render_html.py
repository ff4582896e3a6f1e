"""A report as one self-contained HTML file (charts inlined as PNG data), and its body for the report page."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string

from plantrack.reports import charts
from plantrack.reports.content import report_blocks


def report_body_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The blocks with each chart slot resolved to a data: URI (or dropped when it has nothing to draw)."""
    blocks = []
    for block in report_blocks(snapshot):
        image = None
        if block.kind == "chart":
            png = charts.chart_png(snapshot, block.chart)
            if not png:
                continue
            image = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        blocks.append({"block": block, "image": image})
    return {"blocks": blocks, "snapshot": snapshot, "status_colours": charts.STATUS_COLOURS}


def render_html(snapshot: dict[str, Any]) -> bytes:
    return render_to_string("reports/document.html", report_body_context(snapshot)).encode("utf-8")
