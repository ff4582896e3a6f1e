"""The indicator page (指标监测): its chart data, the judgement with the other methods, the 盟市 table and map,
the plan sentence behind the target and the figures with their approval state, all within the reader's scope."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from web.board_world import build_board

VENDOR = Path(__file__).resolve().parents[2] / "src" / "plantrack" / "web" / "static" / "vendor"


@pytest.fixture
def board(tree):
    return build_board(tree)


def _page(client, user, indicator, **params):
    client.force_login(user)
    response = client.get(f"/dashboard/indicators/{indicator.pk}/", params)
    return response, response.content.decode()


def _json(html: str, element_id: str) -> dict:
    return json.loads(re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
                      .group(1))


def _unit_rows(html: str) -> dict[str, str]:
    table = re.search(r'<table class="unit-table".*?</table>', html, re.S).group(0)
    return dict(re.findall(r'<tr data-code="(\d+)">.*?<span class="status-badge [^"]+">([^<]+)</span>', table, re.S))


class TestJudgement:
    def test_headline_status_and_explanation_are_the_stored_assessment(self, client, people, board):
        from plantrack.assessment.models import Assessment

        stored = Assessment.objects.get(indicator=board.indicators["18"], unit=board.region, period="2028")
        response, html = _page(client, people.leader, board.indicators["18"])
        assert response.status_code == 200
        assert re.search(r'id="headline-status">滞后<', html)
        assert stored.explanation in html and "时序进度60%" in stored.explanation

    def test_the_other_methods_stand_beside_the_headline(self, client, people, board):
        _r, html = _page(client, people.leader, board.indicators["18"])
        methods = re.search(r'<table class="fields methods">.*?</table>', html, re.S).group(0)
        assert "时序进度法" in methods
        assert "线性外推至目标年" in methods and "22.18" in methods  # 0.04 a year since 2025: 22.10 + 2 × 0.04 in 2030

    def test_a_disagreement_between_methods_is_pointed_out(self, client, people, board):
        from plantrack.assessment.models import Assessment

        stored = Assessment.objects.get(indicator=board.indicators["5"], unit=board.ordos, period="2028")
        assert stored.status == "符合预期" and "达不到目标" in stored.result["disagreement"]
        _r, html = _page(client, people.leader, board.indicators["5"], unit="150600")
        assert re.search(r'id="disagreement">([^<]+)<', html).group(1) == stored.result["disagreement"]
        _r, html = _page(client, people.leader, board.indicators["5"])
        assert 'id="disagreement"' not in html  # the region's methods agree

    def test_a_qualitative_target_says_why_it_cannot_be_judged(self, client, people, board):
        _r, html = _page(client, people.leader, board.indicators["14"])
        assert re.search(r'id="headline-status">无法评估<', html)


class TestChart:
    def test_chart_data_holds_the_series_target_path_and_projection(self, client, people, board):
        from plantrack.assessment.models import Assessment

        _r, html = _page(client, people.leader, board.indicators["18"])
        chart = _json(html, "series-data")
        assert chart["actual"] == [[2026, 22.02], [2027, 22.06], [2028, 22.1]]
        assert chart["target_path"][0] == [2025, 21.98] and chart["target_path"][-1] == [2030, 22.24]
        stored = Assessment.objects.get(indicator=board.indicators["18"], unit=board.region, period="2028")
        assert chart["projection"][-1] == [stored.projection_year, float(stored.projection_value)]
        assert chart["simulated_years"] == []

    def test_a_prefectures_target_path_starts_from_its_own_base_year(self, client, people, board):
        _r, html = _page(client, people.leader, board.indicators["5"], unit="150600")
        path = _json(html, "series-data")["target_path"]
        assert path[0] == [2025, 2.5] and path[-1] == [2030, 4.3]  # 鄂尔多斯市 is judged from its 2025 figure
        _r, html = _page(client, people.leader, board.indicators["5"])
        assert _json(html, "series-data")["target_path"][0] == [2025, 2.88]  # the region from the plan's baseline

    def test_another_unit_has_its_own_series(self, client, people, board):
        _r, html = _page(client, people.leader, board.indicators["18"], unit="150600")
        assert _json(html, "series-data")["actual"][-1] == [2028, 22.2]
        assert re.search(r'id="headline-status">超前<', html)


class TestUnitsSideBySide:
    def test_the_table_lists_each_unit_with_its_status(self, client, people, board):
        _r, html = _page(client, people.leader, board.indicators["18"])
        rows = _unit_rows(html)
        assert rows["150000"] == "滞后" and rows["150600"] == "超前" and rows["150200"] == "严重滞后"
        assert len([c for c in rows if c != "150000"]) == 12  # every 盟市, reported or not

    def test_map_data_names_every_prefecture_by_the_ids_of_the_vendored_boundaries(self, client, people, board):
        _r, html = _page(client, people.leader, board.indicators["18"])
        data = _json(html, "map-data")
        boundaries = json.loads((VENDOR / "maps" / "neimenggu.json").read_text(encoding="utf-8"))
        features = {f["id"]: f["properties"]["name"] for f in boundaries["features"]}
        assert {u["code"]: u["name"] for u in data["units"]} == features  # the map colours every 盟市 by name
        ordos = next(u for u in data["units"] if u["code"] == "150600")
        assert ordos["status"] == "超前" and ordos["value"] == 22.2
        assert data["map_url"].endswith("vendor/maps/neimenggu.json")

    def test_a_clerk_sees_only_their_own_unit(self, client, people, board):
        _r, html = _page(client, people.ordos_clerk, board.indicators["18"])
        assert set(_unit_rows(html)) == {"150600"}
        assert [u["code"] for u in _json(html, "map-data")["units"]] == ["150600"]
        response, html = _page(client, people.ordos_clerk, board.indicators["18"], unit="150200")
        assert response.status_code == 400 and "不在您的数据权限内" in html
        assert "21.99" not in html  # nothing of 包头市's figures

    def test_the_page_is_read_in_a_fixed_number_of_queries(self, client, people, board):
        client.force_login(people.leader)
        url = f"/dashboard/indicators/{board.indicators['3'].pk}/"
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        from plantrack.reporting.models import Channel, DataValue

        for code in ("150100", "150300", "150400", "150500"):
            for year in (2026, 2027):
                DataValue.objects.create(indicator=board.indicators["3"], unit_id=_unit_id(code), period=str(year),
                                         year=year, value=72, approved_value=72, state="approved",
                                         channel=Channel.SYSTEM)
        with CaptureQueriesContext(connection) as after:
            client.get(url)
        assert len(after) == len(before)


def _unit_id(code: str) -> int:
    from plantrack.orgs.models import OrgUnit

    return OrgUnit.objects.get(code=code).id


class TestPlanAndFigures:
    def test_the_target_links_to_its_row_in_the_plan(self, client, people, board):
        _r, html = _page(client, people.leader, board.indicators["18"])
        link = re.search(r'<td id="plan-link"><a href="([^"]+)">', html).group(1)
        path, anchor = link.split("#")
        assert anchor == "ind-18"
        assert f'id="{anchor}"' in client.get(path).content.decode()

    def test_a_promoted_commitment_links_to_its_sentence_in_the_chapter(self, client, people, board):
        from plantrack.indicators.registry import promote_commitment
        from plantrack.plans.models import PlanCommitment

        commitment = PlanCommitment.objects.filter(version__plan=board.indicators["18"].plan).order_by("order")[0]
        indicator = promote_commitment(commitment=commitment, code="C1", user=people.admin)
        _r, html = _page(client, people.leader, indicator)
        link = re.search(r'<td id="plan-link"><a href="([^"]+)">', html).group(1)
        path, anchor = link.split("#")
        assert path.endswith(f"/chapters/{commitment.chapter_number}/")
        assert f'id="{anchor}"' in client.get(path).content.decode()
        assert commitment.quote in html

    def test_the_figures_behind_it_carry_their_approval_state(self, client, people, board):
        from plantrack.reporting.models import Channel, DataValue

        DataValue.objects.create(indicator=board.indicators["18"], unit=board.region, period="2029", year=2029,
                                 value="22.13", state=DataValue.State.SUBMITTED, channel=Channel.SYSTEM)
        _r, html = _page(client, people.leader, board.indicators["18"])
        table = re.search(r'<table class="values-table">.*?</table>', html, re.S).group(0)
        assert re.search(r"2029年.*?22.13.*?—.*?已提交", table, re.S)
        assert re.search(r"2028年.*?22.1.*?22.1.*?已审核", table, re.S)
        assert table.index("2029年") < table.index("2026年")  # newest first
        assert "/reporting/values/" in table  # each figure's history

    def test_an_unknown_indicator_is_not_found(self, client, people, board):
        client.force_login(people.leader)
        assert client.get("/dashboard/indicators/999999/").status_code == 404
