"""The dashboard (监测看板): the home page of leaders, supervisors and the planning office; cards, counts, filters,
open warnings and their acknowledgement, within each reader's scope."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from web.board_world import build_board


@pytest.fixture
def board(tree):
    return build_board(tree)


def _cards(html: str) -> dict[str, str]:
    """{indicator code: status} of the cards on a page."""
    return dict(re.findall(r'<article class="indicator-card[^"]*" data-code="([^"]+)" data-status="([^"]+)"', html))


def _count(html: str, status: str) -> int:
    return int(re.search(rf'<strong data-status="{status}">(\d+)</strong>', html).group(1))


class TestWhoLandsOnTheDashboard:
    @pytest.mark.parametrize("who", ["leader", "supervisor", "admin"])
    def test_readers_and_the_planning_office_open_on_the_dashboard(self, client, people, board, who):
        client.force_login(getattr(people, who))
        html = client.get("/").content.decode()
        assert 'id="indicator-cards"' in html
        assert _cards(html)["18"] == "滞后"

    def test_a_clerk_keeps_the_workbench(self, client, people, board):
        client.force_login(people.ordos_clerk)
        html = client.get("/").content.decode()
        assert 'id="indicator-cards"' not in html and 'id="open-rounds"' in html

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, board):
        response = client.get("/dashboard/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")


class TestCards:
    def test_each_main_indicator_has_a_card_with_its_stored_status(self, client, people, board):
        from plantrack.assessment.models import Assessment

        client.force_login(people.leader)
        cards = _cards(client.get("/").content.decode())
        assert len(cards) == len(board.indicators)
        stored = {a.indicator.code: a.status for a in Assessment.objects.filter(unit=board.region, period="2028")}
        assert cards["18"] == stored["18"] == "滞后"
        assert cards["3"] == stored["3"] == "符合预期"
        assert cards["5"] == stored["5"] == "超前"
        assert cards["14"] == "无法评估"

    def test_a_card_shows_latest_value_target_time_progress_and_a_sparkline(self, client, people, board):
        client.force_login(people.leader)
        html = client.get("/").content.decode()
        card = re.search(r'<article class="indicator-card[^"]*" data-code="18".*?</article>', html, re.S).group(0)
        assert "22.1%" in card and "2028年" in card  # the latest value and its period
        assert "22.24" in card  # the target
        assert "60%" in card  # 时序进度 at the end of 2028
        assert "<polyline" in card
        assert f"/dashboard/indicators/{board.indicators['18'].pk}/" in card

    def test_counts_per_status_add_up_to_the_cards(self, client, people, board):
        client.force_login(people.leader)
        html = client.get("/").content.decode()
        cards = _cards(html)
        for status in ("已完成", "超前", "符合预期", "滞后", "严重滞后", "无法评估"):
            assert _count(html, status) == sum(1 for s in cards.values() if s == status)
        assert _count(html, "滞后") == 1 and _count(html, "超前") == 1

    def test_cards_are_read_in_a_fixed_number_of_queries(self, client, people, board):
        client.force_login(people.leader)
        client.get("/")
        with CaptureQueriesContext(connection) as few:
            client.get("/dashboard/")
        from plantrack.reporting.models import Channel, DataValue

        for indicator in board.indicators.values():  # a figure for every indicator: still the same queries
            DataValue.objects.get_or_create(
                indicator=indicator, unit=board.region, period="2026",
                defaults={"year": 2026, "value": 1, "approved_value": 1, "state": "approved",
                          "channel": Channel.SYSTEM})
        with CaptureQueriesContext(connection) as many:
            client.get("/dashboard/")
        assert len(many) == len(few)


class TestFilters:
    def test_binding_only(self, client, people, board):
        client.force_login(people.leader)
        cards = _cards(client.get("/", {"attribute": "约束性"}).content.decode())
        binding = {c for c, i in board.indicators.items() if i.attribute == "约束性"}
        assert set(cards) == binding and "18" in cards and "3" not in cards

    def test_by_status_keeps_the_counts_of_every_status(self, client, people, board):
        client.force_login(people.leader)
        html = client.get("/", {"status": "滞后"}).content.decode()
        assert set(_cards(html)) == {"18"}
        assert _count(html, "超前") == 1  # the counts still tell what the other statuses hold

    def test_by_category(self, client, people, board):
        client.force_login(people.leader)
        cards = _cards(client.get("/", {"category": "绿色低碳"}).content.decode())
        assert "18" in cards and "3" not in cards

    def test_by_unit_shows_that_units_judgement(self, client, people, board):
        client.force_login(people.leader)
        html = client.get("/", {"unit": "150600"}).content.decode()
        assert _cards(html)["18"] == "超前"
        assert _cards(client.get("/", {"unit": "150200"}).content.decode())["18"] == "严重滞后"

    def test_an_unknown_status_is_refused_with_a_message(self, client, people, board):
        client.force_login(people.leader)
        response = client.get("/", {"status": "很好"})
        assert response.status_code == 400
        assert "没有“很好”这种评估状态" in response.content.decode()

    @pytest.mark.parametrize(("name", "value", "message"), [
        ("category", "航天", "没有“航天”这个指标类别"),
        ("attribute", "必须性", "指标属性应为预期性或约束性，而不是“必须性”"),
    ])
    def test_an_unknown_category_or_attribute_is_refused(self, client, people, board, name, value, message):
        client.force_login(people.leader)
        response = client.get("/", {name: value})
        assert response.status_code == 400 and message in response.content.decode()

    def test_a_unit_outside_the_scope_is_refused_and_shows_nothing_of_it(self, client, people, board):
        client.force_login(people.ordos_clerk)
        response = client.get("/dashboard/", {"unit": "150200"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "不在您的数据权限内" in html
        assert _cards(html)["18"] == "超前"  # shown for the clerk's own 鄂尔多斯市 instead
        assert "包头市" not in re.search(r'<select name="unit">.*?</select>', html, re.S).group(0)


class TestLanguage:
    def test_the_board_and_an_indicator_page_render_in_english(self, client, people, board):
        client.force_login(people.leader)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        for url in ("/", f"/dashboard/indicators/{board.indicators['18'].pk}/"):
            response = client.get(url)
            assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


class TestSimulatedFigures:
    def test_the_board_says_when_its_figures_are_simulated(self, client, people, tree):
        from plantrack.web.demo import SIMULATED_SOURCE

        build_board(tree, source=SIMULATED_SOURCE)
        client.force_login(people.leader)
        html = client.get("/").content.decode()
        assert "模拟数据：看板含演示用的模拟数字" in html

    def test_real_figures_carry_no_such_label(self, client, people, board):
        client.force_login(people.leader)
        assert "模拟数据" not in client.get("/").content.decode()


class TestWarnings:
    def test_a_lagging_binding_indicator_raises_an_open_warning_on_the_board(self, client, people, board):
        from plantrack.assessment.models import Warning

        warning = Warning.objects.get(indicator=board.indicators["18"], unit=board.region, acknowledged_at=None)
        client.force_login(people.leader)
        html = client.get("/").content.decode()
        section = re.search(r'id="open-warnings".*?</section>', html, re.S).group(0)
        assert warning.message in section
        assert f'data-warning="{warning.pk}"' in section

    def test_the_planning_office_acknowledges_with_a_note(self, client, people, board):
        from plantrack.assessment.models import Warning

        warning = Warning.objects.get(indicator=board.indicators["18"], unit=board.region, acknowledged_at=None)
        client.force_login(people.admin)
        response = client.post(f"/assessment/warnings/{warning.pk}/acknowledge/",
                               {"note": "已约谈林草局", "next": "/"})
        assert response.status_code == 302 and response["Location"] == "/"
        warning.refresh_from_db()
        assert warning.acknowledged_by == people.admin and warning.note == "已约谈林草局"
        assert f'data-warning="{warning.pk}"' not in client.get("/").content.decode()

    def test_the_board_shows_the_newest_ten_and_how_many_are_open(self, client, people, board):
        from django.utils import timezone

        from plantrack.assessment.models import Assessment, Warning

        assessment = Assessment.objects.filter(unit=board.region).first()
        open_before = Warning.objects.filter(acknowledged_at=None).count()
        Warning.objects.bulk_create([
            Warning(indicator=assessment.indicator, unit=board.region, assessment=assessment, kind="worsened",
                    status="滞后", message=f"测试预警{n}", raised_at=timezone.now()) for n in range(12)
        ])
        client.force_login(people.leader)
        section = re.search(r'id="open-warnings".*?</section>', client.get("/").content.decode(), re.S).group(0)
        assert section.count("data-warning=") == 10
        assert f'<span class="badge">{open_before + 12}</span>' in section
        assert "/assessment/warnings/" in section

    def test_a_chosen_unit_shows_the_warnings_of_its_own_subtree(self, client, people, board):
        from plantrack.assessment.models import Warning

        baotou = Warning.objects.get(indicator=board.indicators["18"], unit=board.baotou, acknowledged_at=None)
        client.force_login(people.leader)
        assert f'data-warning="{baotou.pk}"' in client.get("/").content.decode()
        assert f'data-warning="{baotou.pk}"' in client.get("/", {"unit": "150200"}).content.decode()
        assert f'data-warning="{baotou.pk}"' not in client.get("/", {"unit": "150600"}).content.decode()

    def test_a_note_is_required(self, client, people, board):
        from plantrack.assessment.models import Warning

        warning = Warning.objects.get(indicator=board.indicators["18"], unit=board.region, acknowledged_at=None)
        client.force_login(people.admin)
        response = client.post(f"/assessment/warnings/{warning.pk}/acknowledge/", {"note": "  "}, follow=True)
        assert "确认预警必须填写处理说明" in response.content.decode()
        warning.refresh_from_db()
        assert warning.acknowledged_at is None

    def test_a_leader_reads_warnings_but_does_not_acknowledge_them(self, client, people, board):
        from plantrack.assessment.models import Warning

        warning = Warning.objects.get(indicator=board.indicators["18"], unit=board.region, acknowledged_at=None)
        client.force_login(people.leader)
        html = client.get("/").content.decode()
        assert f'data-warning="{warning.pk}"' in html
        assert f"/assessment/warnings/{warning.pk}/acknowledge/" not in html
        assert client.post(f"/assessment/warnings/{warning.pk}/acknowledge/", {"note": "x"}).status_code == 403

    def test_a_clerk_of_another_unit_neither_sees_nor_acknowledges_it(self, client, people, board):
        from plantrack.assessment.models import Warning

        warning = Warning.objects.get(indicator=board.indicators["18"], unit=board.baotou, acknowledged_at=None)
        client.force_login(people.ordos_clerk)
        assert f'data-warning="{warning.pk}"' not in client.get("/dashboard/").content.decode()
        response = client.post(f"/assessment/warnings/{warning.pk}/acknowledge/", {"note": "x"})
        assert response.status_code == 404
        warning.refresh_from_db()
        assert warning.acknowledged_at is None
