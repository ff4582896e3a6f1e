"""Annual targets (年度主要预期目标) in a government work report or a newspaper account of one.

Finds the "今年…主要预期目标…" passage, as a list of lines ("- 地区生产总值增长5%左右") or as one sentence
("主要预期目标：地区生产总值增长5%左右，城镇调查失业率5.7%左右，…。"), and reads each target: subject, value,
range, unit and comparator (左右 → "~", 以上/超过 → ">=", 4.5%—5% → "range"). Targets without a figure
(居民收入增长与经济增长同步, 完成国家下达的降碳减排任务, 稳中有降) are kept as qualitative: value None,
comparator "qualitative". Remarks inside the list ("在实际工作中努力争取更好结果") are not targets.

    >>> [t.subject for t in parse_annual_targets("今年主要预期目标：地区生产总值增长5%左右，粮食产量超过840亿斤。")]
    ['地区生产总值增长', '粮食产量']
"""

from __future__ import annotations

import re

from plantrack.core.numerals import parse_chinese_number

from .model import AnnualTargetItem
from .numbers import find_quantities

__all__ = ["parse_annual_targets"]

_ANCHOR = re.compile(r"(?:主要预期目标|预期目标|主要目标)(?P<intro>[是为]?[ \t]*[:：]|是|为)?[ \t]*")
_ITEM_MARK = re.compile(  # used with .match(text, pos): anchored at pos
    r"[ \t]*(?:[-—–•·*]\s+|[（(][一二三四五六七八九十\d]+[）)]\s*|\d+[.、．]\s*|[一二三四五六七八九十]+[是、]\s*)"
)
_EMPHASIS = re.compile(r"\*\*|__")
_QUALITATIVE = re.compile(
    r"同步|完成.{0,12}(?:目标|任务)|稳中有降|稳中有升|稳中向好|基本稳定|保持稳定|总体稳定|持续改善|持续下降|"
    r"持续减少|只增不减|达到国家|国家下达|基本平衡|不断提高|稳步提高|明显提高|有所提高|进一步(?:提高|下降|降低)"
)
_REMARK = re.compile(r"^(?:在实际工作中|努力实现|努力争取|着力|坚持|确保|推动|实现[“\"])")
_SUBJECT_TRIM = re.compile(r"(?:达到|保持在|稳定在|控制在|超过|突破|不低于|不超过|不少于|力争|为|在|\s)+$")
_STEADY = re.compile(
    r"(.+?)(?:稳中有降|稳中有升|稳中向好|基本稳定|保持稳定|总体稳定|持续改善|持续下降|持续减少|达到国家)"
)
_IN_STEP = re.compile(r"(.+?)(?:与|和|同).+同步")
_FULFIL = re.compile(r"完成.*?的?([^的]+?)(?:目标|任务)$")
_ITEM_MAX = 80  # a bullet longer than this is prose, not a list item


def parse_annual_targets(text: str) -> list[AnnualTargetItem]:
    """Every annual target in `text`, in order; quotes are verbatim substrings of `text`.

    Returns an empty list when the text has no target passage.
    """
    items: list[AnnualTargetItem] = []
    seen: set[tuple[int, int]] = set()
    for anchor in _ANCHOR.finditer(text):
        for start, end, whole in _pieces_after(text, anchor.end(), inline=anchor.group("intro") is not None):
            if (start, end) in seen:
                continue
            seen.add((start, end))
            items.extend(_read_piece(text, start, end, whole_item=whole))
    return items


def _pieces_after(text: str, pos: int, *, inline: bool) -> list[tuple[int, int, bool]]:
    """The spans of the target list that starts at `pos`: (start, end, is_whole_list_item).

    After "目标：" or "目标是" the targets run inline to the end of the sentence; after a heading that ends its
    line they are the marked lines below it. Anything else ("总体要求和主要目标，特别是…") is not a list.
    """
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    rest_of_line = text[pos:line_end]
    if rest_of_line.strip() and not inline:
        return []
    if rest_of_line.strip():
        # Inline: the targets run to the end of the sentence, separated by ，；
        stop = text.find("。", pos)
        stop = line_end if stop < 0 or stop > line_end else stop
        return [(a, b, False) for a, b in _split(text, pos, stop, "，,；;")]
    return _list_items(text, line_end + 1)


def _list_items(text: str, pos: int) -> list[tuple[int, int, bool]]:
    """The marked lines ("- …", "（一）…", "1. …") that follow a heading, blank lines allowed between them."""
    pieces: list[tuple[int, int, bool]] = []
    offset = pos
    style = None
    for line in text[pos:].split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        if not _ITEM_MARK.match(line) or len(line.strip()) > _ITEM_MAX * 2:
            break
        # a list keeps one kind of mark: "一、工作回顾" after "（一）…（二）…" is the next heading
        kind = _mark_kind(line)
        if style is not None and kind != style:
            break
        style = kind
        pieces.append((start, end, True))
    return pieces


def _mark_kind(line: str) -> str:
    mark = line.strip()[:1]
    if mark in "（(":
        return "paren"
    if mark.isdigit():
        return "digit"
    if mark and parse_chinese_number(mark) is not None:
        return "chinese"
    return "bullet"


def _split(text: str, start: int, end: int, stops: str) -> list[tuple[int, int]]:
    spans, begin = [], start
    for i in range(start, end):
        if text[i] in stops:
            if text[begin:i].strip():
                spans.append((begin, i))
            begin = i + 1
    if text[begin:end].strip():
        spans.append((begin, end))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    m = _ITEM_MARK.match(text, start, end)
    if m:
        start = m.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _read_piece(text: str, start: int, end: int, *, whole_item: bool) -> list[AnnualTargetItem]:
    start, end = _strip_span(text, start, end)
    clauses = _split(text, start, end, "，,；;") if whole_item else [(start, end)]
    found: list[AnnualTargetItem] = []
    for c_start, c_end in clauses:
        c_start, c_end = _strip_span(text, c_start, c_end)
        raw = text[c_start:c_end]
        plain = _EMPHASIS.sub("", raw)
        quantities = [q for q in find_quantities(plain, chinese=False) if not _is_year(q.unit, q.value)]
        if quantities:
            q = quantities[0]
            found.append(
                AnnualTargetItem(
                    subject=_subject(plain[: q.start]) or _subject(plain[q.end:]),
                    value=q.value,
                    value_max=q.value_max,
                    unit=q.unit or None,
                    comparator=q.comparator,
                    quote=raw,
                )
            )
        elif _REMARK.match(plain):
            continue
        elif _QUALITATIVE.search(plain) or (whole_item and len(clauses) == 1):
            found.append(
                AnnualTargetItem(
                    subject=_qualitative_subject(plain),
                    value=None,
                    value_max=None,
                    unit=None,
                    comparator="qualitative",
                    quote=raw,
                    qualitative=True,
                )
            )
    return found


def _is_year(unit: str, value: float) -> bool:
    return unit == "年" and 1900 <= value <= 2100


def _subject(before: str) -> str:
    return _SUBJECT_TRIM.sub("", before).strip(" ，、：:")


def _qualitative_subject(plain: str) -> str:
    """"居民收入增长与经济增长同步" → 居民收入增长; "完成国家下达的降碳减排任务" → 降碳减排任务."""
    m = _IN_STEP.match(plain)
    if m:
        return m.group(1)
    m = _FULFIL.match(plain)
    if m:
        return m.group(1) + ("任务" if plain.endswith("任务") else "目标")
    m = _STEADY.match(plain)
    if m:
        return m.group(1)
    return plain
