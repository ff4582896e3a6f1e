"""The monthly project review (月研判): 开复工率, investment against the annual plan by 旗县, 盟市 or category, lagging
projects and procedures open too long, checked against figures worked out by hand (review_world.py) and against a
ledger imported as offices write it; each reader sees only their own area; a month not yet ended is refused."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from review_world import FORMULA_NAME, TODAY, build_review_world

from plantrack.orgs.models import User
from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import Project, ProjectProcedure
from plantrack.projects.monthly_review import build_monthly_review, render_monthly_review


@pytest.fixture
def world(people, tree, settings):
    settings.PLANTRACK_TODAY = TODAY
    return build_review_world(tree)


def rows(lines) -> dict[str, tuple]:
    return {x.name: (x.projects, x.due_to_start, x.started, x.start_rate, x.annual_plan_wan, x.year_completed_wan,
                     x.plan_rate) for x in lines}


class TestFiguresWorkedOutByHand:
    def test_a_prefecture_by_county(self, people, world):
        review = build_monthly_review(user=people.ordos_clerk, month="2027-06")
        assert review.title == "鄂尔多斯市重大项目月研判（2027年6月）"
        assert review.by == "county" and review.elapsed_text == "50.0%" and review.lag_threshold == "40.0%"
        t = review.total
        # due: 光伏 (started), 储能 (planned 1 May), 风电 (completed); 城市更新 is planned for September
        assert (t.projects, t.due_to_start, t.started) == (4, 3, 2)
        assert t.start_rate == f"{2 / 3 * 100:.1f}%" == "66.7%"
        # plan 10000 + 5000 + 8000 + 20000; done 6000 + 500 (W20; W27 is July's) + 4000 + 5000
        assert (t.annual_plan_wan, t.year_completed_wan) == (Decimal(43000), Decimal(15500))
        assert t.plan_rate == f"{15500 / 43000 * 100:.1f}%" == "36.0%"
        assert [x.name for x in review.lines] == ["东胜区", "达拉特旗", "杭锦旗"]
        assert rows(review.lines) == {
            "东胜区": (1, 0, 0, "—", Decimal(8000), Decimal(4000), "50.0%"),
            "达拉特旗": (2, 2, 1, "50.0%", Decimal(15000), Decimal(6500), "43.3%"),
            "杭锦旗": (1, 1, 1, "100.0%", Decimal(20000), Decimal(5000), "25.0%"),
        }
        assert rows(review.breakdowns["category"]) == {
            "新能源": (3, 3, 2, "66.7%", Decimal(35000), Decimal(11500), "32.9%"),
            "基础设施": (1, 0, 0, "—", Decimal(8000), Decimal(4000), "50.0%"),
        }

    def test_lagging_projects_with_their_leader_unit_and_blockers(self, people, world):
        review = build_monthly_review(user=people.ordos_clerk, month="2027-06")
        # 风电 at 25% is completed, 城市更新 at 50% and 光伏 at 60% are above 40%
        assert [x.name for x in review.lagging] == [FORMULA_NAME]
        lag = review.lagging[0]
        assert (lag.leader, lag.responsible, lag.rate_text) == ("王副旗长", "达拉特旗发展和改革委员会", "10.0%")
        assert lag.reasons == ["完成率低于40.0%", "计划2027-05-01开工，尚未开工"]
        # the 堵点 resolved on 10 June is not listed; the open one is past its due date at the month's end
        assert lag.issues == ["电网接入方案未批复", "堵点：征地未完成（达拉特旗自然资源局，2027-06-20前）（已超期）"]

    def test_procedures_open_too_long(self, people, world):
        review = build_monthly_review(user=people.ordos_clerk, month="2027-06")
        assert [(x.project, x.procedure, x.department, x.days_open, x.expected_on) for x in review.long_open] == [
            ("东胜区城市更新", "环评批复", "鄂尔多斯市生态环境局", (date(2027, 6, 30) - date(2027, 1, 10)).days,
             date(2027, 8, 1))]
        assert review.long_open[0].days_open == 171
        shorter = build_monthly_review(user=people.ordos_clerk, month="2027-06", long_open_days=60)
        assert [(x.procedure, x.days_open) for x in shorter.long_open] == [("环评批复", 171), ("能耗审查", 60)]
        ProjectProcedure.objects.filter(kind__name="环评批复").update(state="done", done_on=date(2027, 7, 1))
        assert build_monthly_review(user=people.ordos_clerk, month="2027-06").long_open == []

    def test_the_region_by_prefecture(self, people, world):
        review = build_monthly_review(user=people.admin, month="2027-06")
        assert review.title == "全区重大项目月研判（2027年6月）" and review.by == "prefecture"
        assert rows(review.lines) == {
            "包头市": (1, 1, 1, "100.0%", Decimal(30000), Decimal(3000), "10.0%"),
            "鄂尔多斯市": (4, 3, 2, "66.7%", Decimal(43000), Decimal(15500), "36.0%"),
        }
        t = review.total
        assert (t.projects, t.due_to_start, t.started, t.start_rate) == (5, 4, 3, "75.0%")
        assert (t.year_completed_wan, t.plan_rate) == (Decimal(18500), f"{18500 / 73000 * 100:.1f}%")
        assert {x.name for x in review.lagging} == {FORMULA_NAME, "包头市稀土产业园"}
        by_county = build_monthly_review(user=people.leader, month="2027-06", by="county")
        assert [x.name for x in by_county.lines] == ["昆都仑区", "东胜区", "达拉特旗", "杭锦旗"]

    def test_a_stricter_lag_ratio_lists_more(self, people, world):
        # at 1.0 the threshold is 50%: 城市更新 at exactly 50% is not below it, 光伏 at 60% neither
        review = build_monthly_review(user=people.ordos_clerk, month="2027-06", lag_ratio="1")
        assert [x.name for x in review.lagging] == [FORMULA_NAME]
        review = build_monthly_review(user=people.ordos_clerk, month="2027-06", lag_ratio="1", long_open_days=1)
        assert len(review.long_open) == 2


class TestScope:
    def test_a_prefecture_does_not_see_another(self, people, world):
        ordos = build_monthly_review(user=people.ordos_clerk, month="2027-06")
        assert "包头市稀土产业园" not in {x.name for x in ordos.lagging}
        baotou = build_monthly_review(user=people.baotou_clerk, month="2027-06")
        assert baotou.title == "包头市重大项目月研判（2027年6月）"
        assert [x.name for x in baotou.lagging] == ["包头市稀土产业园"] and baotou.long_open == []
        assert baotou.total.projects == 1 and [x.name for x in baotou.lines] == ["昆都仑区"]
        # naming another 盟市 does not widen the scope
        assert build_monthly_review(user=people.baotou_clerk, month="2027-06", unit=world["solar"].region
                                    ).total.projects == 0

    def test_a_county_clerk_sees_only_theirs(self, people, world, tree):
        clerk = User.objects.create(username="dalad_clerk", role="clerk", unit=tree["150621"])
        review = build_monthly_review(user=clerk, month="2027-06")
        assert review.title == "达拉特旗重大项目月研判（2027年6月）"
        assert rows(review.lines) == {"达拉特旗": (2, 2, 1, "50.0%", Decimal(15000), Decimal(6500), "43.3%")}
        assert review.long_open == [] and [x.name for x in review.lagging] == [FORMULA_NAME]


class TestRefused:
    @pytest.mark.parametrize("month", ["2027-07", "2027-08", "2030-01"])
    def test_a_month_not_yet_ended(self, people, world, month):
        with pytest.raises(ValueError, match="尚未结束"):
            build_monthly_review(user=people.admin, month=month)

    @pytest.mark.parametrize(("kwargs", "reason"), [
        ({"month": "2027-13"}, "不是月份"), ({"month": "0000-01"}, "不是月份"), ({"month": "六月"}, "不是月份"),
        ({"month": "2027-06", "by": "town"}, "分组应为"), ({"month": "2027-06", "lag_ratio": "nan"}, "滞后比例"),
        ({"month": "2027-06", "lag_ratio": "1.5"}, "滞后比例"), ({"month": "2027-06", "long_open_days": 0}, "天数"),
    ])
    def test_bad_questions_are_answered_in_words(self, people, world, kwargs, reason):
        with pytest.raises(ValueError, match=reason):
            build_monthly_review(user=people.admin, **kwargs)
        assert Project.objects.count() == 6


class TestCommandLine:
    def test_text_by_default_with_the_same_figures(self, people, world):
        out = io.StringIO()
        call_command("project_review", "--month", "2027-06", "--user", "ordos_clerk", stdout=out)
        text = out.getvalue()
        assert text.startswith("鄂尔多斯市重大项目月研判（2027年6月）\n")
        assert "开复工率66.7%" in text and "完成率36.0%" in text
        total = next(line for line in text.splitlines() if line.startswith("合计"))
        assert total.split() == ["合计", "4", "3", "2", "66.7%", "43000", "15500", "36.0%"]
        assert "包头市稀土产业园" not in text and FORMULA_NAME in text

    def test_a_file_in_the_format_of_its_suffix_or_as_asked(self, people, world, tmp_path):
        call_command("project_review", "--month", "2027-06", "--by", "category", "--out",
                     str(tmp_path / "r.xlsx"), stdout=io.StringIO())
        assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
        call_command("project_review", "--month", "2027-06", "--format", "docx", "--out", str(tmp_path / "r.bin"),
                     stdout=io.StringIO())
        from docx import Document

        assert Document(str(tmp_path / "r.bin")).paragraphs[0].text == "全区重大项目月研判（2027年6月）"

    @pytest.mark.parametrize(("args", "reason"), [
        (["--month", "2027-07"], "尚未结束"), (["--month", "2027-06", "--format", "docx"], "--out"),
        (["--month", "2027-06", "--out", "r.pdf"], "format"), (["--month", "2027-06", "--lag-ratio", "x"], "滞后比例"),
    ])
    def test_refusals(self, people, world, args, reason, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        with pytest.raises(CommandError, match=reason):
            call_command("project_review", *args, stdout=io.StringIO())
        assert list(tmp_path.iterdir()) == []


# -- a ledger imported as an office writes it --------------------------------------------------------------------------


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


def test_the_review_of_april_from_an_imported_ledger(people, ordos_ledger, tree):
    review = build_monthly_review(user=people.ordos_clerk, month="2027-04")
    assert review.title == "鄂尔多斯市重大项目月研判（2027年4月）"
    t = review.total
    assert (t.projects, t.due_to_start, t.started) == (3, 2, 1) and t.start_rate == "50.0%"
    assert (t.annual_plan_wan, t.year_completed_wan) == (Decimal("70000"), Decimal("17000"))
    # April's end is 4/12 of the year: below 0.8 × 33.3% = 26.7% is lagging; 杭锦旗's planned start has passed too
    assert [x.name for x in review.lagging] == ["东胜区城市更新", "杭锦旗风电项目"]
    assert review.lagging[1].reasons == ["完成率低于26.7%", "计划2027-03-01开工，尚未开工"]
    assert {x.name for x in review.lines} == {"达拉特旗", "杭锦旗", "东胜区"}
    assert {x.name: x.plan_rate for x in review.breakdowns["category"]}["新能源"] == "28.3%"
    # 杭锦旗's 环评 (办理中) and 东胜区's blank 环评 (not filled in) have been open since 10 March: 51 days by 30 April
    assert review.long_open == []  # under the 90 days of the default
    review = build_monthly_review(user=people.ordos_clerk, month="2027-04", long_open_days=45)
    assert sorted((x.project, x.days_open) for x in review.long_open) == [
        ("东胜区城市更新", 51), ("杭锦旗风电项目", 51)]
    # May has not ended on 15 May
    with pytest.raises(ValueError, match="尚未结束"):
        build_monthly_review(user=people.ordos_clerk, month="2027-05")
    assert render_monthly_review(review, "text").decode().count("\n") > 10
