"""Task deadlines (完成时限) as offices write them, read into a date or "ongoing"; pure Python, no Django.

>>> read_deadline("2027年底").due
datetime.date(2027, 12, 31)
>>> read_deadline("2028年6月").due
datetime.date(2028, 6, 30)
>>> read_deadline("持续推进").ongoing
True

A month or a year means its last day; 上半年 is 30 June, 一季度 31 March; 长期 / 持续推进 / 常态化 have no date
(the task is reported on every period instead); "“十五五”期间" or "十五五末" is the plan's last year. When a cell
names several dates ("2026年底前完成试点，2028年全面推开") the last one is the task's deadline.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from plantrack.core.errors import InvalidInput, gettext_noop
from plantrack.core.numerals import chinese_ordinal

__all__ = ["Deadline", "read_deadline"]

_ONGOING_WORDS = ("长期", "持续", "常态化", "每年", "逐年", "年度", "经常性")
_PLAN_END_WORDS = ("十五五", "规划期", "规划末")

_FULL_DATE = re.compile(r"(20\d{2})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"(20\d{2})\s*(?:年|[./\-])\s*(\d{1,2})\s*月?(?!\d)")
_QUARTER = re.compile(r"(20\d{2})\s*年?\s*(?:第)?([一二三四1-4])\s*季度")
_HALF = re.compile(r"(20\d{2})\s*年?\s*([上下])半年")
_YEAR = re.compile(r"(20\d{2})\s*年?")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A read deadline: `due` is the last day to finish, or None with `ongoing` for 长期 / 持续推进 work."""

    due: date | None
    ongoing: bool
    text: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _dates_in(text: str) -> list[tuple[int, date]]:
    """Every date the text names, with where it starts; a span already read is not read again as a year."""
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    def add(m: re.Match[str], due: date) -> None:
        found.append((m.start(), due))
        taken.append((m.start(), m.end()))

    for m in _FULL_DATE.finditer(text):
        add(m, date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _QUARTER.finditer(text):
        if free(m):
            add(m, _month_end(int(m.group(1)), 3 * chinese_ordinal(m.group(2))))
    for m in _HALF.finditer(text):
        if free(m):
            add(m, date(int(m.group(1)), 6, 30) if m.group(2) == "上" else date(int(m.group(1)), 12, 31))
    for m in _MONTH.finditer(text):
        if free(m):
            add(m, _month_end(int(m.group(1)), int(m.group(2))))  # month 13 raises: refused, not read as a year
    for m in _YEAR.finditer(text):
        if free(m):
            add(m, date(int(m.group(1)), 12, 31))
    return found


def read_deadline(value: object, *, plan_end_year: int | None = None) -> Deadline:
    """Read a deadline cell: text ("2027年底", "2028年6月", "2027年上半年", "长期"), a date, or a year number.

    ValueError (in Chinese, quoting the cell) when nothing in it is a date or an ongoing-work word.
    """
    if isinstance(value, datetime):
        return Deadline(value.date(), False, value.date().isoformat())
    if isinstance(value, date):
        return Deadline(value, False, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 2000 <= int(value) <= 2100:
            return Deadline(date(int(value), 12, 31), False, str(int(value)))
        raise InvalidInput(gettext_noop("完成时限“%(value)s”不是年份或日期"), code="bad_deadline",
                           params={"value": value})
    text = "" if value is None else str(value).strip()
    if not text:
        raise InvalidInput(gettext_noop("完成时限为空"), code="bad_deadline")
    try:
        found = _dates_in(text)
    except ValueError as exc:  # 2027年2月30日
        raise InvalidInput(gettext_noop("完成时限“%(text)s”中的日期不存在"), code="bad_deadline",
                           params={"text": text}) from exc
    if found:
        return Deadline(max(due for _at, due in found), False, text)
    if any(word in text for word in _PLAN_END_WORDS) and plan_end_year:
        return Deadline(date(plan_end_year, 12, 31), False, text)
    if any(word in text for word in _ONGOING_WORDS):
        return Deadline(None, True, text)
    raise InvalidInput(
        gettext_noop("完成时限“%(text)s”无法识别：应写成 2027年底、2028年6月、2028-06-30 或 长期、持续推进"),
        code="bad_deadline", params={"text": text})
