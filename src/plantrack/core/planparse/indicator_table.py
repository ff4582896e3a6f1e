"""The main-indicator table (主要指标, usually 专栏1): one `IndicatorRow` per indicator, sub-rows as "10.1", "10.2".

The table arrives as text lines whose cells are separated by tabs (text extracted from PDF, and the .docx/.pdf
readers write real tables that way), or, for a borderless table read as plain text, by blanks: then lines are
joined until one ends with the attribute and cells are cut from the right. Reading rules:
- the header row names the columns: 指标 (name), the baseline and target years ("2025 年", "2030 年"),
  年均/累计 and 属性; a 类别 (category) column, a 序号 (row number) column before the name and a 单位 (unit)
  column are optional; missing years fall back to the plan period;
- a category may also stand on a line of its own between rows ("一、经济发展", "（二）民生福祉"): a single short
  cell without figures; any other single-cell line between rows (a running head, a stray note) is no row;
- a row starts with "N." in its name cell, or with a bare number in the cell before it (a 序号 column), and ends
  with its attribute (预期性/约束性); a line that ends without
  an attribute is joined to the next (PDF extraction splits long rows), the cut cell's text rejoined;
- a row with an extra cell before its values ("10.每千人口拥有医护人员数 | 执业医师数 (人) | …") is a group whose
  first sub-row is that cell; following rows without a number are its further sub-rows (in a table read as
  plain text, the group row's name is split at its last blank when such a row follows);
- the unit is the 单位 cell, else the last bracketed part of the name ("(%)", "(微克/立方米)");
- comparison signs may be full-width (＞, ＜, ≧, ≦) and are read as >, <, ≥, ≤;
- baseline: "5.4*" is an earlier year's figure (the year from the footnote "*为 2024 年数据"); "—" is not
  published yet (the note from the footnote "“—”为…");
- 年均/累计: "[5.5]" is cumulative over the plan period, "4.5 左右" an annual average with its qualifier,
  a phrase relative to another indicator ("高于 GDP 增长", "与 GDP 增长同步") an annual qualifier without a value,
  any other phrase a textual target.

Target type (DESIGN.md), decided in this order:
1. a cumulative [x] → `cumulative`;
2. a number in the target-year column → `bound` if it carries 不低于/不超过/高于/以上/以下/≥/≤ …, else `level`;
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
from plantrack.core.planparse.vocabulary import (
    AFTER_COMPARATORS,
    BEFORE_COMPARATORS,
    BOUND_WORDS,
    CHANGE_WORDS,
    REDUCTION_WORDS,
)

_ATTRIBUTE_RE = re.compile(r"^(预期性|约束性)$")
_ROW_NUMBER_RE = re.compile(r"^(\d{1,3})[.．、]\s*(.*)$")
_UNIT_RE = re.compile(r"[(（]([^()（）]{1,15})[)）]$")
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_BASELINE_RE = re.compile(rf"^({_NUMBER})\s*(\*+|＊+)?$")
_DASH_RE = re.compile(r"^[—–\-－―─]+$")
_CUMULATIVE_RE = re.compile(rf"^[\[［〔【]\s*({_NUMBER})\s*[\]］〕】]$")
# The comparison words a value cell may carry: bounds before the figure, tolerance words after it.
_BEFORE_WORDS = "|".join(re.escape(w) for w, c in BEFORE_COMPARATORS if c in (">=", "<=")) + "|≥|≤|>|<"
_AFTER_WORDS = "|".join(sorted(AFTER_COMPARATORS, key=len, reverse=True))
_VALUE_QUALIFIER_RE = re.compile(rf"^({_BEFORE_WORDS})?\s*({_NUMBER})\s*({_AFTER_WORDS})?$")
_FULL_WIDTH_SIGNS = str.maketrans({"＞": ">", "＜": "<", "≧": "≥", "≦": "≤", "＝": "="})
_BARE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_CATEGORY_ROW_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])?\s*(\D{2,12})$")
_RELATIVE_RE = re.compile(r"^(高于|低于|快于|慢于|略高于|不低于|不高于|与).+(增长|增速|同步|持平)$")
_YEAR_RE = re.compile(r"(19|20)\d\d")
_SPACED_COLUMN_RE = re.compile(r"(?:19|20)\d\d|年均|累计")
_SPACED_ROW_END_RE = re.compile(r"\s(预期性|约束性)\s*$")
_VALUE_TOKEN_RE = re.compile(
    rf"^(?:[—–\-－―─]+|[\[［〔【]{_NUMBER}[\]］〕】]|(?:{_BEFORE_WORDS}|＞|＜|≧|≦)?{_NUMBER}(?:\*+|＊+|{_AFTER_WORDS})?)$"
)
_AFTER_NUMBER = tuple(AFTER_COMPARATORS)
_GROUP_NAME_RE = re.compile(r"^(.*\S)\s+(\S+\s*[(（][^()（）]{1,15}[)）])$")
_LOWER_IS_BETTER = ("失业", "浓度", "排放", "能耗", "死亡", "事故", "发病", "负债", "赤字", "污染", "耗水", "用水量")
_FOOTNOTE_STAR_RE = re.compile(r"[*＊]\s*为\s*(\d{4})\s*年")
_FOOTNOTE_DASH_RE = re.compile(r"[“\"]?[—–\-－―]+[”\"]?\s*为\s*([^。；;①②③④⑤\n]+)")


@dataclass
class _Columns:
    category: bool
    roles: list[str]  # per value cell between the name and the attribute: baseline | target | annual | other
    baseline_year: int
    target_year: int

    @property
    def values(self) -> int:
        return len(self.roles)


def _cell_text(cell: str) -> str:
    """A cell normalised for reading: blanks as `clean_text`, full-width comparison signs as ASCII."""
    return clean_text(cell).translate(_FULL_WIDTH_SIGNS)


def _category_row(text: str) -> str | None:
    """The category a line of its own names ("一、经济发展" → 经济发展), or None if it is no category row."""
    m = _CATEGORY_ROW_RE.match(clean_text(text))
    if not m or _ROW_NUMBER_RE.match(clean_text(text)) or is_page_number(text):
        return None
    return m.group(1).strip()


def _with_row_numbers(lead: list[str]) -> list[str]:
    """A 序号 cell ("3") glued to the name cell after it ("3.常住人口城镇化率"), the form the rows are read in."""
    out: list[str] = []
    k = 0
    while k < len(lead):
        cell = lead[k].strip()
        if _BARE_NUMBER_RE.match(cell) and k + 1 < len(lead) and lead[k + 1].strip():
            out.append(f"{cell}.{lead[k + 1].strip()}")
            k += 2
            continue
        out.append(lead[k])
        k += 1
    return out


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


def _columns(header_line: str, period: tuple[int, int]) -> _Columns:
    flat = [re.sub(r"\s+", "", c) for c in _cells(header_line)]
    if len(flat) > 1:
        name_at = next(k for k, c in enumerate(flat) if "指标" in c)
        attr_at = next((k for k, c in enumerate(flat) if "属性" in c), len(flat))
        named = [c for c in flat[name_at + 1 : attr_at] if c]  # a spanned header cell reads as an empty one
        category = any(c and "序号" not in c and c not in ("序", "号") for c in flat[:name_at])
    else:  # a header without tabs (a borderless table read as text): find the columns by their words
        whole = flat[0] if flat else ""
        between = whole[whole.find("指标") + 2 : whole.find("属性") if "属性" in whole else len(whole)]
        named = []
        for m in _SPACED_COLUMN_RE.finditer(between):
            if not (m.group(0) in ("年均", "累计") and "年均/累计" in named):
                named.append("年均/累计" if m.group(0) in ("年均", "累计") else m.group(0))
        category = "类别" in whole[: whole.find("指标")]
    years = [int(m.group(0)) for c in named for m in [_YEAR_RE.search(c)] if m]
    roles: list[str] = []
    for cell in named:
        if _YEAR_RE.search(cell):
            roles.append("baseline" if "baseline" not in roles else "target" if "target" not in roles else "other")
        elif re.search("年均|累计", cell):
            roles.append("annual")
        elif "单位" in cell:
            roles.append("unit")
        else:
            roles.append("other")
    baseline_year = years[0] if years else period[0] - 1
    target_year = years[1] if len(years) > 1 else period[1]
    return _Columns(category=category, roles=roles or ["target"], baseline_year=baseline_year,
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
        if pending is None and len([c for c in cells if c]) == 1:
            single = next(c for c in cells if c)
            category = _category_row(single)
            if category is not None:
                rows.append((i + 1, i + 1, [category]))
                continue
            if not _ROW_NUMBER_RE.match(clean_text(single)):
                continue  # a running head or a stray line between rows, not the start of one
        if pending is None:
            pending, pending_start = cells, i + 1
        elif pending[-1] == "":
            pending = pending[:-1] + cells  # the previous line ended on a cell boundary
        else:
            # A cell was cut: glue its halves with a blank, which clean_text drops between Chinese characters.
            pending = pending[:-1] + [f"{pending[-1]} {cells[0]}"] + cells[1:]
        tidy = list(pending)
        while tidy and not tidy[-1]:
            tidy.pop()
        if tidy and _ATTRIBUTE_RE.match(clean_text(tidy[-1])):
            rows.append((pending_start, i + 1, tidy))
            pending = None
    return rows


def _spaced_rows(lines: list[str], first: int, last: int, values: int) -> list[tuple[int, int, list[str]]]:
    """Rows of a table read as plain text (cells separated by blanks): lines are joined until one ends with the
    attribute, then cut into cells from the right (see `_spaced_cells`)."""
    rows: list[tuple[int, int, list[str]]] = []
    pending: list[str] = []
    pending_start = 0
    for i in range(first, last):
        text = lines[i].strip()
        if not text or is_page_number(text):
            continue
        if not pending:
            pending_start = i + 1
        pending.append(text)
        joined = " ".join(pending)
        if _SPACED_ROW_END_RE.search(joined):
            rows.append((pending_start, i + 1, _spaced_cells(joined, values)))
            pending = []
    return rows


def _spaced_cells(text: str, values: int) -> list[str]:
    """[category, "N.name (unit)", value cells…, attribute] of a blank-separated row. Value cells are taken from
    the right: a dash, a number (with *, [ ], 左右 …), or a run of words that stops at the name's closing bracket."""
    m = _SPACED_ROW_END_RE.search(text)
    attribute = m.group(1)
    tokens = text[: m.start()].split()
    cells: list[str] = []
    i = len(tokens) - 1
    while i >= 0 and len(cells) < values:
        token = tokens[i]
        if _VALUE_TOKEN_RE.match(token):
            cells.append(token)
            i -= 1
        elif token in _AFTER_NUMBER and i > 0 and _VALUE_TOKEN_RE.match(tokens[i - 1]):
            cells.append(f"{tokens[i - 1]} {token}")
            i -= 2
        else:
            j = i
            while (j >= 0 and not _VALUE_TOKEN_RE.match(tokens[j]) and not tokens[j].endswith((")", "）"))
                   and not _ROW_NUMBER_RE.match(tokens[j])):
                j -= 1
            if j == i:
                break
            cells.append(" ".join(tokens[j + 1 : i + 1]))
            i = j
    cells.reverse()
    cells = [""] * (values - len(cells)) + cells
    head = " ".join(tokens[: i + 1])
    numbered = re.match(r"^(.*?)\s*(\d{1,3}[.．、].*)$", head)
    lead = [numbered.group(1), numbered.group(2)] if numbered else ["", head]
    return lead + cells + [attribute]


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
    text = _cell_text(cell)
    if not text or _DASH_RE.match(text):
        return Target(year=year, value=None, text=None)
    m = _VALUE_QUALIFIER_RE.match(text)
    if m:
        plain = not (m.group(1) or m.group(3))
        return Target(year=year, value=float(m.group(2)), text=None if plain else text)
    return Target(year=year, value=None, text=text)


def _annual(cell: str | None) -> AnnualOrCumulative:
    text = _cell_text(cell or "")
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
        return "bound" if target.text and any(w in target.text for w in BOUND_WORDS) else "level"
    if annual.kind == "annual":
        return "annual_growth" if any(w in name for w in CHANGE_WORDS) else "bound"
    return "qualitative"


def direction(name: str) -> str:
    """"higher" or "lower": which way the indicator is better (rules in the module docstring)."""
    if any(w in name for w in REDUCTION_WORDS):
        return "higher"
    return "lower" if any(w in name for w in _LOWER_IS_BETTER) else "higher"


def parse_indicator_table(lines: list[str], boxes: list[Box], period: tuple[int, int]) -> list[IndicatorRow]:
    """The rows of the plan's main-indicator table; [] when the plan has none."""
    box = _table_box(boxes, lines)
    if box is None:
        return []
    header_at = _find_header(lines, box.line_start, box.line_end)
    assert header_at is not None
    cols = _columns(lines[header_at], period)
    # The table ends at its footnote (注：…) or the end of the box.
    note_at = box.line_end
    for i in range(header_at + 1, box.line_end):
        if re.match(r"^[ \t\u3000]*注[ \t]*[：:]", lines[i]):
            note_at = i
            break
    star_year, dash_note = _footnotes(lines, note_at, box.line_end)

    tabbed = any("\t" in line.strip() for line in lines[header_at + 1 : note_at])
    if tabbed:
        rows = _logical_rows(lines, header_at + 1, note_at)
    else:
        rows = _spaced_rows(lines, header_at + 1, note_at, cols.values)

    result: list[IndicatorRow] = []
    category = ""
    group: tuple[str, str] | None = None  # (code, name) of the row whose sub-rows follow
    sub = 0
    last_raw_name = ""  # the name cell of the last numbered row, kept to split it if sub-rows follow
    for first, last, cells in rows:
        if len(cells) == 1:  # a category row of its own
            category = cells[0]
            continue
        values = dict(zip(cols.roles, cells[-1 - cols.values : -1], strict=False))
        lead = _with_row_numbers(cells[: -1 - cols.values])
        numbered = next((k for k, c in enumerate(lead) if _ROW_NUMBER_RE.match(clean_text(c))), None)
        if numbered is not None:
            if cols.category and numbered > 0 and clean_text(lead[numbered - 1]):
                category = clean_text(lead[numbered - 1])
            m = _ROW_NUMBER_RE.match(clean_text(lead[numbered]))
            code, name_cell = m.group(1), m.group(2)
            last_raw_name = _ROW_NUMBER_RE.match(lead[numbered].strip()).group(2)
            extra = [c for c in lead[numbered + 1 :] if c.strip()]
            if extra:  # a group row: its own name, and the first sub-row's name in the extra cell
                group, sub = (code, clean_text(name_cell)), 1
                code, name_cell = f"{code}.1", extra[-1]
            else:
                group, sub = None, 0
        else:
            named = [c for c in lead if c.strip()]
            if not named or not result:
                continue  # a line inside the table that is no indicator row
            if group is None and not _regroup(result[-1], last_raw_name):
                continue
            group = (result[-1].code.split(".")[0], result[-1].parent)
            sub = int(result[-1].code.split(".")[1]) + 1
            code, name_cell = f"{group[0]}.{sub}", named[-1]
        name, unit = _split_name(name_cell)
        unit_cell = clean_text(values.get("unit", ""))
        if unit_cell and not _DASH_RE.match(unit_cell):
            unit = unit_cell
        target = _target(values.get("target", ""), cols.target_year)
        annual = _annual(values.get("annual"))
        full_name = name if group is None else group[1] + name
        result.append(
            IndicatorRow(
                code=code,
                name=name,
                category=category,
                unit=unit,
                attribute=clean_text(cells[-1]),
                target_type=target_type(full_name, target, annual),
                baseline=_baseline(values.get("baseline", ""), cols.baseline_year, star_year, dash_note),
                target=target,
                annual_or_cumulative=annual,
                direction=direction(full_name),
                parent=group[1] if group is not None else None,
                line_start=first,
                line_end=last,
            )
        )
    return result


def _regroup(row: IndicatorRow, raw_name: str) -> bool:
    """A row without number follows `row`: when the table was read as plain text, `row`'s name cell holds the
    group name and its first sub-row's name ("每千人口拥有医护人员数 执业医师数 (人)"). Split it; False if it
    cannot be split that way."""
    m = _GROUP_NAME_RE.match(raw_name.strip())
    if not m:
        return False
    row.parent = clean_text(m.group(1))
    row.name, row.unit = _split_name(m.group(2))
    row.code = f"{row.code}.1"
    return True
