"""Printed labels of plan nodes (第十二章, 第三节, 专栏4, （二）) from their numbers."""

from __future__ import annotations

from plantrack.core.numerals import chinese_number

__all__ = ["box_label", "chapter_label", "part_label", "section_label"]

def part_label(n: int) -> str:
    return f"第{chinese_number(n)}篇"


def chapter_label(n: int) -> str:
    return f"第{chinese_number(n)}章"


def section_label(n: int) -> str:
    return f"第{chinese_number(n)}节"


def box_label(n: int) -> str:
    return f"专栏{n}"
