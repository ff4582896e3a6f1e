"""The home page (工作台): each person sees what they have to do now, and nothing outside their scope."""

from __future__ import annotations

import pytest

from api.world import build_world, put_value
from plantrack.reporting.models import DataValue


@pytest.fixture
def world(db):
    return build_world()


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


class TestHomePage:
    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, world):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")

    def test_a_clerk_sees_the_form_their_unit_still_owes(self, client, world):
        html = _home(client, world.ordos_clerk)
        assert f"/reporting/form/{world.round.id}/150600/" in html
        # 包头市 is a sibling 盟市: its form is not this clerk's business.
        assert "/150200/" not in html
        assert 'id="awaiting-review"' not in html

    def test_a_unit_that_has_submitted_no_longer_owes_a_form(self, client, world):
        for indicator in (world.gdp, world.jobs):
            put_value(world, indicator=indicator, unit=world.ordos, period="2026M10", value="10",
                      state=DataValue.State.SUBMITTED)
        html = _home(client, world.ordos_clerk)
        assert f"/reporting/form/{world.round.id}/150600/" not in html

    def test_a_reviewer_sees_how_many_figures_wait_in_their_scope(self, client, world):
        put_value(world, indicator=world.gdp, unit=world.ordos, period="2026M10", value="10",
                  state=DataValue.State.SUBMITTED)
        put_value(world, indicator=world.gdp, unit=world.baotou, period="2026M10", value="12",
                  state=DataValue.State.SUBMITTED)
        html = _home(client, world.ordos_reviewer)
        assert "1 条数据等待审核" in html
        assert "2 条数据等待审核" in _home(client, world.admin)

    def test_the_planning_office_sees_round_progress_over_every_unit(self, client, world):
        for indicator in (world.gdp, world.jobs):
            put_value(world, indicator=indicator, unit=world.ordos, period="2026M10", value="10",
                      state=DataValue.State.APPROVED)
        html = _home(client, world.admin)
        assert "1/2 个单位已审核完成，1 个已报送" in html
        # The round's deadline (2026-11-10) has passed for 包头市, which has reported nothing.
        assert "1 个单位逾期未报" in html

    def test_a_clerk_sees_the_figures_returned_to_their_unit_with_the_reason_newest_first(self, client, world):
        from plantrack.reporting.services import return_values

        older = put_value(world, indicator=world.gdp, unit=world.ordos, period="2026M10", value="10",
                          state=DataValue.State.SUBMITTED)
        newer = put_value(world, indicator=world.jobs, unit=world.ordos, period="2026M10", value="3",
                          state=DataValue.State.SUBMITTED)
        elsewhere = put_value(world, indicator=world.gdp, unit=world.baotou, period="2026M10", value="12",
                              state=DataValue.State.SUBMITTED)
        return_values(user=world.admin, value_ids=[older.id], reason="与统计快报不一致")
        return_values(user=world.admin, value_ids=[newer.id], reason="口径应为累计值")
        return_values(user=world.admin, value_ids=[elsewhere.id], reason="包头市的问题")
        html = _home(client, world.ordos_clerk)
        section = html[html.index('id="returned"'):html.index("</section>", html.index('id="returned"'))]
        assert section.index("口径应为累计值") < section.index("与统计快报不一致")
        assert "包头市的问题" not in section
