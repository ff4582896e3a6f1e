"""The 月研判 page (/projects/review/) and its two downloads: what each reader sees, the breakdown chosen, refusals in
words, and the Word and Excel files read back as printed documents (A4 landscape, a header row on every page, page
numbers, a formula-looking project name kept as text)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from review_world import FORMULA_NAME, TODAY, build_review_world

from plantrack.orgs.models import User

URL = "/projects/review/"


@pytest.fixture
def world(people, tree, settings):
    settings.PLANTRACK_TODAY = TODAY
    return build_review_world(tree)


def page(client, user, query: str = "", status: int = 200) -> str:
    client.force_login(user)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def table(html: str, table_id: str) -> list[list[str]]:
    """The rows of a table on the page as lists of cell texts."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    return [[" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]
            for tr in tree.xpath(f'//table[@id="{table_id}"]//tr')]


class TestThePage:
    def test_the_last_ended_month_by_default_with_the_definitions(self, client, people, world):
        html = page(client, people.ordos_clerk)
        assert "鄂尔多斯市重大项目月研判（2027年6月）" in html
        assert "开复工率 = 已开复工项目数 ÷ 应开工项目数" in html and "即低于40.0%" in html
        lines = table(html, "review-lines")
        assert lines[0][0] == "旗县（市、区）"
        assert lines[1:] == [
            ["东胜区", "1", "0", "0", "—", "8000", "4000", "50.0%"],
            ["达拉特旗", "2", "2", "1", "50.0%", "15000", "6500", "43.3%"],
            ["杭锦旗", "1", "1", "1", "100.0%", "20000", "5000", "25.0%"],
            ["合计", "4", "3", "2", "66.7%", "43000", "15500", "36.0%"],
        ]
        lagging = table(html, "review-lagging")[1:]
        assert [row[:4] for row in lagging] == [[FORMULA_NAME, "达拉特旗", "王副旗长", "达拉特旗发展和改革委员会"]]
        assert "征地未完成（达拉特旗自然资源局，2027-06-20前）" in lagging[0][8]
        assert table(html, "review-long-open")[1:] == [
            ["东胜区城市更新", "东胜区", "环评批复", "鄂尔多斯市生态环境局", "2027-01-10", "2027-08-01", "171"]]
        assert "包头市稀土产业园" not in html

    def test_the_breakdown_chosen(self, client, people, world):
        html = page(client, people.admin, "month=2027-06&by=category&days=60")
        assert [row[0] for row in table(html, "review-lines")] == ["项目类别", "新能源", "产业", "基础设施", "合计"]
        assert table(html, "review-lines")[-1] == ["合计", "5", "4", "3", "75.0%", "73000", "18500", "25.3%"]
        assert len(table(html, "review-long-open")) == 3
        html = page(client, people.admin, "month=2027-06")
        assert [row[0] for row in table(html, "review-lines")] == ["盟市", "包头市", "鄂尔多斯市", "合计"]
        html = page(client, people.admin, "month=2027-06&unit=150600&by=county")
        assert [row[0] for row in table(html, "review-lines")] == [
            "旗县（市、区）", "东胜区", "达拉特旗", "杭锦旗", "合计"]
        assert "鄂尔多斯市重大项目月研判（2027年6月）" in html

    def test_a_county_clerk_and_another_prefecture(self, client, people, world, tree):
        dalad = User.objects.create(username="dalad_clerk", role="clerk", unit=tree["150621"])
        html = page(client, dalad, "month=2027-06")
        assert [row[0] for row in table(html, "review-lines")][1:] == ["达拉特旗", "合计"]
        assert "东胜区城市更新" not in html and "杭锦旗" not in html
        html = page(client, people.baotou_clerk, "month=2027-06")
        assert "包头市稀土产业园" in html and "达拉特旗" not in html and "东胜区" not in html
        page(client, people.baotou_clerk, "month=2027-06&unit=150600", status=403)
        page(client, people.baotou_clerk, "month=2027-06&unit=150600&format=xlsx", status=403)

    @pytest.mark.parametrize(("query", "message"), [
        ("month=2027-07", "2027年7月尚未结束，月研判在次月才能生成"),
        ("month=2028-01&format=docx", "尚未结束"),
        ("month=2027-13", "不是月份"),
        ("month=2027-06&by=town", "分组应为 county（旗县）、prefecture（盟市）或 category（类别）"),
        ("month=2027-06%00", "月份："),
        ("month=2027-06&by=%00", "分组应为"),
        ("month=2027-06&lag=abc", "滞后比例"),
        ("month=2027-06&lag=3", "滞后比例"),
        ("month=2027-06&days=-1", "手续办理天数"),
        ("month=2027-06&format=pdf", "下载格式应为 docx 或 xlsx"),
    ])
    def test_refused_in_words(self, client, people, world, query, message):
        html = page(client, people.admin, query, status=400)
        assert message in html and 'id="review-lines"' not in html and "\x00" not in html

    def test_in_english(self, client, people, world):
        client.force_login(people.ordos_clerk)
        client.post("/i18n/setlang/", {"language": "en", "next": URL})
        html = client.get(f"{URL}?month=2027-06").content.decode()
        assert "Start rate = projects started or resumed" in html and "1. Starts and investment completed" in html
        assert "Completed this year (10,000 yuan)" in html and "Blocker: 征地未完成" in html
        html = client.get(f"{URL}?month=2027-07").content.decode()
        assert "Month 7 of 2027 has not ended yet" in html

    def test_linked_from_the_projects_pages(self, client, people, world):
        client.force_login(people.ordos_clerk)
        assert 'href="/projects/review/"' in client.get("/projects/").content.decode()
        assert 'href="/projects/review/"' in client.get(f"/projects/{world['solar'].pk}/").content.decode()
        client.force_login(people.leader)
        assert 'id="overview-monthly-review"' in client.get("/").content.decode()  # the leader's home page


def download(client, user, query: str) -> bytes:
    client.force_login(user)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=\"monthly-review-2027-06.")
    return response.content


class TestTheWordFile:
    def test_a_printed_meeting_document(self, client, people, world):
        document = Document(io.BytesIO(download(client, people.ordos_clerk, "month=2027-06&format=docx")))
        section = document.sections[0]
        assert section.orientation == 1 and section.page_width > section.page_height  # landscape
        assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)  # A4
        assert document.paragraphs[0].text == "鄂尔多斯市重大项目月研判（2027年6月）"
        assert "开复工率66.7%" in document.paragraphs[1].text
        assert len(document.tables) == 3
        for t in document.tables:
            header = t.rows[0]._tr.trPr.find(qn("w:tblHeader"))
            assert header is not None and header.get(qn("w:val")) == "true"
            body = t.rows[-1]._tr.trPr
            assert len(t.rows) == 1 or body is None or body.find(qn("w:tblHeader")) is None  # only the header
            assert len(t.rows) == 1 or body.find(qn("w:cantSplit")) is not None  # a row stays on one page
        codes = [f.get(qn("w:instr")) for f in section.footer._element.iter(qn("w:fldSimple"))]
        assert codes == ["PAGE", "NUMPAGES"]
        lines = [[c.text for c in r.cells] for r in document.tables[0].rows]
        assert lines[-1] == ["合计", "4", "3", "2", "66.7%", "43000", "15500", "36.0%"]
        lagging = [[c.text for c in r.cells] for r in document.tables[1].rows]
        assert lagging[1][:5] == ["1", FORMULA_NAME, "达拉特旗", "王副旗长", "达拉特旗发展和改革委员会"]
        # fitted widths: the project-name column is wider than the serial number's
        grid = [int(col.get(qn("w:w"))) for col in document.tables[1]._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert grid[1] > 2 * grid[0]


class TestTheWorkbook:
    def test_same_content_with_names_kept_as_text(self, client, people, world):
        book = load_workbook(io.BytesIO(download(client, people.admin, "month=2027-06&format=xlsx&by=category")))
        assert book.sheetnames == ["概况", "开复工与投资", "滞后项目", "手续办理超期"]
        assert book["概况"]["A1"].value == "全区重大项目月研判（2027年6月）"
        lines = book["开复工与投资"]
        assert [c.value for c in lines[3]][0] == "项目类别"
        assert [c.value for c in lines[lines.max_row]] == ["合计", 5, 4, 3, "75.0%", 73000, 18500, "25.3%"]
        lagging = book["滞后项目"]
        names = {row[1].value: row[1] for row in lagging.iter_rows(min_row=4)}
        cell = names[FORMULA_NAME]
        assert cell.data_type == "s" and cell.quotePrefix  # shown as text, never run as a formula
        assert not any(c.data_type == "f" for ws in book for row in ws.iter_rows() for c in row)
        for ws in book.worksheets[1:]:
            assert ws.print_title_rows == "$3:$3"
            assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
            assert "&P" in ws.oddFooter.center.text
