"""Plan structure (篇/章/节) of the seed plan and of a synthetic plan: counts, numbering, exact titles, line ranges."""

from __future__ import annotations

import pytest

from plantrack.core.numerals import chinese_ordinal
from plantrack.core.planparse import PlanParseError, parse_plan
from plantrack.core.planparse.parser import plan_period
from plantrack.core.planparse.structure import parse_outline
from plantrack.core.planparse.textnorm import is_page_number

# Sections per chapter 1–53, counted by hand in the body of the seed plan.
SECTIONS_PER_CHAPTER = [
    2, 2, 0, 3, 2, 2, 4, 4, 3, 3, 2, 4, 2, 2, 2, 4, 2, 5, 2, 3, 3, 3, 3, 2, 3, 2, 3,
    2, 4, 3, 2, 4, 4, 5, 2, 3, 2, 2, 2, 3, 2, 4, 3, 2, 3, 2, 3, 2, 4, 2, 4, 3, 3,
]  # fmt: skip

# Where the seed's own table of contents and its body disagree (checked by hand: the body is what the plan says).
TOC_DIFFERS = {(51, 1): ("促进妇女儿童全面健康发展", "促进妇女儿童全面发展")}

# Part titles as printed in the body; parts 2, 4–10 wrap onto a second line after a blank line.
PART_TITLES = {
    1: "沿着习近平总书记指引的方向坚定前行 继续在中国式现代化建设中闯新路",
    2: "铸牢中华民族共同体意识 推进中华民族共同体建设",
    8: "建设体现内蒙古特色优势的现代化产业体系 巩固壮大实体经济根基",
    12: "优化区域经济布局 促进区域协调发展",
    15: "坚持以高质量党建引领高质量发展 为完成“十五五”规划提供坚强保证",
}

SPOT_TITLES = {
    (1, None): "发展环境",
    (3, None): "主要目标",
    (23, None): "深层次参与共建“一带一路”和中蒙俄经济走廊建设",
    (53, None): "健全规划实施全周期推进机制",
    (1, 1): "发展成就",
    (7, 3): "强化河湖湿地冻土（冰）资源保护修复",
    (9, 1): "深入打好蓝天、碧水、净土保卫战",
    (22, 3): "加强与东部沿海、毗邻省区和中西部地区交流合作",
    (28, 1): "推动生产性服务业向专业化和价值链高端延伸",
    (34, 5): "健全现代化城乡基础设施网络",
    (49, 4): "加快体育强区建设",
    (51, 1): "促进妇女儿童全面发展",
    (53, 3): "加强规划实施监测评估和监督",
}


class TestSeedPlanOutline:
    def test_it_finds_15_parts_and_53_chapters_numbered_through(self, plan_doc):
        assert [p.number for p in plan_doc.parts] == list(range(1, 16))
        assert [c.number for c in plan_doc.chapters()] == list(range(1, 54))

    def test_sections_restart_in_every_chapter(self, plan_doc):
        counts = [len(c.sections) for c in plan_doc.chapters()]
        assert counts == SECTIONS_PER_CHAPTER
        assert sum(counts) == 147
        for c in plan_doc.chapters():
            assert [s.number for s in c.sections] == list(range(1, len(c.sections) + 1))

    def test_chapters_sit_in_their_parts(self, plan_doc):
        per_part = [[c.number for c in p.chapters] for p in plan_doc.parts]
        assert per_part[0] == [1, 2, 3]
        assert per_part[7] == [25, 26, 27, 28]
        assert per_part[13] == [45, 46, 47, 48, 49, 50, 51]
        assert per_part[14] == [52, 53]

    def test_body_sections_match_the_table_of_contents(self, plan_lines):
        outline = parse_outline(plan_lines)
        body = {(c.number, s.number): s.title for p in outline.parts for c in p.chapters for s in c.sections}
        toc = {(c.number, s.number): s.title for p in outline.toc for c in p.chapters for s in c.sections}
        assert len(toc) == len(body) == 147
        assert body.keys() == toc.keys()
        differ = {k: (toc[k], body[k]) for k in body if toc[k] != body[k]}
        assert differ == TOC_DIFFERS

    def test_body_chapters_match_the_table_of_contents(self, plan_lines):
        outline = parse_outline(plan_lines)
        body = [(c.number, c.title) for p in outline.parts for c in p.chapters]
        toc = [(c.number, c.title) for p in outline.toc for c in p.chapters]
        assert body == toc

    def test_body_parts_match_the_table_of_contents(self, plan_lines):
        # The TOC wraps part titles at other places than the body: compare them without blanks.
        outline = parse_outline(plan_lines)
        body = [(p.number, p.title.replace(" ", "")) for p in outline.parts]
        toc = [(p.number, p.title.replace(" ", "")) for p in outline.toc]
        assert body == toc and len(body) == 15

    def test_toc_entries_are_not_the_body(self, plan_doc, plan_lines):
        outline = parse_outline(plan_lines)
        assert outline.body_start > 200  # the TOC fills the first lines
        first = plan_doc.parts[0].chapters[0]
        assert first.line_start > outline.body_start
        for c in plan_doc.chapters():
            assert "....." not in plan_lines[c.line_start - 1]
            assert plan_lines[c.line_start - 1].lstrip().startswith("第")

    def test_part_titles_rejoin_wrapped_headings(self, plan_doc):
        titles = {p.number: p.title for p in plan_doc.parts}
        for number, title in PART_TITLES.items():
            assert titles[number] == title

    @pytest.mark.parametrize(("key", "title"), SPOT_TITLES.items())
    def test_spot_titles(self, plan_doc, key, title):
        chapter = plan_doc.chapters()[key[0] - 1]
        assert chapter.number == key[0]
        got = chapter.title if key[1] is None else chapter.sections[key[1] - 1].title
        assert got == title

    def test_line_ranges_nest_and_locate_finds_them(self, plan_doc, plan_lines):
        for p in plan_doc.parts:
            for c in p.chapters:
                assert p.line_start < c.line_start <= c.line_end <= p.line_end
                for s in c.sections:
                    assert c.line_start < s.line_start <= s.line_end <= c.line_end
        sec = plan_doc.chapters()[40].sections[1]  # 第四十一章 第二节
        where = plan_doc.locate(sec.line_start + 2)
        assert (where.chapter, where.section, where.heading) == (41, 2, "促进黄河流域高质量发展")
        assert plan_doc.locate(1).chapter is None

    def test_title_and_period(self, plan_doc):
        assert plan_doc.title == "内蒙古自治区国民经济和社会发展第十五个五年规划纲要"
        assert plan_doc.period == (2026, 2030)


class TestSyntheticPlan:
    """Another plan in the same conventions: no 篇, 3 chapters, a wrapped chapter heading, 14th plan period."""

    def test_it_reads_the_outline(self, synthetic_plan_text):
        doc = parse_plan(synthetic_plan_text)
        assert doc.title == "青川市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
        assert doc.period == (2021, 2025)
        assert [(p.number, p.title) for p in doc.parts] == [(0, "")]
        assert [(c.number, c.title) for c in doc.chapters()] == [
            (1, "发展基础"),
            (2, "建设人与自然和谐共生的美丽宜居城市"),
            (3, "民生保障"),
        ]
        assert [[s.title for s in c.sections] for c in doc.chapters()] == [
            ["主要成绩", "面临挑战"],
            ["治理水环境", "建设公园城市"],
            ["扩大就业", "办好教育"],
        ]

    def test_its_toc_is_kept_apart(self, synthetic_plan_text):
        outline = parse_outline(synthetic_plan_text.split("\n"))
        assert [c.title for p in outline.toc for c in p.chapters] == [
            "发展基础",
            "建设人与自然和谐共生的美丽宜居城市",
            "民生保障",
        ]
        assert [s.title for p in outline.toc for c in p.chapters for s in c.sections] == ["主要成绩"]

    def test_chapter_numbers_run_on_across_parts(self):
        text = "\n".join(
            [
                "某省某某规划（2031—2035年）",
                "第一篇 总体要求",
                "第一章 发展基础",
                "第一节 成就",
                "第二篇 重点任务",
                "第二章 产业",
                "第一节 工业",
                "第二节 农业",
                "第三章 开放",
            ]
        )
        doc = parse_plan(text)
        assert doc.period == (2031, 2035)
        assert [[c.number for c in p.chapters] for p in doc.parts] == [[1], [2, 3]]
        assert [s.number for s in doc.chapters()[1].sections] == [1, 2]

    def test_a_pdf_wrapped_heading_with_a_page_footer_between(self):
        text = "\n".join(
            [
                "某区“十六五”规划纲要",
                "第一篇 推进高质量发展 建设现代化",
                "- 3 -",
                "产业体系",
                "第一章 总体要求",
                "全区上下要坚定信心，真抓实干。",
            ]
        )
        doc = parse_plan(text)
        assert doc.period == (2031, 2035)
        assert doc.parts[0].title == "推进高质量发展 建设现代化产业体系"
        assert doc.chapters()[0].title == "总体要求"


class TestBadText:
    @pytest.mark.parametrize("text", ["", "   \n\n\t", "这是一段没有任何标题的文字。\n第二段也没有。"])
    def test_it_refuses_text_without_chapters(self, text):
        with pytest.raises(PlanParseError) as err:
            parse_plan(text)
        assert "\n" not in str(err.value)

    def test_sections_alone_are_not_a_plan(self):
        with pytest.raises(PlanParseError, match="第…章"):
            parse_plan("第一节 引言\n内容。\n第二节 结论\n内容。")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("二十一", 21), ("五十三", 53), ("一百零三", 103), ("12", 12)],
)
def test_chinese_ordinals(numeral, value):
    assert chinese_ordinal(numeral) == value


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("第十五个五年规划纲要", (2026, 2030)),
        ("第十四个五年规划", (2021, 2025)),
        ("“十三五”规划", (2016, 2020)),
        ("发展规划（2026—2030年）", (2026, 2030)),
        ("没有年份的文字", None),
    ],
)
def test_plan_period_is_derived(text, period):
    assert plan_period(text) == period


@pytest.mark.parametrize(("line", "page"), [("- 12 -", True), ("12", True), ("— 3 —", True), ("第5页", True),
                                            ("2030年", False), ("", False)])
def test_page_number_lines(line, page):
    assert is_page_number(line) is page
