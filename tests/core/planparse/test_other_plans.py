"""Two plans written for these tests in other conventions than the seed (tests/core/planparse/plans/, README there):
a 旗 plan (no 篇, sections written "一、", a table with 序号 and 单位 columns, category rows of their own, 〔〕 and
左右) and a national-style outline (a TOC without page numbers, years 2030/2035, ＞ ＜ and 〔〕). Every structure
and indicator field is checked, through the `plantrack parse --json` contract; their Word and PDF renderings
read the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from contract_shape import check_plan_contract
from renderings import write_docx, write_pdf

from plantrack.core.planparse import parse_file, parse_plan, to_contract_json

PLANS = Path(__file__).parent / "plans"


def _outline(contract: dict) -> list:
    return [(p["number"], p["title"], [(c["number"], c["title"], [(s["number"], s["title"]) for s in c["sections"]])
                                       for c in p["chapters"]]) for p in contract["parts"]]


def _boxes(contract: dict) -> list:
    return [(b["number"], b["title"], b["chapter"], b["section"], [(i["label"], i["title"]) for i in b["items"]])
            for b in contract["boxes"]]


def _indicators(contract: dict) -> list:
    rows = []
    for i in contract["indicators"]:
        b, t, a = i["baseline"], i["target"], i["annual_or_cumulative"]
        rows.append((i["code"], i["name"], i["category"], i["unit"], i["attribute"], i["target_type"],
                     i["direction"], i["parent"], (b["year"], b["value"], b["note"]),
                     (t["year"], t["value"], t["text"]), (a["kind"], a["value"], a["qualifier"], a["text"])))
    return rows


@pytest.fixture(scope="module")
def banner() -> dict:
    contract = to_contract_json(parse_file(PLANS / "banner_plan.txt"))
    check_plan_contract(contract)
    return contract


@pytest.fixture(scope="module")
def national() -> dict:
    contract = to_contract_json(parse_file(PLANS / "national_outline.txt"))
    check_plan_contract(contract)
    return contract


class TestBannerPlan:
    def test_title_and_period(self, banner):
        assert banner["title"] == "青格尔旗国民经济和社会发展第十五个五年规划纲要"
        assert banner["period"] == [2026, 2030]

    def test_chapters_and_sections_written_with_yi_dun(self, banner):
        assert _outline(banner) == [(0, "", [
            (1, "发展基础和发展环境", [(1, "“十四五”时期发展回顾"), (2, "“十五五”时期发展环境")]),
            (2, "总体思路和发展目标", [(1, "总体思路"), (2, "发展目标")]),
            (3, "做强现代产业", [(1, "发展绿色农畜产品加工"), (2, "壮大清洁能源产业")]),
            (4, "增进民生福祉", [(1, "促进高质量充分就业"), (2, "提升公共服务水平"), (3, "守护草原生态")]),
            (5, "保障规划实施", [(1, "加强组织领导"), (2, "强化监测评估")]),
        ])]

    def test_boxes(self, banner):
        assert _boxes(banner) == [
            (1, "青格尔旗“十五五”经济社会发展主要指标", 2, 2, []),
            (2, "产业发展重点工程", 3, 2, [("（一）", "农畜产品加工园区"), ("（二）", "新能源基地")]),
        ]

    def test_every_indicator_field(self, banner):
        up, down = "higher", "lower"
        assert _indicators(banner) == [
            ("1", "地区生产总值", "经济发展", "亿元", "预期性", "level", up, None,
             (2025, 182.0, None), (2030, 260.0, "260左右"), ("annual", 7.0, "左右", None)),
            ("2", "规模以上工业增加值增长", "经济发展", "%", "预期性", "annual_growth", up, None,
             (2025, 6.1, None), (2030, None, None), ("annual", 8.0, "左右", None)),
            ("3", "固定资产投资增长", "经济发展", "%", "预期性", "cumulative", up, None,
             (2025, None, None), (2030, None, None), ("cumulative", 10.0, None, None)),
            ("4", "城镇新增就业", "民生福祉", "万人", "预期性", "cumulative", up, None,
             (2025, None, None), (2030, None, None), ("cumulative", 1.2, None, None)),
            ("5", "牧区常住居民人均可支配收入增长", "民生福祉", "%", "预期性", "annual_growth", up, None,
             (2025, 6.5, None), (2030, None, None), ("annual", None, "与经济增长同步", "与经济增长同步")),
            ("6", "每千人口拥有3岁以下婴幼儿托位数", "民生福祉", "个", "预期性", "level", up, None,
             (2025, 2.6, None), (2030, 4.5, None), (None, None, None, None)),
            ("7", "草原综合植被盖度", "生态环境", "%", "约束性", "bound", up, None,
             (2025, 44.2, None), (2030, 45.0, "≥45"), (None, None, None, None)),
            ("8", "单位地区生产总值能耗降低", "生态环境", "%", "约束性", "qualitative", up, None,
             (2025, None, None), (2030, None, None), (None, None, None, "完成自治区下达任务")),
        ]
        assert down not in {row[6] for row in _indicators(banner)}

    def test_commitments_stand_in_their_sections(self, banner):
        found = {(c["chapter"], c["section"], c["subject"], c["value"], c["unit"], c["comparator"])
                 for c in banner["commitments"]}
        assert (2, 2, "全旗地区生产总值", 260.0, "亿元", "~") in found
        assert (4, 3, "草原综合植被盖度", 45.0, "%", ">=") in found
        # The review of the last five years (一、“十四五”时期发展回顾) promises nothing.
        assert not [c for c in banner["commitments"] if c["chapter"] == 1]


class TestNationalOutline:
    def test_title_and_period_from_the_ordinal(self, national):
        assert national["title"] == "国民经济和社会发展第十六个五年规划纲要"
        assert national["period"] == [2031, 2035]

    def test_parts_chapters_and_sections_after_a_toc_without_page_numbers(self, national):
        assert _outline(national) == [
            (1, "开启现代化建设新阶段", [
                (1, "发展环境", [(1, "发展基础"), (2, "机遇和挑战")]),
                (2, "指导方针和主要目标", [(1, "指导方针"), (2, "主要目标")]),
            ]),
            (2, "坚持创新驱动发展 加快建设科技强国", [
                (3, "强化国家战略科技力量", [(1, "加强基础研究"), (2, "建设重大科技基础设施")]),
                (4, "提升企业技术创新能力", [(1, "激励企业加大研发投入")]),
            ]),
            (3, "推动绿色发展 促进人与自然和谐共生", [
                (5, "持续改善环境质量", [(1, "深入打好污染防治攻坚战"), (2, "提升生态系统质量")]),
                (6, "积极稳妥推进碳达峰碳中和", [(1, "构建清洁低碳能源体系"), (2, "完善碳排放双控制度")]),
            ]),
        ]

    def test_boxes(self, national):
        assert _boxes(national) == [
            (1, "“十六五”时期经济社会发展主要指标", 2, 2, []),
            (2, "科技创新重大工程", 4, 1, [("（一）", "前沿基础研究"), ("（二）", "关键核心技术攻关")]),
        ]

    def test_every_indicator_field(self, national):
        up, down = "higher", "lower"
        unpublished = "尚未发布的数据"
        assert _indicators(national) == [
            ("1", "国内生产总值（GDP）增长", "经济发展", "%", "预期性", "qualitative", up, None,
             (2030, 5.0, None), (2035, None, None), (None, None, None, "保持在合理区间、各年度视情提出")),
            ("2", "全员劳动生产率增长", "经济发展", "%", "预期性", "annual_growth", up, None,
             (2030, 5.2, None), (2035, None, None), ("annual", None, "高于GDP增长", "高于GDP增长")),
            ("3", "常住人口城镇化率", "经济发展", "%", "预期性", "level", up, None,
             (2030, 69.5, None), (2035, 72.0, "72左右"), (None, None, None, None)),
            ("4", "全社会研发经费投入增长", "创新驱动", "%", "预期性", "annual_growth", up, None,
             (2030, 8.0, None), (2035, None, None), ("annual", 7.0, ">", None)),
            ("5", "每万人口高价值发明专利拥有量", "创新驱动", "件", "预期性", "level", up, None,
             (2030, 16.0, None), (2035, 22.0, None), (None, None, None, None)),
            ("6", "城镇调查失业率", "民生福祉", "%", "预期性", "bound", down, None,
             (2030, 5.2, None), (2035, None, None), ("annual", 5.5, "<", None)),
            ("7", "人均预期寿命", "民生福祉", "岁", "预期性", "cumulative", up, None,
             (2030, 80.0, None), (2035, None, None), ("cumulative", 1.0, None, None)),
            ("8", "单位GDP能源消耗降低", "绿色生态", "%", "约束性", "cumulative", up, None,
             (2030, None, unpublished), (2035, None, None), ("cumulative", 12.0, None, None)),
            ("9", "地级及以上城市空气质量优良天数比率", "绿色生态", "%", "约束性", "level", up, None,
             (2030, 88.5, None), (2035, 90.0, None), (None, None, None, None)),
        ]

    def test_deadlines_come_from_this_plan_s_years(self, national):
        pm = next(c for c in national["commitments"] if c["subject"].startswith("地级及以上城市细颗粒物浓度"))
        assert (pm["chapter"], pm["section"], pm["value"], pm["deadline"]) == (5, 1, 10.0, 2035)


RENDERINGS = {  # how each plan is printed: Word, PDF with a grid, PDF without lines, PDF printed line by line
    "docx": lambda text, path: write_docx(text, path.with_suffix(".docx")),
    "pdf-grid": lambda text, path: write_pdf(text, path),
    "pdf-no-lines": lambda text, path: write_pdf(text, path, ruled=False),
    "pdf-by-line-top": lambda text, path: write_pdf(text, path, ruled=False, by_line="TOP"),
    "pdf-by-line-centred": lambda text, path: write_pdf(text, path, ruled=True, by_line="MIDDLE"),
}


def _blanks_dropped(value):
    """A line break inside a printed cell cannot tell whether a blank stood there ("高于GDP" / "增长"): compare
    the words of text fields without blanks."""
    if isinstance(value, dict):
        return {k: _blanks_dropped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_blanks_dropped(v) for v in value]
    return value.replace(" ", "") if isinstance(value, str) else value


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@pytest.mark.parametrize("plan", ["banner_plan", "national_outline"])
def test_word_and_pdf_renderings_read_like_the_text(plan, rendering, tmp_path):
    text = (PLANS / f"{plan}.txt").read_text(encoding="utf-8")
    expected = to_contract_json(parse_plan(text))
    got = to_contract_json(parse_file(RENDERINGS[rendering](text, tmp_path / f"{plan}.pdf")))
    for key in ("title", "period", "parts", "boxes"):
        assert got[key] == expected[key], key
    if rendering.startswith("pdf-by-line"):
        assert _blanks_dropped(got["indicators"]) == _blanks_dropped(expected["indicators"])
    else:
        assert got["indicators"] == expected["indicators"]
