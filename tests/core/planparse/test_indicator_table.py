"""The main-indicator table (专栏1) of the seed plan, every field of all 21 rows, and the reading rules on other
tables: rows split over lines, a table without a 类别 column, bounds, missing footnotes."""

from __future__ import annotations

import pytest

from plantrack.core.planparse import parse_plan
from plantrack.core.planparse.indicator_table import direction, target_type
from plantrack.core.planparse.model import AnnualOrCumulative, Target

NOT_YET = "待国家正式发布的数据"  # the table's footnote ③ on "—" in the 2025 column
Y24 = "2024年数据"  # footnote ②: "*为 2024 年数据"

# Checked by hand against the table in the seed text (lines 315–339). Columns:
# code, name, category, unit, attribute, target_type, direction, parent,
# baseline (year, value, note), target (year, value, text), annual/cumulative (kind, value, qualifier, text)
EXPECTED = [
    ("1", "地区生产总值增长", "经济发展", "%", "预期性", "annual_growth", "higher", None,
     (2025, 4.7, None), (2030, None, None), ("annual", 4.5, "左右", None)),
    ("2", "全员劳动生产率增长", "经济发展", "%", "预期性", "annual_growth", "higher", None,
     (2024, 5.4, Y24), (2030, None, None), ("annual", None, "高于 GDP 增长", "高于 GDP 增长")),
    ("3", "常住人口城镇化率", "经济发展", "%", "预期性", "level", "higher", None,
     (2025, 71.5, None), (2030, 73.0, None), (None, None, None, None)),
    ("4", "全社会研发经费投入增长", "创新驱动", "%", "预期性", "annual_growth", "higher", None,
     (2024, 9.4, Y24), (2030, None, None), ("annual", 7.0, "左右", None)),
    ("5", "每万人口高价值发明专利拥有量", "创新驱动", "件", "预期性", "level", "higher", None,
     (2025, 2.88, None), (2030, 4.3, None), (None, None, None, None)),
    ("6", "数字经济核心产业增加值占地区生产总值比重", "创新驱动", "%", "预期性", "level", "higher", None,
     (2025, None, NOT_YET), (2030, 5.0, None), (None, None, None, None)),
    ("7", "城镇调查失业率", "民生福祉", "%", "预期性", "bound", "lower", None,
     (2025, 5.7, None), (2030, None, None), ("annual", 5.7, "左右", None)),
    ("8", "居民人均可支配收入增长", "民生福祉", "%", "预期性", "annual_growth", "higher", None,
     (2025, 4.6, None), (2030, None, None), ("annual", None, "与 GDP 增长同步", "与 GDP 增长同步")),
    ("9", "劳动年龄人口平均受教育年限", "民生福祉", "年", "约束性", "level", "higher", None,
     (2024, 11.37, Y24), (2030, 11.7, None), (None, None, None, None)),
    ("10.1", "执业医师数", "民生福祉", "人", "预期性", "level", "higher", "每千人口拥有医护人员数",
     (2025, 3.7, None), (2030, 4.5, None), (None, None, None, None)),
    ("10.2", "注册护士数", "民生福祉", "人", "预期性", "level", "higher", "每千人口拥有医护人员数",
     (2025, 4.5, None), (2030, 5.5, None), (None, None, None, None)),
    ("11", "养老机构护理型床位占比", "民生福祉", "%", "预期性", "level", "higher", None,
     (2025, 71.2, None), (2030, 75.0, None), (None, None, None, None)),
    ("12", "三岁以下婴幼儿入托率提高", "民生福祉", "百分点", "预期性", "cumulative", "higher", None,
     (2025, None, NOT_YET), (2030, None, None), ("cumulative", 5.5, None, None)),
    ("13", "人均预期寿命", "民生福祉", "岁", "预期性", "level", "higher", None,
     (2025, 78.75, None), (2030, 80.0, None), (None, None, None, None)),
    ("14", "单位地区生产总值二氧化碳排放降低", "绿色低碳", "%", "约束性", "qualitative", "higher", None,
     (2025, None, NOT_YET), (2030, None, None), (None, None, None, "完成经国家审核衔接后确定的目标")),
    ("15", "非化石能源占能源消费总量比重", "绿色低碳", "%", "约束性", "qualitative", "higher", None,
     (2025, None, NOT_YET), (2030, None, None), (None, None, None, "完成经国家审核衔接后确定的目标")),
    ("16", "地级及以上城市细颗粒物(PM2.5)浓度", "绿色低碳", "微克/立方米", "约束性", "qualitative", "lower", None,
     (2025, 23.0, None), (2030, None, "达到国家要求"), (None, None, None, None)),
    ("17", "优良水体比例", "绿色低碳", "%", "约束性", "qualitative", "higher", None,
     (2025, None, NOT_YET), (2030, None, "达到国家要求"), (None, None, None, None)),
    ("18", "森林覆盖率", "绿色低碳", "%", "约束性", "level", "higher", None,
     (2025, 21.98, None), (2030, 22.24, None), (None, None, None, None)),
    ("19", "粮食综合生产能力", "安全保障", "万吨", "约束性", "qualitative", "higher", None,
     (2025, None, NOT_YET), (2030, None, None), (None, None, None, "达到国家要求")),
    ("20", "能源综合生产能力", "安全保障", "亿吨标准煤", "约束性", "level", "higher", None,
     (2025, 8.2, None), (2030, 8.8, None), (None, None, None, None)),
]  # fmt: skip


def as_tuple(r) -> tuple:
    a = r.annual_or_cumulative
    return (
        r.code, r.name, r.category, r.unit, r.attribute, r.target_type, r.direction, r.parent,
        (r.baseline.year, r.baseline.value, r.baseline.note),
        (r.target.year, r.target.value, r.target.text),
        (a.kind, a.value, a.qualifier, a.text),
    )  # fmt: skip


def table_lines(plan_lines: list[str]) -> tuple[int, int]:
    """0-based index of the 专栏1 heading and of its footnote line in the seed."""
    start = next(i for i, line in enumerate(plan_lines) if line.startswith("专栏1"))
    note = next(i for i in range(start, len(plan_lines)) if plan_lines[i].startswith("注："))
    return start, note


class TestSeedIndicatorTable:
    def test_20_indicators_21_rows(self, plan_doc):
        assert len(plan_doc.indicators) == 21
        assert len({r.code.split(".")[0] for r in plan_doc.indicators}) == 20

    @pytest.mark.parametrize("expected", EXPECTED, ids=[e[0] for e in EXPECTED])
    def test_every_field_of_every_row(self, plan_doc, expected):
        row = next(r for r in plan_doc.indicators if r.code == expected[0])
        assert as_tuple(row) == expected

    def test_rows_point_at_their_source_lines(self, plan_doc, plan_lines):
        for r in plan_doc.indicators:
            assert r.name[:4] in plan_lines[r.line_start - 1].replace(" ", "")
        assert plan_doc.indicators[10].line_start == plan_doc.indicators[9].line_start + 1

    def test_rows_split_over_lines_are_rejoined(self, plan_lines):
        start, note = table_lines(plan_lines)
        split: list[str] = []
        for line in plan_lines[start:note]:
            if line.startswith("\t6."):  # cut inside the name, as PDF extraction does
                cut = line.index("比重")
                split += [line[:cut], line[cut:]]
            elif line.startswith("\t14."):  # cut inside the textual target cell
                cut = line.index("审核衔接后")
                split += [line[:cut], line[cut:]]
            elif line.startswith("\t20."):  # cut at a cell boundary
                cut = line.index("\t8.2")
                split += [line[:cut], line[cut:]]
            else:
                split.append(line)
        text = "\n".join(plan_lines[:start] + split + plan_lines[note:])
        rows = {r.code: as_tuple(r) for r in parse_plan(text).indicators}
        assert rows == {e[0]: e for e in EXPECTED}


    def test_a_table_read_as_blank_separated_text(self, plan_lines):
        """pdftotext-style text: no tabs, cells separated by blanks, the group row 10 on one line."""
        start, note = table_lines(plan_lines)
        spaced = [line.replace("\t", " ").strip() for line in plan_lines[start:note]]
        text = "\n".join(plan_lines[:start] + spaced + plan_lines[note:])
        rows = {r.code: as_tuple(r) for r in parse_plan(text).indicators}
        assert rows == {e[0]: e for e in EXPECTED}


class TestOtherTables:
    def test_a_table_without_category_column(self, synthetic_plan_text):
        rows = parse_plan(synthetic_plan_text).indicators
        assert [as_tuple(r) for r in rows] == [
            ("1", "地区生产总值增长", "", "%", "预期性", "annual_growth", "higher", None,
             (2020, 3.1, None), (2025, None, None), ("annual", 6.0, "左右", None)),
            ("2", "城镇新增就业人数", "", "万人", "预期性", "cumulative", "higher", None,
             (2020, None, None), (2025, None, None), ("cumulative", 12.0, None, None)),
            ("3", "空气质量优良天数比率", "", "%", "约束性", "bound", "higher", None,
             (2020, 88.0, None), (2025, 90.0, "不低于 90"), (None, None, None, None)),
            ("4", "单位地区生产总值能源消耗降低", "", "%", "约束性", "qualitative", "higher", None,
             (2020, None, None), (2025, None, None), (None, None, None, "完成省下达任务")),
        ]  # fmt: skip

    def test_a_star_without_footnote_keeps_the_header_year(self):
        text = "\n".join(
            [
                "某县“十五五”规划纲要",
                "第一章 目标",
                "专栏1 主要指标",
                "类别\t指标\t2025年\t2030年\t年均/累计\t属性",
                "经济\t1.一般公共预算收入增长 (%)\t6.1*\t—\t6\t预期性",
                "民生\t2.城乡居民收入比 (—)\t2.3\t≤2.2\t—\t预期性",
            ]
        )
        rows = parse_plan(text).indicators
        assert [(r.code, r.category, r.baseline.year, r.baseline.value, r.baseline.note) for r in rows] == [
            ("1", "经济", 2025, 6.1, "*"),
            ("2", "民生", 2025, 2.3, None),
        ]
        assert rows[0].target_type == "annual_growth" and rows[0].annual_or_cumulative.qualifier is None
        assert (rows[1].target.value, rows[1].target.text, rows[1].target_type) == (2.2, "≤2.2", "bound")

    def test_a_plan_without_indicator_table(self):
        assert parse_plan("某市“十五五”规划\n第一章 总则\n正文。").indicators == []


@pytest.mark.parametrize(
    ("name", "target", "annual", "expected"),
    [
        ("地区生产总值增长", Target(2030, None), AnnualOrCumulative("annual", 5.0, "左右"), "annual_growth"),
        ("城镇调查失业率", Target(2030, None), AnnualOrCumulative("annual", 5.5, "以内"), "bound"),
        ("森林覆盖率", Target(2030, 25.0), AnnualOrCumulative(None), "level"),
        ("耕地保有量", Target(2030, 100.0, "不低于 100"), AnnualOrCumulative(None), "bound"),
        ("单位GDP能耗降低", Target(2030, None), AnnualOrCumulative("cumulative", 13.5), "cumulative"),
        ("优良水体比例", Target(2030, None, "达到国家要求"), AnnualOrCumulative(None), "qualitative"),
    ],
)
def test_target_type_rules(name, target, annual, expected):
    assert target_type(name, target, annual) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("城镇调查失业率", "lower"),
        ("细颗粒物浓度", "lower"),
        ("单位GDP二氧化碳排放降低", "higher"),
        ("森林覆盖率", "higher"),
    ],
)
def test_direction_rules(name, expected):
    assert direction(name) == expected
