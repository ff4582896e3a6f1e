"""Page furniture (页眉页脚) in text printed from a paginated document: running heads and page numbers between the
main-indicator table's rows, inside wrapped paragraphs and between a heading and its text change nothing."""

from __future__ import annotations

import pytest
from renderings import write_pdf

from plantrack.core.planparse import parse_plan, read_document_text, to_contract_json

RUNNING_HEAD = "内蒙古自治区国民经济和社会发展第十五个五年规划纲要"
SHORT_HEAD = "内蒙古“十五五”规划纲要"


def _insert_after(text: str, marker: str, furniture: list[str]) -> str:
    """`furniture` lines right after the (first) line holding `marker`."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if marker in line)
    return "\n".join(lines[: at + 1] + furniture + lines[at + 1 :])


def _page_break(page: int, head: str) -> list[str]:
    return [f"- {page} -", "", head]


@pytest.fixture(scope="module")
def clean(plan_doc) -> dict:
    return to_contract_json(plan_doc)


class TestInsideTheIndicatorTable:
    @pytest.mark.parametrize("after", ["3.常住人口城镇化率", "9.劳动年龄人口", "执业医师数", "16.地级及以上城市"])
    @pytest.mark.parametrize("furniture", [
        pytest.param(_page_break(12, RUNNING_HEAD), id="footer-and-running-head"),
        pytest.param([f"{RUNNING_HEAD}  12"], id="head-with-page-number"),
        pytest.param(["12", "第 13 页"], id="page-numbers"),
    ])
    def test_a_page_break_between_rows_changes_no_indicator(self, plan_text, clean, after, furniture):
        got = to_contract_json(parse_plan(_insert_after(plan_text, after, furniture)))
        assert got["indicators"] == clean["indicators"]

    def test_the_categories_stay_those_of_the_table(self, plan_text):
        text = plan_text
        for marker in ("1.地区生产总值增长", "5.每万人口", "11.养老机构", "19.粮食综合"):
            text = _insert_after(text, marker, _page_break(9, RUNNING_HEAD))
        categories = [row.category for row in parse_plan(text).indicators]
        assert set(categories) == {"经济发展", "创新驱动", "民生福祉", "绿色低碳", "安全保障"}
        assert categories.count("经济发展") == 3 and categories.count("安全保障") == 2


class TestThroughTheWholeDocument:
    def test_a_running_head_on_every_page_changes_nothing(self, plan_text, clean):
        """A short running head with its page number every 23 lines of the body: in prose, between a heading and
        its text, inside the table — the whole parse (structure, boxes, indicators, commitments) is the same."""
        lines = plan_text.split("\n")
        start = next(i for i, line in enumerate(lines) if line.startswith("第一章 发展环境") and "\t" not in line
                     and i > 200)
        out: list[str] = []
        for i, line in enumerate(lines):
            out.append(line)
            if i > start and i % 23 == 0:
                out += ["", f"{SHORT_HEAD} · {i // 23}", ""]
        got = to_contract_json(parse_plan("\n".join(out)))
        assert got == clean

    def test_the_title_itself_is_kept(self, plan_text, clean):
        doc = parse_plan(_insert_after(plan_text, "3.常住人口城镇化率", _page_break(12, RUNNING_HEAD)))
        assert doc.title == clean["title"] == RUNNING_HEAD

    def test_a_repeated_line_that_is_not_about_the_plan_is_kept(self):
        text = "\n".join(["青川市发展规划", "", "第一章 总则", ""] + ["坚持生态优先", "绿色发展之路。", ""] * 3)
        doc = parse_plan(text.replace("青川市发展规划", "青川市“十五五”规划"))
        assert doc.lines.count("坚持生态优先") == 3


class TestInAPdf:
    def test_a_running_head_on_every_page_changes_nothing(self, plan_text, clean, tmp_path):
        """Printed at the top of every page, the head would end up inside the paragraph that runs over the page
        break, and between the table's rows."""
        path = write_pdf(plan_text, tmp_path / "headed.pdf", running_head=SHORT_HEAD)
        text = read_document_text(path)
        assert SHORT_HEAD not in text
        got = to_contract_json(parse_plan(text))
        expected = to_contract_json(parse_plan(read_document_text(write_pdf(plan_text, tmp_path / "plain.pdf"))))
        assert got == expected
        assert got["indicators"] == clean["indicators"] and got["parts"] == clean["parts"]
