"""The leader's home page in one look: the headline sentence, the binding strip, the 盟市 map, the last month's
changes and the tasks and projects lines, each agreeing with the stored data it summarises."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from web.board_world import build_board


@pytest.fixture
def board(tree):
    return build_board(tree)


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _cards(html: str) -> dict[str, str]:
    return dict(re.findall(r'<article class="indicator-card[^"]*" data-code="([^"]+)" data-status="([^"]+)"', html))


def _section(html: str, element_id: str, end: str = "</div>") -> str:
    """The text of the element with `element_id`, up to its closing tag (`end`), tags removed."""
    start = html.index(">", html.index(f'id="{element_id}"')) + 1
    return html[start:html.index(end, start)]


def _line(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return re.sub(r"<[^>]+>", "", html[start:html.index("</p>", start)])


def _tally(sentence: str) -> dict[str, int]:
    found = re.findall(r"(已完成|超前|符合预期|严重滞后|滞后|无法评估)(\d+)项", sentence)
    return {status: int(n) for status, n in found}


class TestHeadline:
    def test_the_sentence_counts_every_main_indicator_by_its_card_status(self, client, people, board):
        html = _home(client, people.leader)
        cards = _cards(html)
        headline = re.sub(r"<[^>]+>", "", _section(html, "overview-headline", "</p>"))
        main, binding = headline.split("约束性指标")
        assert main.startswith(f"{len(cards)}项主要指标：")
        counted = _tally(main)
        assert sum(counted.values()) == len(cards)
        for status, n in counted.items():
            assert list(cards.values()).count(status) == n

    def test_binding_indicators_are_counted_apart_and_shown_first_as_a_strip(self, client, people, board):
        from plantrack.indicators.models import Indicator

        html = _home(client, people.leader)
        binding = set(Indicator.objects.filter(attribute="约束性", source_row__isnull=False)
                      .values_list("code", flat=True))
        strip = html[html.index('id="binding-strip"'):html.index("</ul>", html.index('id="binding-strip"'))]
        shown = dict(re.findall(r'data-code="([^"]+)" data-status="([^"]+)"', strip))
        assert set(shown) == binding
        assert shown["18"] == "滞后" and shown["14"] == "无法评估"
        assert html.index('id="binding-strip"') < html.index('id="indicator-cards"')
        headline = html[html.index('id="overview-headline"'):html.index("</p>", html.index('id="overview-headline"'))]
        assert f"约束性指标{len(binding)}项中：" in headline
        assert sum(_tally(headline.split("约束性指标")[1]).values()) == len(binding)

    def test_a_narrowed_board_shows_only_its_cards(self, client, people, board):
        client.force_login(people.leader)
        html = client.get("/dashboard/?attribute=约束性").content.decode()
        assert 'id="overview"' not in html and 'id="indicator-cards"' in html


class TestPrefectureMap:
    def test_each_prefecture_is_listed_with_its_stored_statuses(self, client, people, board):
        html = _home(client, people.leader)
        data = json.loads(re.search(
            r'<script id="prefecture-map-data" type="application/json">(.*?)</script>', html, re.S).group(1))
        units = {u["code"]: u for u in data["units"]}
        assert len(units) == 12
        assert units["150200"]["behind"] == 1 and "严重滞后1项" in units["150200"]["summary"]
        assert units["150600"]["behind"] == 0 and units["150600"]["summary"] == "超前2项、符合预期1项"
        assert units["150100"]["summary"] == "尚无评估"
        assert data["max_behind"] == 1
        listed = html[html.index('id="prefecture-list"'):html.index("</ol>", html.index('id="prefecture-list"'))]
        assert "包头市</a>：严重滞后1项" in listed

    def test_a_prefecture_board_has_no_region_map(self, client, people, board):
        client.force_login(people.leader)
        html = client.get("/dashboard/?unit=150600").content.decode()
        assert 'id="overview"' in html and 'id="prefecture-map"' not in html


class TestTheMonth:
    @pytest.fixture(autouse=True)
    def clock(self, settings):
        settings.PLANTRACK_TODAY = "2029-01-10"
        return settings

    def _judge_month(self, board, code: str, statuses: dict[str, str]) -> None:
        from plantrack.assessment.models import Assessment
        from plantrack.core.periods import parse_period

        period = parse_period(code)
        for indicator_code, status in statuses.items():
            Assessment.objects.create(
                indicator=board.indicators[indicator_code], unit=board.region, period=code, year=period.year,
                period_kind=period.kind, period_ordinal=period.ordinal, status=status, method="annual",
                explanation="", computed_at=timezone.now(),
            )

    def test_status_changes_against_the_month_before_are_named_better_or_worse(self, client, people, board):
        self._judge_month(board, "2028M11", {"3": "符合预期", "5": "滞后"})
        self._judge_month(board, "2028M12", {"3": "滞后", "5": "超前"})
        month = _section(_home(client, people.leader), "overview-month")
        assert "2028年12月情况" in month and "与2028年11月相比，2项指标评估状态变化" in month
        assert re.search(r'class="change worse" data-code="3">[^<]*符合预期→滞后', month)
        assert re.search(r'class="change better" data-code="5">[^<]*滞后→超前', month)

    def test_the_months_figures_and_the_warnings_they_raised_are_counted(self, client, people, board):
        from plantrack.reporting.models import Channel, DataValue

        for unit, state in ((board.region, "approved"), (board.ordos, "approved"), (board.baotou, "submitted")):
            DataValue.objects.create(indicator=board.indicators["3"], unit=unit, period="2028M12", year=2028,
                                     value=Decimal("72.4"), state=state, channel=Channel.SYSTEM)
        DataValue.objects.create(indicator=board.indicators["3"], unit=board.region, period="2028M11", year=2028,
                                 value=Decimal("72.3"), state="approved", channel=Channel.SYSTEM)
        from plantrack.assessment.models import Warning

        month = _section(_home(client, people.leader), "overview-month")
        assert "已审核 2 条，待审核 1 条" in month
        # The year's judgement (2028) arrives with December: its open warnings are the month's.
        raised = Warning.objects.filter(assessment__period="2028")
        assert raised.count() >= 2
        assert f"尚未确认的预警 {raised.count()} 条" in month
        raised.filter(pk=raised.first().pk).update(acknowledged_at=timezone.now(), note="已核实")
        month = _section(_home(client, people.leader), "overview-month")
        assert f"尚未确认的预警 {raised.count() - 1} 条" in month

    def test_a_prefectures_board_counts_only_its_own_subtree(self, client, people, board):
        from plantrack.reporting.models import Channel, DataValue

        for unit in (board.region, board.ordos, board.baotou):
            DataValue.objects.create(indicator=board.indicators["3"], unit=unit, period="2028M12", year=2028,
                                     value=Decimal("72.4"), state="approved", channel=Channel.SYSTEM)
        client.force_login(people.leader)
        html = client.get(f"/dashboard/?unit={board.ordos.code}").content.decode()
        assert "已审核 1 条，待审核 0 条" in _section(html, "overview-month")

    def test_the_month_follows_the_clock(self, client, people, board, clock):
        clock.PLANTRACK_TODAY = "2028-07-02"
        month = _section(_home(client, people.leader), "overview-month")
        assert "2028年6月情况" in month and "与2028年5月相比" in month


class TestTasksAndProjects:
    def test_one_line_each_with_the_counts_of_their_own_pages(self, client, people, board, settings):
        settings.PLANTRACK_TODAY = "2028-12-20"
        from plantrack.projects.models import Project
        from plantrack.tasks.models import Task

        plan = board.indicators["3"].plan
        Task.objects.create(plan=plan, title="推进城镇化", lead_unit=board.ordos, deadline=date(2028, 6, 30))
        Task.objects.create(plan=plan, title="完成造林", lead_unit=board.baotou, deadline=date(2030, 12, 31),
                            status=Task.Status.DONE)
        Project.objects.create(name="某风电项目", region=board.ordos, total_investment_wan=Decimal("50000"),
                               has_open_procedures=True, open_procedures=["环评批复"],
                               actual_start=date(2028, 11, 15))
        Project.objects.create(name="某水利项目", region=board.baotou, total_investment_wan=Decimal("8000"))
        html = _home(client, people.leader)
        tasks = _line(html, "overview-tasks")
        assert "已逾期 1 项" in tasks and "已完成 1 项" in tasks
        projects = _line(html, "overview-projects")
        assert "共 2 个" in projects and "手续未办结 1 个" in projects and "2028年11月新开工 1 个" in projects


class TestFixedClock:
    def test_every_page_says_when_today_is_fixed(self, client, people, board, settings):
        settings.PLANTRACK_TODAY = "2029-01-10"
        client.force_login(people.admin)
        for url in ("/", "/plans/", "/indicators/", "/reporting/", "/tasks/", "/projects/", "/assessment/warnings/"):
            html = client.get(url).content.decode()
            assert "系统日期固定为 2029-01-10" in html, url

    def test_the_real_date_needs_no_note(self, client, people, board, settings):
        settings.PLANTRACK_TODAY = ""
        client.force_login(people.admin)
        assert 'id="fixed-clock"' not in client.get("/").content.decode()
