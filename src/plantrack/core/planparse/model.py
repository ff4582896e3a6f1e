"""Plain data a plan document parses into: structure, boxes, the main-indicator table and commitments.

Everything here is a frozen-free dataclass of plain values so that the Django side, the CLI and the
JSON contract (DESIGN.md, `plantrack parse --json`) all read the same objects. Line numbers are 1-based
and refer to the normalised text lines the parser saw (`PlanDocument.lines`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Section:
    """节: numbered inside its chapter."""

    number: int
    title: str
    line_start: int
    line_end: int


@dataclass
class Chapter:
    """章: numbered through the whole document (1–53 in the reference plan)."""

    number: int
    title: str
    line_start: int
    line_end: int
    sections: list[Section] = field(default_factory=list)


@dataclass
class Part:
    """篇."""

    number: int
    title: str
    line_start: int
    line_end: int
    chapters: list[Chapter] = field(default_factory=list)


@dataclass
class BoxItem:
    """An item （一）（二）… of a box; label is None for an unlabelled item."""

    label: str | None
    title: str | None
    line: int


@dataclass
class Box:
    """专栏: attached to the chapter (and section, if any) it stands in.

    `heading_found` is False for a box recognised from its item block after extraction lost the heading;
    its number is then inferred from its neighbours.
    """

    number: int
    title: str
    chapter: int
    section: int | None
    line_start: int
    line_end: int
    items: list[BoxItem] = field(default_factory=list)
    heading_found: bool = True


@dataclass
class Baseline:
    year: int
    value: float | None
    note: str | None = None


@dataclass
class Target:
    year: int
    value: float | None
    text: str | None = None


@dataclass
class AnnualOrCumulative:
    """The 年均/累计 column: an annual average, a five-year cumulative ([5.5]) or nothing."""

    kind: str | None  # "annual" | "cumulative" | None
    value: float | None = None
    qualifier: str | None = None  # 左右, 高于 GDP 增长, 与 GDP 增长同步 …
    text: str | None = None


@dataclass
class IndicatorRow:
    """One row of the main-indicator table (主要指标, 专栏1); sub-rows get codes like "10.1"."""

    code: str
    name: str
    category: str
    unit: str | None
    attribute: str  # 预期性 | 约束性
    target_type: str  # level | annual_growth | cumulative | bound | qualitative
    baseline: Baseline
    target: Target
    annual_or_cumulative: AnnualOrCumulative
    direction: str = "higher"  # higher | lower: which way is better
    line_start: int = 0
    line_end: int = 0
    parent: str | None = None  # a sub-row's group name (10.1 执业医师数 → 每千人口拥有医护人员数)


@dataclass
class Commitment:
    """量化目标: a quantity the plan promises to reach, keep, add, exceed or stay under."""

    chapter: int
    section: int | None
    box: int | None
    quote: str
    subject: str
    value: float
    value_max: float | None
    unit: str
    comparator: str  # ">=" | "<=" | "=" | "~" | "+" | "range"
    deadline: int | None
    line: int = 0


@dataclass
class AnnualTargetItem:
    """One annual target from a government work report (年度主要预期目标)."""

    subject: str
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: str  # as Commitment, plus "qualitative"
    quote: str
    qualitative: bool = False


@dataclass
class Location:
    """Where a line stands in the plan: chapter/section/box numbers and the innermost heading's title."""

    chapter: int | None
    section: int | None
    box: int | None
    heading: str


@dataclass
class PlanDocument:
    title: str
    period: tuple[int, int]
    parts: list[Part]
    boxes: list[Box]
    indicators: list[IndicatorRow]
    commitments: list[Commitment]
    lines: list[str] = field(default_factory=list, repr=False)

    def chapters(self) -> list[Chapter]:
        return [c for p in self.parts for c in p.chapters]

    def locate(self, line: int) -> Location:
        """The chapter, section and box that contain `line` (1-based); Nones outside the body."""
        chapter = section = box = None
        heading = ""
        for part in self.parts:
            if not part.line_start <= line <= part.line_end:
                continue
            heading = part.title
            for ch in part.chapters:
                if ch.line_start <= line <= ch.line_end:
                    chapter, heading = ch.number, ch.title
                    for sec in ch.sections:
                        if sec.line_start <= line <= sec.line_end:
                            section, heading = sec.number, sec.title
        for b in self.boxes:
            if b.line_start <= line <= b.line_end:
                box = b.number
        return Location(chapter=chapter, section=section, box=box, heading=heading)
