"""Storing a hand-built PlanDocument: the node tree, where commitments attach, and the search sentences."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plantrack.core.planparse.model import (
    AnnualOrCumulative,
    Baseline,
    Box,
    BoxItem,
    Chapter,
    Commitment,
    IndicatorRow,
    Part,
    PlanDocument,
    Section,
    Target,
)
from plantrack.plans.chapter_page import build_chapter_page
from plantrack.plans.importing import store_plan_document
from plantrack.plans.models import PlanNode

LINES = [
    "测试规划纲要",  # 1
    "第一篇 总论",  # 2
    "第一章 目标",  # 3
    "到2030年，粮食产量达到800亿斤。",  # 4
    "第二章 任务",  # 5
    "第一节 能源",  # 6
    "发展氢能产业。",  # 7
    "专栏2 氢能工程",  # 8
    "（一）加氢站",  # 9
    "建成加氢站50座，输氢管道100公里。",  # 10
    "（二）制氢",  # 11
    "绿氢产能达到10万吨。",  # 12
    "第二节 生态",  # 13
    "治理沙化土地。",  # 14
]


def _document() -> PlanDocument:
    ch1 = Chapter(1, "目标", 3, 4)
    ch2 = Chapter(2, "任务", 5, 14, sections=[Section(1, "能源", 6, 12), Section(2, "生态", 13, 14)])
    box = Box(2, "氢能工程", chapter=2, section=1, line_start=8, line_end=12,
              items=[BoxItem("（一）", "加氢站", 9), BoxItem("（二）", "制氢", 11)])
    indicator = IndicatorRow(code="1", name="粮食产量", category="安全保障", unit="亿斤", attribute="约束性",
                             target_type="level", baseline=Baseline(2025, 780.5), target=Target(2030, 800.0),
                             annual_or_cumulative=AnnualOrCumulative(None), line_start=4, line_end=4)
    commitments = [
        Commitment(1, None, None, "粮食产量达到800亿斤", "粮食产量", 800.0, None, "亿斤", "=", 2030, line=4),
        Commitment(2, 1, 2, "建成加氢站50座", "加氢站", 50.0, None, "座", "=", None, line=10),
        Commitment(2, 1, 2, "输氢管道100公里", "输氢管道", 100.0, None, "公里", "=", None, line=10),
    ]
    return PlanDocument(title="测试规划纲要", period=(2026, 2030), parts=[Part(1, "总论", 2, 14, [ch1, ch2])],
                        boxes=[box], indicators=[indicator], commitments=commitments, lines=LINES)


@pytest.mark.django_db
class TestStorePlanDocument:
    def test_the_tree_nests_boxes_under_sections_and_items_under_boxes(self):
        result = store_plan_document(document=_document(), source_name="hand.txt")
        nodes = {(n.kind, n.number): n for n in result.version.nodes.select_related("parent")}
        assert nodes[("chapter", 2)].parent == nodes[("part", 1)]
        assert nodes[("section", 1)].parent == nodes[("chapter", 2)]
        assert nodes[("box", 2)].parent == nodes[("section", 1)]
        assert nodes[("box_item", 1)].parent == nodes[("box", 2)]
        assert (nodes[("box_item", 1)].line_start, nodes[("box_item", 1)].line_end) == (9, 10)
        assert (nodes[("box_item", 2)].line_start, nodes[("box_item", 2)].line_end) == (11, 12)
        ordered = [(n.kind, n.number) for n in result.version.nodes.order_by("order")]
        assert ordered == [("part", 1), ("chapter", 1), ("chapter", 2), ("section", 1), ("box", 2),
                           ("box_item", 1), ("box_item", 2), ("section", 2)]
        assert nodes[("chapter", 1)].label == "第一章" and nodes[("box", 2)].label == "专栏2"

    def test_commitments_attach_to_the_innermost_node_of_their_line(self):
        result = store_plan_document(document=_document(), source_name="hand.txt")
        kinds = [(c.node.kind, c.node.number) for c in result.version.commitments.order_by("order")]
        assert kinds == [(PlanNode.Kind.CHAPTER, 1), (PlanNode.Kind.BOX_ITEM, 1), (PlanNode.Kind.BOX_ITEM, 1)]
        assert str(result.version.indicators.get().baseline_value.normalize()) == "780.5"

    def test_sentences_are_indexed_with_their_place(self):
        result = store_plan_document(document=_document(), source_name="hand.txt")
        hydrogen = result.version.sentences.filter(tokens__contains=" 氢能 ")
        assert [(s.line, s.section_number, s.box_number) for s in hydrogen] == [(7, 1, None), (8, 1, 2)]
        assert not result.version.sentences.filter(line=1).exists()  # the title page is not the body

    def test_the_chapter_page_marks_both_commitments_in_one_sentence(self):
        result = store_plan_document(document=_document(), source_name="hand.txt")
        page = build_chapter_page(version=result.version, number=2)
        section = page.blocks[0]
        assert [b.kind for b in page.blocks] == ["section", "section"]
        box = section.children[1]
        item = box.children[0]
        assert (section.kind, box.kind, item.kind) == ("section", "box", "box_item")
        html = str(item.children[0].html)
        assert html.count('<mark class="commitment"') == 2
        assert ">建成加氢站50座</mark>，<mark" in html


@pytest.mark.django_db
def test_with_no_plan_the_list_says_how_to_import_one(admin_client):
    assert "plantrack import-plan" in admin_client.get(reverse("plans:index")).content.decode()
