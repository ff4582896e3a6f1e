"""Printed labels of plan nodes (第十二章, 第三节, 专栏4, （二）) from their numbers."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 53 → 五十三, 105 → 一百零五 (the numerals plan headings use)."""
    if n < 0:
        raise ValueError(f"no Chinese numeral for {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = "零" + _DIGITS[rest]
        else:
            tail = (_DIGITS[1] if rest < 20 else "") + chinese_number(rest)
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def part_label(n: int) -> str:
    return f"第{chinese_number(n)}篇"


def chapter_label(n: int) -> str:
    return f"第{chinese_number(n)}章"


def section_label(n: int) -> str:
    return f"第{chinese_number(n)}节"


def box_label(n: int) -> str:
    return f"专栏{n}"
