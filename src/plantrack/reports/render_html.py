"""A report as one self-contained HTML file (charts inlined as PNG data), and its body for the report page.

The file prints to the layout of the .docx: A4 with the same margins (@page), the same fonts named first."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from plantrack.reports import charts
from plantrack.reports.content import report_blocks
from plantrack.reports.render_docx import ALTERNATIVES, BODY_FONT, TITLE_FONT, date_line_text


def _font_stack(name: str) -> str:
    return ", ".join(f'"{family}"' for family in [name, *ALTERNATIVES[name].split(",")])


def inline_chart(document: dict[str, Any], charts_folder: Path | None = None) -> Callable[[str], str | None]:
    """Chart slots as data: URIs (a file that carries its pictures), read from the stored charts when given."""

    def image(name: str) -> str | None:
        png = charts.chart_png(document, name, folder=charts_folder)
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else None

    return image


def report_body_context(
    document: dict[str, Any], chart_image: Callable[[str], str | None] | None = None
) -> dict[str, Any]:
    """The blocks with each chart slot resolved to an image address by `chart_image` (a data: URI by default), or
    dropped when it has nothing to draw."""
    chart_image = chart_image or inline_chart(document)
    blocks = []
    for block in report_blocks(document, document.get("texts")):
        image = None
        if block.kind == "chart":
            image = chart_image(block.chart)
            if not image:
                continue
        blocks.append({"block": block, "image": image})
    return {
        "blocks": blocks, "snapshot": document, "status_colours": charts.STATUS_COLOURS,
        "body_fonts": _font_stack(BODY_FONT), "title_fonts": _font_stack(TITLE_FONT),
        "heading_fonts": _font_stack("黑体"), "kai_fonts": _font_stack("楷体_GB2312"),
        "date_line": date_line(document),
    }


def date_line(document: dict[str, Any]) -> str:
    return date_line_text(document)


def render_html(document: dict[str, Any], *, charts_folder: Path | None = None) -> bytes:
    context = report_body_context(document, inline_chart(document, charts_folder))
    return render_to_string("reports/document.html", context).encode("utf-8")
