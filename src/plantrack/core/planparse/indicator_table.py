"""The main-indicator table (主要指标, usually 专栏1): one `IndicatorRow` per indicator, sub-rows as "10.1", "10.2".

The table arrives as text lines whose cells are separated by tabs (text extracted from PDF, and the .docx/.pdf
readers write real tables that way). Reading rules:
- the header row names the columns: 指标 (name), the baseline and target years ("2025 年", "2030 年"),
  年均/累计 and 属性; a 类别 (category) column is optional; missing years fall back to the plan period;
- a row starts with "N." in its name cell and ends with its attribute (预期性/约束性); a line that ends without
  an attribute is joined to the next (PDF extraction splits long rows), the cut cell's text rejoined;
- a row with an extra cell before its values ("10.每千人口拥有医护人员数 | 执业医师数 (人) | …") is a group whose
  first sub-row is that cell; following rows without a number are its further sub-rows;
- the unit is the last bracketed part of the name ("(%)", "(微克/立方米)");
- baseline: "5.4*" is an earlier year's figure (the year from the footnote "*为 2024 年数据"); "—" is not
  published yet (the note from the footnote "“—”为…");
- 年均/累计: "[5.5]" is cumulative over the plan period, "4.5 左右" an annual average with its qualifier,
  a phrase relative to another indicator ("高于 GDP 增长", "与 GDP 增长同步") an annual qualifier without a value,
  any other phrase a textual target.

Target type (DESIGN.md), decided in this order:
1. a cumulative [x] → `cumulative`;
2. a number in the target-year column → `bound` if it carries 不低于/不高于/不超过/以上/以下/≥/≤, else `level`;
3. an annual value or relative qualifier → `annual_growth` when the name describes a change (增长, 增速, 提高,
   降低, 下降, 减少), otherwise `bound`: a rate to hold every year (城镇调查失业率 5.7 左右);
4. anything else (only text, 达到国家要求) → `qualitative`.
Direction: lower is better for names about something to keep down (失业, 浓度, 排放, 能耗, 死亡, 事故 …) unless
the name itself is the reduction (…降低), which is better when higher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantrack.core.planparse.model import AnnualOrCumulative, Baseline, Box, IndicatorRow, Target
from plantrack.core.planparse.textnorm import clean_text, is_page_number

_ATTRIBUTE_RE = re.compile(r"^(预期性|约束性)$")
_ROW_NUMBER_RE = re.compile(r"^(\d{1,3})[.．、]\s*(.*)$")
_UNIT_RE = re.compile(r"[(（]([^()（）]{1,15})[)）]$")
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_BASELINE_RE = re.compile(rf"^({_NUMBER})\s*(\*+|＊+)?$")
_DASH_RE = re.compile(r"^[—–\-－―─]+$")
_CUMULATIVE_RE = re.compile(rf"^[\[［〔【]\s*({_NUMBER})\s*[\]］〕】]$")
_VALUE_QUALIFIER_RE = re.compile(rf"^(不低于|不高于|不超过|不少于|高于|低于|大于|小于|≥|≤|>|<)?\s*({_NUMBER})\s*(左右|以上|以下|以内)?$")
_RELATIVE_RE = re.compile(r"^(高于|低于|快于|慢于|略高于|不低于|不高于|与).+(增长|增速|同步|持平)$")
_YEAR_RE = re.compile(r"(19|20)\d\d")
_BOUND_WORDS = ("不低于", "不高于", "不超过", "不少于", "以上", "以下", "以内", "≥", "≤", ">", "<")
_CHANGE_WORDS = ("增长", "增速", "增幅", "提高", "降低", "下降", "减少", "削减", "压减")
_REDUCTION_WORDS = ("降低", "下降", "减少", "削减", "压减")
_LOWER_IS_BETTER = ("失业", "浓度", "排放", "能耗", "死亡", "事故", "发病", "负债", "赤字", "污染", "耗水", "用水量")
_FOOTNOTE_STAR_RE = re.compile(r"[*＊]\s*为\s*(\d{4})\s*年")
_FOOTNOTE_DASH_RE = re.compile(r"[“\"]?[—–\-－―]+[”\"]?\s*为\s*([^。；;①②③④⑤\n]+)")


@dataclass
class _Columns:
    category: bool
    values: int  # value cells between the name and the attribute
    baseline_year: int
    target_year: int


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _find_header(lines: list[str], start: int, end: int) -> int | None:
    for i in range(start, min(end, len(lines))):
        flat = re.sub(r"\s+", "", lines[i])
        if "指标" in flat and "属性" in flat:
            return i
    return None


def _table_box(boxes: list[Box], lines: list[str]) -> Box | None:
    """The box holding the main-indicator table: its title says 指标 and it has a 指标 … 属性 header row."""
    for box in boxes:
        if "指标" in box.title and _find_header(lines, box.line_start, box.line_end) is not None:
            return box
    for box in boxes:
        if _find_header(lines, box.line_start, box.line_end) is not None:
            return box
    return None


def _columns(header: list[str], period: tuple[int, int]) -> _Columns:
    flat = [re.sub(r"\s+", "", c) for c in header]
    name_at = next(k for k, c in enumerate(flat) if "指标" in c)
    attr_at = next((k for k, c in enumerate(flat) if "属性" in c), len(flat))
    years = [int(m.group(0)) for c in flat[name_at + 1 : attr_at] for m in [_YEAR_RE.search(c)] if m]
    baseline_year = years[0] if years else period[0] - 1
    target_year = years[1] if len(years) > 1 else period[1]
    return _Columns(category=name_at > 0, values=max(attr_at - name_at - 1, 1), baseline_year=baseline_year,
                    target_year=target_year)


def _logical_rows(lines: list[str], first: int, last: int) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each table row, rows split over several lines joined."""
    rows: list[tuple[int, int, list[str]]] = []
    pending: list[str] | None = None
    pending_start = 0
    for i in range(first, last):
        text = lines[i]
        if not text.strip() or is_page_number(text):
            continue  # page footers fall inside a table that runs over a page break
        cells = [c.strip() for c in text.split("\t")]
        if pending is None:
            pending, pending_start = cells, i + 1
        else:
            # The cut cell continues on the next line: glue the two halves, then the following cells.
            if pending and pending[-1] == "":
                pending = pending[:-1] + cells
            else:
                pending = pending[:-1] + [pending[-1] + cells[0]] + cells[1:] if pending else cells
        tidy = [c for c in pending]
        while tidy and not tidy[-1]:
            tidy.pop()
        if tidy and _ATTRIBUTE_RE.match(clean_text(tidy[-1])):
            rows.append((pending_start, i + 1, tidy))
            pending = None
    return rows


def _footnotes(lines: list[str], start: int, end: int) -> tuple[int | None, str | None]:
    text = "".join(lines[start:end])
    star = _FOOTNOTE_STAR_RE.search(text)
    dash = _FOOTNOTE_DASH_RE.search(text)
    return (int(star.group(1)) if star else None), (clean_text(dash.group(1)) if dash else None)


def _split_name(cell: str) -> tuple[str, str | None]:
    name = clean_text(cell)
    m = _UNIT_RE.search(name)
    if not m:
        return name, None
    return name[: m.start()].strip(), m.group(1).strip()


def _baseline(cell: str, year: int, star_year: int | None, dash_note: str | None) -> Baseline:
    text = clean_text(cell)
    if not text or _DASH_RE.match(text):
        return Baseline(year=year, value=None, note=dash_note)
    m = _BASELINE_RE.match(text)
    if m:
        if m.group(2):
            earlier = star_year if star_year is not None else year
            return Baseline(year=earlier, value=float(m.group(1)), note=f"{earlier}年数据" if star_year else "*")
        return Baseline(year=year, value=float(m.group(1)), note=None)
    return Baseline(year=year, value=None, note=text)


def _target(cell: str, year: int) -> Target:
    text = clean_text(cell)
    if not text or _DASH_RE.match(text):
        return Target(year=year, value=None, text=None)
    m = _VALUE_QUALIFIER_RE.match(text)
    if m:
        plain = not (m.group(1) or m.group(3))
        return Target(year=year, value=float(m.group(2)), text=None if plain else text)
    return Target(year=year, value=None, text=text)


def _annual(cell: str | None) -> AnnualOrCumulative:
    text = clean_text(cell or "")
    if not text or _DASH_RE.match(text):
        return AnnualOrCumulative(kind=None)
    m = _CUMULATIVE_RE.match(text)
    if m:
        return AnnualOrCumulative(kind="cumulative", value=float(m.group(1)))
    m = _VALUE_QUALIFIER_RE.match(text)
    if m:
        qualifier = " ".join(q for q in (m.group(1), m.group(3)) if q) or None
        return AnnualOrCumulative(kind="annual", value=float(m.group(2)), qualifier=qualifier)
    if _RELATIVE_RE.match(text):
        return AnnualOrCumulative(kind="annual", value=None, qualifier=text, text=text)
    return AnnualOrCumulative(kind=None, value=None, text=text)


def target_type(name: str, target: Target, annual: AnnualOrCumulative) -> str:
    """The DESIGN.md target type of a row (rules in the module docstring)."""
    if annual.kind == "cumulative":
        return "cumulative"
    if target.value is not None:
        return "bound" if target.text and any(w in target.text for w in _BOUND_WORDS) else "level"
    if annual.kind == "annual":
        return "annual_growth" if any(w in name for w in _CHANGE_WORDS) else "bound"
    return "qualitative"


def direction(name: str) -> str:
    """"higher" or "lower": which way the indicator is better (rules in the module docstring)."""
    if any(w in name for w in _REDUCTION_WORDS):
        return "higher"
    return "lower" if any(w in name for w in _LOWER_IS_BETTER) else "higher"


def parse_indicator_table(lines: list[str], boxes: list[Box], period: tuple[int, int]) -> list[IndicatorRow]:
    """The rows of the plan's main-indicator table; [] when the plan has none."""
    box = _table_box(boxes, lines)
    if box is None:
        return []
    header_at = _find_header(lines, box.line_start, box.line_end)
    assert header_at is not None
    cols = _columns(_cells(lines[header_at]), period)
    # The table ends at its footnote (注：…) or the end of the box.
    note_at = box.line_end
    for i in range(header_at + 1, box.line_end):
        if re.match(r"^[ \t\u3000]*注[ \t]*[：:]", lines[i]):
            note_at = i
            break
    star_year, dash_note = _footnotes(lines, note_at, box.line_end)

    result: list[IndicatorRow] = []
    category = ""
    group: tuple[str, str] | None = None  # (code, name) of the row whose sub-rows follow
    sub = 0
    for first, last, cells in _logical_rows(lines, header_at + 1, note_at):
        attribute = clean_text(cells[-1])
        values = cells[-1 - cols.values : -1]
        lead = [c for c in cells[: -1 - cols.values]]
        numbered = next((k for k, c in enumerate(lead) if _ROW_NUMBER_RE.match(clean_text(c))), None)
        if numbered is not None:
            if cols.category and numbered > 0 and clean_text(lead[numbered - 1]):
                category = clean_text(lead[numbered - 1])
            m = _ROW_NUMBER_RE.match(clean_text(lead[numbered]))
            code, name_cell = m.group(1), m.group(2)
            extra = [c for c in lead[numbered + 1 :] if c.strip()]
            if extra:  # a group row: its own name, and the first sub-row's name in the extra cell
                group, sub = (code, clean_text(name_cell)), 1
                code, name_cell = f"{code}.1", extra[-1]
            else:
                group, sub = None, 0
        else:
            named = [c for c in lead if c.strip()]
            if group is None or not named:
                continue  # a line inside the table that is no indicator row
            sub += 1
            code, name_cell = f"{group[0]}.{sub}", named[-1]
        name, unit = _split_name(name_cell)
        baseline_cell, target_cell, annual_cell = (values + ["", "", ""])[:3] if cols.values >= 3 else (
            values[0] if values else "", values[1] if len(values) > 1 else "", None)
        target = _target(target_cell, cols.target_year)
        annual = _annual(annual_cell)
        result.append(
            IndicatorRow(
                code=code,
                name=name,
                category=category,
                unit=unit,
                attribute=attribute,
                target_type=target_type(name if group is None else group[1] + name, target, annual),
                baseline=_baseline(baseline_cell, cols.baseline_year, star_year, dash_note),
                target=target,
                annual_or_cumulative=annual,
                direction=direction(name if group is None else group[1] + name),
                parent=group[1] if group is not None else None,
                line_start=first,
                line_end=last,
            )
        )
    return result
