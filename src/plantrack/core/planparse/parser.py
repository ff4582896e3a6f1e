"""`parse_plan`: plan text → `PlanDocument` (title, period, outline, boxes, indicator table, commitments).

The title is the document's first non-blank lines before the table of contents or the first heading, dates
left out. The period comes from the title or the text before the body: an explicit "2026—2030年", else the
plan's ordinal ("第十五个五年", "“十五五”"), counted as `vocabulary.five_year_plan_years` does.
"""

from __future__ import annotations

import re

from plantrack.core.numerals import chinese_ordinal
from plantrack.core.planparse.boxes import find_boxes
from plantrack.core.planparse.errors import PlanParseError
from plantrack.core.planparse.furniture import furniture_lines
from plantrack.core.planparse.indicator_table import parse_indicator_table
from plantrack.core.planparse.model import PlanDocument
from plantrack.core.planparse.structure import HEADING_RE, parse_outline
from plantrack.core.planparse.textnorm import clean_text, is_page_number
from plantrack.core.planparse.vocabulary import five_year_plan_years

_NUMERAL = r"[一二三四五六七八九十]+"
_RANGE_RE = re.compile(r"((?:19|20)\d\d)\s*[—–\-－~～至到]+\s*((?:19|20)\d\d)\s*年")
_ORDINAL_RE = re.compile(rf"第({_NUMERAL})个五年|[“\"]({_NUMERAL})五[”\"]")
_TOC_RE = re.compile(r"^[ \t\u3000]*目[ \t\u3000]*录[ \t\u3000]*$")
_DATE_LINE_RE = re.compile(
    r"^[ \t\u3000]*[\d〇一二三四五六七八九十零]{4}\s*年(\s*[\d一二三四五六七八九十]{1,2}\s*月)?(\s*\d{1,2}\s*日)?\s*$"
)
# A note in brackets under the title: "（2026年1月8日…人民代表大会…批准）".
_NOTE_LINE_RE = re.compile(r"^[ \t\u3000]*[（(][^（）()]*[）)][ \t\u3000]*$")
MAX_TITLE_LINES = 4


def plan_period(text: str) -> tuple[int, int] | None:
    """The years a plan covers, from a year range or the five-year plan's ordinal; None if neither is there."""
    m = _RANGE_RE.search(text)
    if m and int(m.group(2)) - int(m.group(1)) == 4:
        return int(m.group(1)), int(m.group(2))
    m = _ORDINAL_RE.search(text)
    if m:
        n = chinese_ordinal(m.group(1) or m.group(2))
        if n >= 1:
            return five_year_plan_years(n)
    return None


def _title(lines: list[str], body_start: int) -> tuple[str, set[int]]:
    """The first block of consecutive non-blank lines before the TOC or the first heading (a wrapped title has
    no blank line inside), page numbers, date lines and notes in brackets left out; with the 0-based indexes of
    its lines."""
    block: list[str] = []
    at: set[int] = set()
    for i, line in enumerate(lines[: body_start - 1]):
        if _TOC_RE.match(line) or HEADING_RE.match(line):
            break
        if not line.strip():
            if block:
                break
            continue
        if _DATE_LINE_RE.match(line) or is_page_number(line) or _NOTE_LINE_RE.match(line):
            continue
        block.append(line.strip())
        at.add(i)
        if len(block) >= MAX_TITLE_LINES:
            break
    return clean_text(" ".join(block)), at


def parse_plan(text: str) -> PlanDocument:
    """Parse the text of a plan outline (规划纲要).

    >>> doc = parse_plan(text)
    >>> [c.number for c in doc.chapters()][:3]
    [1, 2, 3]

    Raises PlanParseError for an empty text or one without 章 headings.
    """
    if not text.strip():
        raise PlanParseError("empty document: there is no text to parse")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    outline = parse_outline(lines)
    title, title_lines = _title(lines, outline.body_start)
    # Running heads and page numbers are blanked, not removed, so that line numbers still point into the input.
    furniture = furniture_lines(lines, title, title_lines)
    if furniture:
        lines = ["" if i in furniture else line for i, line in enumerate(lines)]
        outline = parse_outline(lines, furniture)
    front = "\n".join(lines[: outline.body_start - 1])
    period = plan_period(title) or plan_period(front) or plan_period(text[:20000])
    if period is None:
        raise PlanParseError("cannot tell the plan period: no year range and no 第N个五年 / “N五” in the title")
    boxes = find_boxes(lines, outline.parts, outline.headings, outline.body_start)
    indicators = parse_indicator_table(lines, boxes, period)
    doc = PlanDocument(
        title=title,
        period=period,
        parts=outline.parts,
        boxes=boxes,
        indicators=indicators,
        commitments=[],
        lines=lines,
    )
    doc.commitments = _find_commitments(doc)
    return doc


def _find_commitments(doc: PlanDocument) -> list:
    from plantrack.core.planparse.commitments import find_commitments

    return find_commitments(doc)
