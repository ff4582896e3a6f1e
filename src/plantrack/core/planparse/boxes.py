"""Boxes (专栏) in the body: numbered headings "专栏N …" / "专栏 N …", their items （一）（二）…, and item blocks
whose box heading the extraction lost.

Rules:
- a box runs from its heading to the line before the next 篇/章/节 heading or box heading (boxes carry no end
  marker in extracted text, and plans place them at the end of a section);
- an item is a line starting with （一）, （二）…; its title is the line, or the text before the first 。 or ：;
- outside every numbered box, a run of at least two items labelled （一）（二）… in order, each a short line
  without 。 followed by its own paragraph, is a box whose heading was lost (`heading_found=False`); its number
  follows the numbered box before it, and boxes found later that way count on from the highest number used.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plantrack.core.numerals import chinese_ordinal
from plantrack.core.planparse.model import Box, BoxItem, Part
from plantrack.core.planparse.structure import HEADING_RE, Heading
from plantrack.core.planparse.textnorm import squash_spaces

BOX_RE = re.compile(
    r"^[ \t\u3000]*专栏[ \t\u3000]*(\d+|[一二三四五六七八九十百]+)(?![\d])[ \t\u3000]*(.*?)[ \t\u3000]*$"
)
ITEM_RE = re.compile(r"^[ \t\u3000]*([（(]([一二三四五六七八九十]+)[）)])[ \t\u3000]*(.*?)[ \t\u3000]*$")
_ITEM_START = re.compile(r"^[ \t\u3000]*[（(]")
_TITLE_END = re.compile(r"[。：:]")
MAX_BOX_TITLE = 60
MAX_ITEM_TITLE = 40


def _item(line: str, lineno: int) -> tuple[BoxItem, int] | None:
    """The item on this line and its ordinal (（三） → 3), or None."""
    m = ITEM_RE.match(line)
    if not m:
        return None
    rest = squash_spaces(m.group(3))
    cut = _TITLE_END.search(rest)
    title = rest[: cut.start()] if cut else rest
    return BoxItem(label=f"（{m.group(2)}）", title=title or None, line=lineno), chinese_ordinal(m.group(2))


def _where(parts: list[Part], line: int) -> tuple[int, int | None] | None:
    for p in parts:
        if p.line_start <= line <= p.line_end:
            for c in p.chapters:
                if c.line_start <= line <= c.line_end:
                    for s in c.sections:
                        if s.line_start <= line <= s.line_end:
                            return c.number, s.number
                    return c.number, None
    return None


def find_boxes(lines: list[str], parts: list[Part], headings: list[Heading], body_start: int) -> list[Box]:
    """Every box in the body (line numbers 1-based), in document order."""
    heading_lines = {h.line for h in headings}
    stops = sorted(heading_lines)
    numbered: list[tuple[int, int, str]] = []  # (line, number, title)
    for i in range(body_start - 1, len(lines)):
        line = lines[i]
        if "专栏" not in line:
            continue
        m = BOX_RE.match(line)
        if not m:
            continue
        title = squash_spaces(m.group(2).replace("\t", " "))
        if "。" in title or len(title) > MAX_BOX_TITLE:
            continue
        numbered.append((i + 1, chinese_ordinal(m.group(1)), title))
        stops.append(i + 1)
    stops.sort()

    def end_of(start: int) -> int:
        end = len(lines)
        for s in stops:
            if s > start:
                end = s - 1
                break
        while end > start and not lines[end - 1].strip():
            end -= 1
        return end

    boxes: list[Box] = []
    covered: list[tuple[int, int]] = []
    for start, number, title in numbered:
        where = _where(parts, start)
        if where is None:
            continue
        end = end_of(start)
        items = [it for it, _ in filter(None, (_item(lines[j], j + 1) for j in range(start, end)))]
        boxes.append(Box(number, title, where[0], where[1], start, end, items, heading_found=True))
        covered.append((start, end))

    boxes.extend(_headless_boxes(lines, parts, body_start, covered, end_of))
    boxes.sort(key=lambda b: b.line_start)
    _number_headless(boxes)
    return boxes


def _headless_boxes(
    lines: list[str],
    parts: list[Part],
    body_start: int,
    covered: list[tuple[int, int]],
    end_of: Callable[[int], int],
) -> list[Box]:
    """Runs of （一）（二）… item lines outside numbered boxes that have the shape of a box."""
    found: list[Box] = []
    i = body_start - 1
    n = len(lines)
    while i < n:
        got = _item(lines[i], i + 1) if _ITEM_START.match(lines[i]) else None
        if got is None or got[1] != 1 or any(a <= i + 1 <= b for a, b in covered):
            i += 1
            continue
        start = i + 1
        end = end_of(start)
        run: list[BoxItem] = []
        expected = 1
        ok = True
        for j in range(start - 1, end):
            it = _item(lines[j], j + 1)
            if it is None:
                continue
            item, ordinal = it
            raw = lines[j].strip()
            if ordinal != expected or "。" in raw or len(raw) > MAX_ITEM_TITLE or not _has_paragraph(lines, j, end):
                ok = False
                break
            run.append(item)
            expected += 1
        if ok and len(run) >= 2:
            where = _where(parts, start)
            if where is not None:
                found.append(Box(0, "", where[0], where[1], start, end, run, heading_found=False))
            i = end
        else:
            i += 1
    return found


def _has_paragraph(lines: list[str], j: int, end: int) -> bool:
    """An item title line is followed (before `end`) by a non-item paragraph of its own."""
    for k in range(j + 1, end):
        text = lines[k].strip()
        if not text:
            continue
        return ITEM_RE.match(text) is None and HEADING_RE.match(text) is None
    return False


def _number_headless(boxes: list[Box]) -> None:
    """Give boxes found without a heading the next free number after the box before them."""
    used = {b.number for b in boxes if b.heading_found}
    previous = 0
    for b in boxes:
        if b.heading_found:
            previous = b.number
            continue
        candidate = previous + 1
        if candidate in used:
            candidate = max(used) + 1
        b.number = candidate
        used.add(candidate)
        previous = candidate
