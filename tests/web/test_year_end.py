"""Year-end figures (年末值) the dashboard's sparklines and the indicator chart draw: the last reported period of
each year, approved figures only."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.world import build_world, put_value
from plantrack.reporting.models import DataValue
from plantrack.web.status_display import sparkline_points, status_css
from plantrack.web.year_end import latest_of_each_year


@pytest.fixture
def world(db):
    return build_world()


def _approve(value: DataValue) -> None:
    value.approved_value = value.value
    value.state = DataValue.State.APPROVED
    value.save(update_fields=["approved_value", "state"])


class TestYearEndValues:
    def test_the_latest_approved_month_stands_for_its_year(self, world):
        for period, figure in [("2026M9", "4.1"), ("2026M10", "4.3"), ("2026M2", "9.9"), ("2027M12", "5.0")]:
            _approve(put_value(world, indicator=world.gdp, unit=world.ordos, period=period, value=figure))
        put_value(world, indicator=world.gdp, unit=world.ordos, period="2026M11", value="7.7")  # a draft: not yet
        series = latest_of_each_year(indicator_ids=[world.gdp.id], unit_ids=[world.ordos.id])
        # 2026M10 is later than 2026M9 though it sorts before it as text.
        assert [(v.year, v.period, v.value) for v in series[(world.gdp.id, world.ordos.id)]] == [
            (2026, "2026M10", Decimal("4.3")), (2027, "2027M12", Decimal("5.0")),
        ]

    def test_a_year_figure_wins_over_its_months_and_units_stay_apart(self, world):
        _approve(put_value(world, indicator=world.gdp, unit=world.ordos, period="2026M12", value="4.0"))
        _approve(put_value(world, indicator=world.gdp, unit=world.ordos, period="2026", value="4.2"))
        _approve(put_value(world, indicator=world.gdp, unit=world.baotou, period="2026M6", value="3.0"))
        series = latest_of_each_year(indicator_ids=[world.gdp.id], unit_ids=[world.ordos.id, world.baotou.id])
        assert [v.value for v in series[(world.gdp.id, world.ordos.id)]] == [Decimal("4.2")]
        assert [v.period for v in series[(world.gdp.id, world.baotou.id)]] == ["2026M6"]
        assert not series[(world.gdp.id, world.ordos.id)][0].simulated


    def test_demo_and_simulated_figures_are_marked_simulated(self, world):
        from plantrack.web.demo import SIMULATED_SOURCE

        for period, source in [("2026M10", "演示数据"), ("2027M12", SIMULATED_SOURCE), ("2028M12", "统计公报")]:
            value = put_value(world, indicator=world.gdp, unit=world.ordos, period=period, value="5")
            value.source = source
            value.save(update_fields=["source"])
            _approve(value)
        series = latest_of_each_year(indicator_ids=[world.gdp.id], unit_ids=[world.ordos.id])
        assert [v.simulated for v in series[(world.gdp.id, world.ordos.id)]] == [True, True, False]


class TestStatusDisplay:
    def test_sparkline_spans_the_box_from_lowest_to_highest(self):
        points = sparkline_points([1.0, 3.0, 2.0], width=100, height=20, pad=0)
        assert points == "0.0,20.0 50.0,0.0 100.0,10.0"

    def test_one_point_draws_no_line(self):
        assert sparkline_points([5.0]) == ""

    def test_an_unknown_status_word_is_shown_as_not_assessable(self):
        assert status_css("滞后") == "lagging"
        assert status_css("很好") == "not-assessable"
