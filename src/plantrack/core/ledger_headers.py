"""Ledger column headers read by meaning, not by exact string; pure Python, no Django.

>>> read_header("截至2026年底累计完成投资（亿元）")
Header(text='截至2026年底累计完成投资', field='completed', year=2026, factor=Decimal('10000'))
>>> read_header("2027年计划\\n投资（万元）").field, read_header("2027年计划投资（万元）").year
('annual_plan', 2027)
>>> procedure_for("建设用地规划许可证", {"用地预审": ["用地预审", "用地"], "用地规划许可": ["建设用地规划许可"]})
'用地规划许可'

Offices write the same column many ways: with line breaks and spaces inside ("总投资\\n（万元）", "环  评"), the
unit in brackets, a year in the name ("2027年计划投资", "截至2026年底累计完成投资"), the long or the short name of a
procedure ("用地预审与选址意见书" for 用地预审). A header is first cleaned of those, then matched against the names
each field answers to, then against the patterns with a year; a procedure column is matched by the longest of its
names the header contains (so "建设用地规划许可证" is the 用地规划许可, not the 用地预审 its "用地" would suggest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["FIELD_NAMES", "Header", "clean_header", "procedure_for", "read_header"]

# field → the names a ledger gives its column (after cleaning: no spaces, no bracketed unit).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "code": ("项目代码", "项目编码", "统一项目代码", "投资项目代码", "项目统一代码",
             "赋码"),
    "name": ("项目名称", "名称"),
    # Where a project is filed: 所属旗县 wins over 所属地区, which wins over 建设地点 (a place, often a 苏木镇).
    "county": ("所属旗县", "所属旗县市区", "所在旗县", "旗县", "旗县区", "旗县市区"),
    "region": ("所属地区", "所在地区", "项目所在地", "地区", "盟市", "所属盟市", "所在盟市", "所属区域"),
    "location": ("建设地点", "项目地点", "建设地址", "项目建设地点", "建设位置"),
    "owner": ("项目单位", "业主单位", "建设单位", "项目业主", "项目法人", "项目法人单位"),
    "category": ("项目类别", "类别", "项目类型", "行业类别", "所属行业", "行业", "产业类别"),
    "content": ("建设内容", "建设内容及规模", "主要建设内容", "建设规模及内容", "建设规模和内容", "建设规模"),
    "total": ("总投资", "计划总投资", "项目总投资", "估算总投资"),
    "annual_plan": ("年度计划投资", "本年计划投资", "计划投资", "年度计划", "年度投资计划", "本年度计划投资"),
    "completed": ("累计完成投资", "累计完成", "截至目前累计完成投资", "已完成投资", "开工以来累计完成投资",
                  "截至目前累计完成"),
    "year_completed": ("本年完成投资", "年度完成投资", "今年完成投资", "本年累计完成投资", "年内完成投资"),
    "week_completed": ("本周完成投资", "本周投资"),
    "week_progress": ("本周工作进展", "本周进展", "本周进展情况", "工作进展", "进展情况", "项目进展情况", "形象进度",
                      "目前进展"),
    "start": ("计划开工", "计划开工时间", "开工时间", "计划开工日期"),
    "actual_start": ("实际开工", "实际开工时间", "实际开工日期"),
    "completion": ("计划竣工", "计划竣工时间", "竣工时间", "计划完工时间", "计划建成时间"),
    "actual_completion": ("实际竣工", "实际竣工时间", "实际建成时间"),
    "status": ("项目状态", "状态", "建设状态", "项目进展阶段", "建设性质"),
    "problems": ("存在问题", "堵点", "存在问题/堵点", "存在问题堵点", "存在问题及堵点", "存在的问题", "问题及堵点",
                 "存在的困难和问题", "困难和问题"),
    "leader": ("包联领导", "包抓领导", "联系领导", "包联县级领导", "包联市级领导", "责任领导", "包联领导干部"),
    "responsible": ("责任单位", "责任部门", "包联单位"),
    "period": ("建设起止年限", "建设年限", "起止年限", "建设周期", "建设起止年份"),
    "remarks": ("备注",),
}
_BY_NAME = {name: field for field, names in FIELD_NAMES.items() for name in names}

_ANNUAL_PLAN = re.compile(r"^(20\d{2})年(度)?(计划|预计)(完成)?投资(计划)?$|^(20\d{2})年(度)?投资计划$")
_COMPLETED_BY = re.compile(r"^(截至|截止|至)(20\d{2})年(底|末|\d{1,2}月(底|末)?)?(累计)?完成(投资)?$")
_YEAR_COMPLETED = re.compile(r"^(20\d{2})年(1-\d{1,2}月|1至\d{1,2}月)?(累计)?完成(投资)?$")
_BRACKETS = re.compile(r"[（(][^（()）]*[)）]")
# 2-character names distinctive enough to find a procedure inside a longer header; other short names ("用地",
# "规划", "施工") match only as the whole header, since "本周施工进展" is not a procedure.
_DISTINCT_SHORT = {"环评", "能评", "林草", "林地", "草原", "水保", "立项"}


@dataclass(frozen=True)
class Header:
    """A header cell read: its cleaned text, the field it names (None: not known), the year it carries, and the
    factor to 万元 its unit says (None when it says none)."""

    text: str
    field: str | None
    year: int | None
    factor: Decimal | None


def clean_header(cell: object) -> tuple[str, Decimal | None]:
    """The header text without spaces, line breaks and bracketed units, and the factor to 万元 its unit says."""
    text = re.sub(r"[\s\u3000]+", "", "" if cell is None else str(cell)).lstrip("\ufeff")
    factor = None
    if "亿元" in text:
        factor = Decimal(10000)
    elif "万元" in text:
        factor = Decimal(1)
    elif re.search(r"[（(]元[)）]", text):
        factor = Decimal("0.0001")
    text = _BRACKETS.sub("", text)
    text = re.sub(r"[:：]?(万元|亿元)$", "", text).rstrip("：:")
    return text, factor


def read_header(cell: object) -> Header:
    """What a header cell names: one of FIELD_NAMES' fields (with the year a year-bearing header carries) or None."""
    raw = re.sub(r"[\s\u3000]+", "", "" if cell is None else str(cell))
    text, factor = clean_header(cell)
    field = _BY_NAME.get(text)
    if field is None and raw != text:
        # "立项（审批/核准/备案）" or "所属旗县（市、区）": the bracket is part of the name, not a unit.
        field = _BY_NAME.get(re.sub(r"[（()）、/]", "", raw))
    year = None
    if field is None:
        if m := _ANNUAL_PLAN.match(text):
            field, year = "annual_plan", int(m.group(1) or m.group(6))
        elif m := _COMPLETED_BY.match(text):
            field, year = "completed", int(m.group(2))
        elif m := _YEAR_COMPLETED.match(text):
            field, year = "year_completed", int(m.group(1))
    return Header(text=text, field=field, year=year, factor=factor)


def procedure_for(cell: object, names: dict[str, list[str]]) -> str | None:
    """The procedure (a key of `names`, which maps each to all its names) a header means, or None.

    The whole header equal to a name wins; else the longest name the header contains, counting only names of three
    characters or more and the distinctive short ones.
    """
    raw = re.sub(r"[\s\u3000]+", "", "" if cell is None else str(cell))
    text, _factor = clean_header(cell)
    for candidate in (raw, text):
        for kind, kind_names in names.items():
            if candidate in kind_names:
                return kind
    best: tuple[int, str] | None = None
    for kind, kind_names in names.items():
        for name in kind_names:
            if (len(name) >= 3 or name in _DISTINCT_SHORT) and name in raw and (best is None or len(name) > best[0]):
                best = (len(name), kind)
    return best[1] if best else None
