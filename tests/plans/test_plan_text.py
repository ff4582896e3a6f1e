"""Paragraphs, sentences, heading extents and Chinese ordinals used by the chapter pages and the search index."""

from __future__ import annotations

from dataclasses import dataclass

from plantrack.core.numerals import chinese_number
from plantrack.plans.labels import chapter_label
from plantrack.plans.layout import heading_end, paragraph_breaks
from plantrack.plans.text import paragraphs, split_sentences


@dataclass
class Node:
    kind: str
    label: str
    title: str
    line_start: int
    line_end: int


LINES = [
    "第二篇 铸牢共同体意识",  # 1
    "",
    "推进共同体建设",  # 3: the heading wraps here
    "",
    "牢牢把握主线，有形有感有效地推进，全方位建设模范",  # 5: the page broke the sentence
    "",
    "自治区。第二句话在这里；第三句！",  # 7
    "类别\t指 标\t2025 年",  # 8
    "经济\t1.增长 (%)\t4.7",  # 9
    "（一）黄河攻坚战",  # 10
    "以沙漠为治理重点。",  # 11
]


class TestParagraphs:
    def test_a_sentence_broken_by_the_page_is_joined_and_table_rows_stand_alone(self):
        paras = paragraphs(LINES, 5, 9)
        assert [(p.line_start, p.line_end, p.is_table_row) for p in paras] == [(5, 7, False), (8, 8, True),
                                                                               (9, 9, True)]
        assert paras[0].text == "牢牢把握主线，有形有感有效地推进，全方位建设模范自治区。第二句话在这里；第三句！"

    def test_breaks_start_a_new_paragraph(self):
        paras = paragraphs(LINES, 1, 7, breaks={1, 5})
        assert [p.line_start for p in paras] == [1, 5]
        assert paras[0].text == "第二篇 铸牢共同体意识推进共同体建设"

    def test_sentences_split_after_full_stops_and_semicolons(self):
        text = paragraphs(LINES, 5, 7)[0].text
        assert [s for _, s in split_sentences(text)] == [
            "牢牢把握主线，有形有感有效地推进，全方位建设模范自治区。", "第二句话在这里；", "第三句！",
        ]


class TestHeadings:
    def test_a_wrapped_heading_covers_its_continuation_line(self):
        part = Node("part", "第二篇", "铸牢共同体意识 推进共同体建设", 1, 11)
        assert heading_end(LINES, part) == 3

    def test_a_box_item_is_a_heading_only_when_its_line_is_label_and_title(self):
        assert heading_end(LINES, Node("box_item", "（一）", "黄河攻坚战", 10, 11)) == 10
        assert heading_end(LINES, Node("box_item", "", "以沙漠为治理重点", 11, 11)) is None

    def test_breaks_follow_each_heading(self):
        breaks, headings = paragraph_breaks(LINES, [Node("part", "第二篇", "铸牢共同体意识 推进共同体建设", 1, 11)])
        assert headings == {1: 3} and breaks == {1, 4}


def test_chinese_ordinals_as_headings_print_them():
    assert [chinese_number(n) for n in (1, 10, 12, 20, 53, 100, 105, 110)] == [
        "一", "十", "十二", "二十", "五十三", "一百", "一百零五", "一百一十",
    ]
    assert chapter_label(41) == "第四十一章"
