"""Quantitative commitments (量化目标) in plan prose and boxes: against hand labels on the seed plan, and on plans
written for these tests."""

from __future__ import annotations

import pytest
from commitment_labels import Label, read_labels

from plantrack.core.planparse import parse_file, parse_plan
from plantrack.core.planparse.commitments import find_commitments
from plantrack.core.planparse.model import Box, BoxItem, Chapter, Commitment, Part, PlanDocument, Section


def _read_labels() -> tuple[set[int], list[Label]]:
    return read_labels("commitments_004.tsv")


def _key(line: int, value: float, unit: str) -> tuple[int, float, str]:
    return line, round(value, 6), unit


@pytest.fixture(scope="module")
def labelled(plan_doc):
    chapters, labels = _read_labels()
    found = [c for c in plan_doc.commitments if c.chapter in chapters]
    return chapters, labels, found


class TestAgainstHandLabels:
    """Precision and recall on chapters 1, 7, 8, 16, 18, 31, 34, 45, 49–51 and 53 (rules: labels/README.md)."""

    def test_labels_cover_the_kinds_of_chapter_asked_for(self, labelled):
        chapters, labels, _ = labelled
        assert {1, 53} <= chapters and len(chapters) >= 6
        assert any(label.comparator == ">=" and "不低于" in label.fragment for label in labels)

    def test_precision_and_recall(self, labelled, plan_doc):
        _, labels, found = labelled
        expected = {_key(label.line, label.value, label.unit) for label in labels}
        got = {_key(c.line, c.value, c.unit) for c in found}
        misses = sorted(expected - got)
        extras = sorted(got - expected)
        for line, value, unit in misses:
            print(f"missed  line {line}: {value:g}{unit}  {plan_doc.lines[line - 1][:60]}")
        for line, value, unit in extras:
            print(f"extra   line {line}: {value:g}{unit}  {plan_doc.lines[line - 1][:60]}")
        precision = len(expected & got) / len(got)
        recall = len(expected & got) / len(expected)
        print(f"precision {precision:.3f}  recall {recall:.3f}  ({len(expected)} labelled, {len(got)} found)")
        assert precision >= 0.95
        assert recall >= 0.95

    def test_comparator_deadline_and_quote_agree_with_the_labels(self, labelled):
        _, labels, found = labelled
        by_key = {_key(c.line, c.value, c.unit): c for c in found}
        matched = [(label, by_key[_key(label.line, label.value, label.unit)]) for label in labels
                   if _key(label.line, label.value, label.unit) in by_key]
        wrong_comparator = [(lb.line, lb.value, lb.comparator, c.comparator) for lb, c in matched
                            if lb.comparator != c.comparator]
        wrong_deadline = [(lb.line, lb.value, lb.deadline, c.deadline) for lb, c in matched
                          if lb.deadline != c.deadline]
        wrong_quote = [(lb.line, lb.fragment, c.quote) for lb, c in matched if lb.fragment not in c.quote]
        print("comparator:", wrong_comparator, "deadline:", wrong_deadline, "quote:", wrong_quote)
        assert len(wrong_comparator) <= 0.05 * len(matched)
        assert len(wrong_deadline) <= 0.05 * len(matched)
        assert not wrong_quote

    def test_achievements_and_the_mechanism_chapter_hold_none(self, plan_doc):
        assert [c for c in plan_doc.commitments if c.chapter in (1, 53)] == []


class TestOnTheWholeSeedPlan:
    def test_every_quote_is_a_verbatim_substring_of_its_line(self, plan_doc, plan_text):
        assert plan_doc.commitments
        for c in plan_doc.commitments:
            assert c.quote and c.quote in plan_doc.lines[c.line - 1], c
            assert c.quote in plan_text
            assert len(c.quote) < 200, "a quote is the clause, not the paragraph"

    def test_every_commitment_is_placed_and_typed(self, plan_doc):
        chapters = {ch.number for ch in plan_doc.chapters()}
        for c in plan_doc.commitments:
            assert c.chapter in chapters
            assert c.comparator in {">=", "<=", "=", "~", "+", "range"}
            assert c.subject, c
            assert (c.value_max is not None) == (c.comparator == "range")

    def test_names_labels_codes_and_scopes_are_not_commitments(self, plan_doc):
        figures = {(c.value, c.unit) for c in plan_doc.commitments}
        assert not figures & {(1571, ""), (12345, ""), (12356, ""), (1816, ""), (4515, ""), (500, "千伏"),
                              (250, "公里"), (10, "万"), (30, "年"), (80, "周")}
        assert not [c for c in plan_doc.commitments if c.unit in {"岁", "年", "分钟", "小时"}]
        assert not [c for c in plan_doc.commitments if "5G" in c.quote or "G110" in c.quote]

    def test_nothing_from_the_indicator_table(self, plan_doc):
        table = next(b for b in plan_doc.boxes if b.number == 1)
        assert not [c for c in plan_doc.commitments if table.line_start <= c.line <= table.line_end]

    def test_a_box_figure_knows_its_box_and_deadline(self, plan_doc):
        c = next(c for c in plan_doc.commitments if c.value == 7463)
        assert (c.chapter, c.section, c.box, c.unit, c.comparator, c.deadline) == (7, 1, 3, "万亩", "=", 2030)
        assert c.quote == "规划完成生态建设任务7463万亩"
        assert c.subject == "生态建设任务"

    def test_a_sentence_wrapped_by_the_pdf_keeps_its_subject_and_deadline(self, plan_doc):
        c = next(c for c in plan_doc.commitments if c.value == 80 and c.unit == "%" and c.chapter == 18)
        assert c.subject == "设施畜牧业养殖比重"
        assert c.deadline == 2030
        assert c.quote == "牧业养殖比重达到 80%"

    def test_the_subject_can_follow_the_figure(self, plan_doc):
        subjects = {c.subject for c in plan_doc.commitments if c.chapter == 17}
        assert {"找矿靶区", "大中型矿山比例"} <= subjects

    @pytest.mark.parametrize("rendering", ["plan_docx_path", "plan_pdf_path"])
    def test_word_and_pdf_renderings_give_the_same_commitments(self, plan_doc, rendering, request):
        doc = parse_file(request.getfixturevalue(rendering))
        assert [(c.chapter, c.box, c.value, c.unit, c.comparator, c.deadline) for c in doc.commitments] == [
            (c.chapter, c.box, c.value, c.unit, c.comparator, c.deadline) for c in plan_doc.commitments]
        for c in doc.commitments:
            assert c.quote in doc.lines[c.line - 1]


def _document(lines: list[str], *, sections: list[tuple[str, int, int]], boxes: list[Box] | None = None,
              period: tuple[int, int] = (2026, 2030)) -> PlanDocument:
    """A one-chapter PlanDocument built by hand, so these tests do not depend on the structure parser."""
    chapter = Chapter(1, "测试章", 1, len(lines),
                      [Section(i + 1, title, start, end) for i, (title, start, end) in enumerate(sections)])
    part = Part(1, "测试篇", 1, len(lines), [chapter])
    return PlanDocument(title="测试规划", period=period, parts=[part], boxes=boxes or [], indicators=[],
                        commitments=[], lines=lines)


def _found(doc: PlanDocument) -> list[tuple[float, str, str, int | None]]:
    return [(c.value, c.unit, c.comparator, c.deadline) for c in find_commitments(doc)]


class TestOnPlansWrittenForTheseTests:
    def test_an_achievements_section_is_skipped(self):
        lines = ["第一章 测试章", "第一节 主要成就", "全市粮食产量达到 500 万吨，建成 3 座水库。",
                 "第二节 发展目标", "到2027年，粮食产量达到 550 万吨以上。"]
        doc = _document(lines, sections=[("主要成就", 2, 3), ("发展目标", 4, 5)])
        assert _found(doc) == [(550, "万吨", ">=", 2027)]

    def test_past_sentences_and_perfect_clauses_are_skipped(self):
        lines = ["第一章 测试章", "“十四五”时期，新建学校 20 所。党的十八大以来，累计完成投资 300 亿元。",
                 "森林覆盖率提高了 2 个百分点。", "“十五五”期间，新建学校 30 所。"]
        doc = _document(lines, sections=[])
        assert _found(doc) == [(30, "所", "+", 2030)]

    def test_labels_dates_scopes_and_codes(self):
        lines = ["第一章 测试章",
                 "落实“1571”工作部署，开通 12345 热线，建设 5G 基站和 4F 级机场，对3岁以下婴幼儿提供托育，"
                 "2028年举办运动会，建设 G110 公路，打造千亿级产业集群，实现城区人口 20 万以上县高速连通。",
                 "每年培训劳动者 2 万人次以上，托育覆盖率不低于 60%。"]
        doc = _document(lines, sections=[])
        assert _found(doc) == [(2, "万人次", ">=", None), (60, "%", ">=", None)]

    def test_deadlines(self):
        lines = ["第一章 测试章",
                 "到2028年，污水处理率达到 95%，到“十五五”末，达到 98%。“十五五”时期，新增就业 40 万人。",
                 "绿地率达到 40%。到二〇三〇年，公园数量达到 100 个。"]
        doc = _document(lines, sections=[])
        assert _found(doc) == [(95, "%", "=", 2028), (98, "%", "=", 2030), (40, "万人", "+", 2030),
                               (40, "%", "=", None), (100, "个", "=", 2030)]

    def test_a_level_versus_an_increase(self):
        lines = ["第一章 测试章",
                 "公园数量增加到 100 个，绿道长度增加 50 公里，城镇化率提高 3 个百分点，累计造林 20 万亩。"]
        doc = _document(lines, sections=[])
        assert [(c.value, c.comparator) for c in find_commitments(doc)] == [(100, "="), (50, "+"), (3, "+"), (20, "+")]

    def test_ranges_and_a_shared_qualifier(self):
        lines = ["第一章 测试章", "研发投入年均增长 8%—10%，每年分别招募教师 300 名、医生 500 名左右。"]
        doc = _document(lines, sections=[])
        got = [(c.value, c.value_max, c.comparator) for c in find_commitments(doc)]
        assert got == [(8, 10, "range"), (300, None, "~"), (500, None, "~")]

    def test_a_national_plan_in_the_same_conventions(self):
        lines = ["第一章 测试章",
                 "到2025年，常住人口城镇化率提高到65%，单位国内生产总值能源消耗和二氧化碳排放分别降低13.5%、18%，"
                 "每千人口拥有3岁以下婴幼儿托位数达到4.5个，人均预期寿命提高1岁，地级及以上城市PM2.5浓度下降10%，"
                 "5G用户普及率提高到56%。研发经费投入年均增长7%以上，耕地保有量不低于18.65亿亩。"]
        doc = _document(lines, sections=[], period=(2021, 2025))
        got = [(c.value, c.unit, c.comparator, c.deadline, c.subject) for c in find_commitments(doc)]
        assert got == [
            (65, "%", "=", 2025, "常住人口城镇化率"),
            (13.5, "%", "=", 2025, "单位国内生产总值能源消耗和二氧化碳排放降低"),
            (18, "%", "=", 2025, "单位国内生产总值能源消耗和二氧化碳排放降低"),
            (4.5, "个", "=", 2025, "每千人口拥有3岁以下婴幼儿托位数"),
            (1, "岁", "+", 2025, "人均预期寿命提高"),
            (10, "%", "=", 2025, "地级及以上城市PM2.5浓度下降"),
            (56, "%", "=", 2025, "5G用户普及率"),
            (7, "%", ">=", None, "研发经费投入年均增长"),
            (18.65, "亿亩", ">=", None, "耕地保有量"),
        ]

    def test_a_table_box_is_skipped_but_a_figure_box_is_read(self):
        lines = ["第一章 测试章", "专栏1 主要指标", "指标\t2025年\t2030年\t属性", "1.城镇化率(%)\t60\t65\t预期性",
                 "专栏2 重点工程", "（一）水网工程", "新建水库 12 座。"]
        boxes = [Box(1, "主要指标", 1, None, 2, 4),
                 Box(2, "重点工程", 1, None, 5, 7, [BoxItem("（一）", "水网工程", 6)])]
        doc = _document(lines, sections=[], boxes=boxes)
        found = find_commitments(doc)
        assert [(c.value, c.unit, c.box, c.comparator) for c in found] == [(12, "座", 2, "+")]
        assert found[0].subject == "水库"

    def test_another_regions_plan_through_the_full_parser(self, synthetic_plan_text):
        doc = parse_plan(synthetic_plan_text)
        got = [(c.value, c.unit, c.comparator, c.box) for c in doc.commitments]
        assert got == [(30, "公里", "=", 2), (3, "个", "+", 2), (2, "万人次", "=", 3), (5, "个", "=", 3),
                       (1000, "个", "=", 3), (10, "所", "+", None)]
        for c in doc.commitments:
            assert isinstance(c, Commitment) and c.quote in doc.lines[c.line - 1]

