"""Reporting periods (报告期): a year, a quarter or a month, written "2026", "2026Q3", "2026M10".

Pure Python, no Django. `parse_period("2026-10")` also reads the ISO month form; every code is normalised.

>>> p = parse_period("2026M10")
>>> p.previous().code, p.same_period_last_year().code, p.label_zh()
('2026M9', '2025M10', '2026年10月')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from plantrack.core.errors import InvalidInput, gettext_noop

__all__ = ["Period", "parse_period", "period_sort_key", "KINDS"]

# kind → how many periods a year has
KINDS = {"Y": 1, "Q": 4, "M": 12}
_KIND_ORDER = {"Y": 0, "Q": 1, "M": 2}
# Among periods ending on the same day the finer one comes first: 2026M12, 2026Q4, 2026.
_RANK_AT_SAME_END = {"M": 0, "Q": 1, "Y": 2}
# Where a stored code cannot be read (kept from before codes were checked), it sorts after every real period.
_UNREADABLE_SORT_KEY = 10_000_000

_CODE = re.compile(r"^\s*(\d{4})(?:\s*(?:([QqMm])\s*(\d{1,2})|-(\d{1,2})|-([Qq])(\d)))?\s*$")


@dataclass(frozen=True, slots=True, order=False)
class Period:
    """One reporting period. `index` is 1 for a year, 1–4 for a quarter, 1–12 for a month."""

    year: int
    kind: str
    index: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"period kind must be Y, Q or M, not {self.kind!r}")
        if not 1 <= self.index <= KINDS[self.kind]:
            raise ValueError(f"{self.kind} period index must be 1–{KINDS[self.kind]}, not {self.index}")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"period year {self.year} is out of range")

    @property
    def code(self) -> str:
        if self.kind == "Y":
            return str(self.year)
        return f"{self.year}{self.kind}{self.index}"

    @property
    def ordinal(self) -> int:
        """A number that is unique per period and orders periods of one kind in time."""
        return self.year * 1000 + _KIND_ORDER[self.kind] * 100 + (self.index if self.kind != "Y" else 0)

    @property
    def sort_key(self) -> int:
        """The one order of periods in time, for every list, choice and export: by the day the period ends, the
        finer period first (2026M9 < 2026Q3 < 2026M10 < 2026M12 < 2026Q4 < 2026). Never sort the codes as text:
        "2026M10" < "2026M2" as text."""
        return self.year * 1000 + self.end_month * 10 + _RANK_AT_SAME_END[self.kind]

    @property
    def end_month(self) -> int:
        if self.kind == "Y":
            return 12
        return 3 * self.index if self.kind == "Q" else self.index

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Period:
        kind = {0: "Y", 1: "Q", 2: "M"}[(ordinal % 1000) // 100]
        return cls(ordinal // 1000, kind, ordinal % 100 if kind != "Y" else 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, KINDS[self.kind])

    def next(self) -> Period:
        if self.index < KINDS[self.kind]:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.kind, self.index)

    def label_zh(self) -> str:
        if self.kind == "Y":
            return f"{self.year}年"
        if self.kind == "Q":
            return f"{self.year}年第{self.index}季度"
        return f"{self.year}年{self.index}月"

    def start_date(self) -> date:
        if self.kind == "Y":
            return date(self.year, 1, 1)
        if self.kind == "Q":
            return date(self.year, 3 * self.index - 2, 1)
        return date(self.year, self.index, 1)

    def end_date(self) -> date:
        if self.kind == "Y":
            return date(self.year, 12, 31)
        month = self.end_month
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.code

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key


def parse_period(code: str) -> Period:
    """Read a period code: "2026", "2026Q3", "2026M10", "2026-10" or "2026-Q3"; ValueError says what is wrong."""
    if not isinstance(code, str):
        raise InvalidInput(gettext_noop("报告期应为文字代码（如 2026M10），而不是 %(code)r"), code="bad_period",
                           params={"code": code})
    m = _CODE.match(code)
    if not m:
        raise InvalidInput(gettext_noop("报告期“%(code)s”无法识别：应为 2026、2026Q3、2026M10 或 2026-10 这样的代码"),
                           code="bad_period", params={"code": code})
    year = int(m.group(1))
    if m.group(2):
        kind, index = m.group(2).upper(), int(m.group(3))
    elif m.group(4):
        kind, index = "M", int(m.group(4))
    elif m.group(5):
        kind, index = "Q", int(m.group(6))
    else:
        kind, index = "Y", 1
    if not 1 <= index <= KINDS[kind]:
        message = (gettext_noop("报告期“%(code)s”的月份应在 1–%(last)s 之间") if kind == "M"
                   else gettext_noop("报告期“%(code)s”的季度应在 1–%(last)s 之间"))
        raise InvalidInput(message, code="bad_period", params={"code": code, "last": KINDS[kind]})
    return Period(year, kind, index)


def period_sort_key(code: str) -> int:
    """`Period.sort_key` of a stored code: `sorted(codes, key=period_sort_key)` runs 2026M1, 2026M2, … 2026M10.

    An unreadable code sorts last rather than failing, so a list or an export never breaks on old data.
    """
    try:
        return parse_period(code).sort_key
    except ValueError:
        return _UNREADABLE_SORT_KEY
