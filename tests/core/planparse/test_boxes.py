"""Boxes (专栏) of the seed plan: every numbered box in its chapter/section with its items, and the two item
blocks whose box heading the extraction lost (checked by reading the text around every （一） line)."""

from __future__ import annotations

from plantrack.core.planparse import parse_plan

# number → (chapter, section, item count), read by hand from the body: the heading "专栏N" / "专栏 N" stands after
# the section heading given here; items are the （一）（二）… lines up to the next heading.
NUMBERED = {
    1: (3, None, 0), 2: (5, 2, 3), 3: (7, 1, 3), 4: (7, 3, 5), 5: (8, 1, 5), 6: (8, 2, 3), 7: (8, 3, 4),
    8: (16, 1, 2), 9: (16, 4, 4), 10: (18, 1, 6), 11: (18, 2, 3), 12: (18, 5, 3), 13: (19, 2, 3),
    14: (25, 1, 4), 15: (26, 1, 4), 16: (26, 2, 3), 17: (27, 2, 6), 18: (28, 2, 5), 19: (29, 1, 10),
    20: (29, 2, 4), 21: (30, 2, 5), 22: (31, 1, 6), 23: (32, 3, 3), 24: (34, 1, 5), 25: (34, 2, 3),
    26: (34, 3, 3), 27: (34, 4, 3), 28: (40, 1, 5), 29: (40, 2, 4), 30: (40, 3, 3), 31: (43, 3, 3),
}  # fmt: skip

SPOT_TITLES = {
    1: "“十五五”时期经济社会发展主要指标",
    4: "河湖湿地冻土（冰）资源保护修复",
    10: "“两区四带”农牧业生产格局",
    27: "绿色算力和信息传输骨干通道建设",
    31: "大力繁荣文化事业",
}


class TestNumberedBoxes:
    def test_all_31_numbered_boxes_stand_in_their_chapters(self, plan_doc):
        numbered = {b.number: (b.chapter, b.section, len(b.items)) for b in plan_doc.boxes if b.heading_found}
        assert numbered == NUMBERED

    def test_titles_with_and_without_a_space_after_专栏(self, plan_doc):
        titles = {b.number: b.title for b in plan_doc.boxes}
        for number, title in SPOT_TITLES.items():
            assert titles[number] == title

    def test_items_carry_labels_and_titles(self, plan_doc):
        box19 = next(b for b in plan_doc.boxes if b.number == 19)
        assert [i.label for i in box19.items] == [f"（{n}）" for n in "一二三四五六七八九十"]
        assert box19.items[0].title == "“种芯”工程"
        assert box19.items[6].title == "“人工智能+”和算电协同"
        box24 = next(b for b in plan_doc.boxes if b.number == 24)
        assert box24.items[0].title == "高（快）速铁路"

    def test_boxes_end_before_the_next_heading(self, plan_doc, plan_lines):
        for b in plan_doc.boxes:
            assert b.line_start <= b.line_end
            assert plan_doc.locate(b.line_end).chapter == b.chapter
        box2 = next(b for b in plan_doc.boxes if b.number == 2)
        assert plan_lines[box2.line_end].strip() == "" and plan_lines[box2.line_end + 1].startswith("第六章")

    def test_locate_reports_the_box(self, plan_doc):
        box8 = next(b for b in plan_doc.boxes if b.number == 8)
        where = plan_doc.locate(box8.items[1].line + 2)
        assert (where.chapter, where.section, where.box) == (16, 1, 8)


class TestBoxesWithoutHeading:
    def test_it_finds_the_two_item_blocks_that_lost_their_heading(self, plan_doc):
        lost = [b for b in plan_doc.boxes if not b.heading_found]
        assert [(b.number, b.chapter, b.section, len(b.items)) for b in lost] == [(32, 49, 4, 7), (33, 50, 2, 6)]
        assert lost[0].items[0].title == "高水平医院效能提升工程"
        assert lost[0].items[-1].title == "培育特色体育赛事品牌"
        assert lost[1].items[0].title == "机构养老服务扩容提质"
        assert lost[1].items[-1].title == "母婴医疗服务提升"

    def test_boxes_are_in_document_order(self, plan_doc):
        starts = [b.line_start for b in plan_doc.boxes]
        assert starts == sorted(starts)
        assert len(plan_doc.boxes) == 33


class TestSyntheticBoxes:
    def test_a_spaced_heading_and_a_lost_heading(self, synthetic_plan_text):
        doc = parse_plan(synthetic_plan_text)
        got = [
            (b.number, b.title, b.chapter, b.section, b.heading_found, [i.title for i in b.items]) for b in doc.boxes
        ]
        assert got == [
            (1, "主要发展指标", 1, 2, True, []),
            (2, "生态修复工程", 2, 1, True, ["河道整治", "湿地保护"]),
            (3, "", 3, 1, False, ["职业技能提升行动", "创业带动就业行动", "公益岗位托底行动"]),
        ]

    def test_items_in_prose_are_no_box(self):
        text = "\n".join(
            [
                "某市“十五五”规划",
                "第一章 总体要求",
                "（一）坚持党的全面领导。这是根本保证，贯穿发展全过程各方面。",
                "（二）坚持以人民为中心。",
                "第二章 任务",
                "（一）工业",
                "（三）农业",
                "一段正文。",
            ]
        )
        assert parse_plan(text).boxes == []

    def test_a_single_item_is_no_box(self):
        text = "某市“十五五”规划\n第一章 任务\n（一）唯一事项\n正文一段。\n"
        assert parse_plan(text).boxes == []
