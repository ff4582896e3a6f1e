"""The monthly project review (月研判): 开复工率, investment against the annual plan by place and category, lagging
projects and procedures open too long, computed from a ledger and read back from the Word file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook

from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import Project, ProjectProcedure
from plantrack.projects.monthly_review import build_monthly_review, review_docx


@pytest.fixture
def ordos_ledger(people, tmp_path, settings):
    settings.PLANTRACK_TODAY = "2027-03-10"  # procedures are first seen open on this day
    book = Workbook()
    sheet = book.active
    sheet.append(["鄂尔多斯市2027年重大项目台账"])
    sheet.append(["项目名称", "所属旗县", "项目类别", "总投资（万元）", "2027年计划投资（万元）",
                  "2027年完成投资（万元）", "计划开工", "实际开工时间", "项目状态", "环评"])
    sheet.append(["达拉特旗光伏治沙项目", "达拉特旗", "新能源", 100000, 40000, 16000, "2027-03-01", "2027-03-05",
                  "在建", "已批复"])
    sheet.append(["杭锦旗风电项目", "杭锦旗", "新能源", 80000, 20000, 1000, "2027-03-01", None, "前期", "办理中"])
    sheet.append(["东胜区城市更新", "东胜区", "基础设施", 30000, 10000, 0, "2027-09-01", None, "前期", None])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    import_ledger(user=people.ordos_clerk, source=path, name=path.name)
    settings.PLANTRACK_TODAY = "2027-05-15"


def test_the_review_of_april(people, ordos_ledger, tree):
    review = build_monthly_review(user=people.ordos_clerk, month="2027-04")
    assert review.title == "鄂尔多斯市重大项目月研判（2027年4月）"
    t = review.total
    assert (t.projects, t.due_to_start, t.started) == (3, 2, 1) and t.start_rate == "50.0%"
    assert (t.annual_plan_wan, t.year_completed_wan) == (Decimal("70000"), Decimal("17000"))
    # April's end is 4/12 of the year: below 0.8 × 33.3% = 26.7% is lagging
    assert [x.name for x in review.lagging] == ["东胜区城市更新", "杭锦旗风电项目"]
    assert {x.name for x in review.by_place} == {"达拉特旗", "杭锦旗", "东胜区"}
    assert {x.name: x.plan_rate for x in review.by_category}["新能源"] == "28.3%"
    # 杭锦旗's 环评 (办理中) and 东胜区's blank 环评 (not filled in) have been open since 10 March: 51 days by 30 April
    assert review.long_open == []  # under the 90 days of the default
    review = build_monthly_review(user=people.ordos_clerk, month="2027-04", long_open_days=45)
    assert sorted((x.project, x.days_open) for x in review.long_open) == [
        ("东胜区城市更新", 51), ("杭锦旗风电项目", 51)]
    ProjectProcedure.objects.filter(project__name="杭锦旗风电项目").update(state="done", done_on=date(2027, 4, 2))
    assert len(build_monthly_review(user=people.ordos_clerk, month="2027-04", long_open_days=45).long_open) == 1


def test_the_region_is_reviewed_by_prefecture_and_the_word_file_reads_back(people, ordos_ledger, tmp_path):
    review = build_monthly_review(user=people.admin, month="2027年4月")
    assert [x.name for x in review.by_place] == ["鄂尔多斯市"]
    out = tmp_path / "月研判.docx"
    call_command("project_review", "--month", "2027-04", "--out", str(out), stdout=io.StringIO())
    document = Document(str(out))
    assert "开复工率50.0%" in document.paragraphs[1].text
    assert [t.rows[0].cells[0].text for t in document.tables][:1] == ["地区/类别"]
    assert any(r.cells[0].text == "杭锦旗风电项目" for r in document.tables[2].rows)
    assert review_docx(review)


def test_a_month_not_yet_begun_is_refused(people, ordos_ledger):
    with pytest.raises(ValueError, match="尚未到来"):
        build_monthly_review(user=people.admin, month="2027-06")
    with pytest.raises(ValueError, match="不是月份"):
        build_monthly_review(user=people.admin, month="2027-13")
    assert Project.objects.count() == 3
