"""Reading stored assessments: the newest year judgement per indicator and unit, filtered, in the user's scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from plantrack.assessment.selectors import latest_assessments


@pytest.fixture
def judged(world, approve):
    approve([
        ("1", "150000", "2026", "71.8"), ("1", "150000", "2027", "72.0"),
        ("2", "150000", "2026", "5.2"), ("2", "150000", "2027", "5.0"),
        ("2", "150600", "2026", "3.0"), ("2", "150200", "2026", "4.4"),
        ("4", "150000", "2027", "5.3"),
    ])
    return world


def keys(rows):
    return [(a.indicator.code, a.unit.code, a.period, a.status) for a in rows]


class TestLatestAssessments:
    def test_the_newest_year_of_each_indicator_and_unit(self, judged):
        assert keys(latest_assessments(user=judged.admin)) == [
            ("1", "150000", "2027", "滞后"),
            ("2", "150000", "2027", "超前"),
            ("2", "150200", "2026", "符合预期"),
            ("2", "150600", "2026", "滞后"),
            ("4", "150000", "2027", "符合预期"),
        ]

    def test_one_unit(self, judged):
        assert [k[0] for k in keys(latest_assessments(user=judged.leader, unit=judged.region))] == ["1", "2", "4"]

    def test_filters(self, judged):
        binding = latest_assessments(user=judged.admin, unit=judged.region, attribute="约束性")
        assert [k[0] for k in keys(binding)] == ["1", "4"]
        assert [k[0] for k in keys(latest_assessments(user=judged.admin, status="滞后"))] == ["1", "2"]
        judged.gdp.category = "经济发展"
        judged.gdp.save()
        assert {k[1] for k in keys(latest_assessments(user=judged.admin, category="经济发展"))} == {
            "150000", "150200", "150600"
        }

    def test_the_status_filter_asks_the_newest_judgement(self, judged, approve):
        approve([("2", "150600", "2027", "6.5")])  # 鄂尔多斯市 was 滞后 in 2026; the average is now 4.75
        assert ("2", "150600") not in {k[:2] for k in keys(latest_assessments(user=judged.admin, status="滞后"))}
        assert ("2", "150600", "2027", "符合预期") in keys(latest_assessments(user=judged.admin, status="符合预期"))

    def test_a_clerk_sees_only_the_own_subtree(self, judged):
        assert keys(latest_assessments(user=judged.ordos_clerk)) == [("2", "150600", "2026", "滞后")]
        assert keys(latest_assessments(user=judged.baotou_clerk)) == [("2", "150200", "2026", "符合预期")]

    def test_asking_for_a_unit_outside_the_scope_is_refused(self, judged):
        with pytest.raises(PermissionDenied):
            list(latest_assessments(user=judged.baotou_clerk, unit=judged.ordos))

    def test_inactive_indicators_are_left_out(self, judged):
        judged.urban.is_active = False
        judged.urban.save()
        assert "1" not in {k[0] for k in keys(latest_assessments(user=judged.admin))}


def test_the_newest_month_when_asked_for_within_the_year(world, approve, annual_target):
    annual_target(world.industry, world.ordos, 2027, 1000)
    approve([("5", "150600", "2027M3", "240"), ("5", "150600", "2027M6", "450")])
    assert keys(latest_assessments(user=world.admin)) == []
    assert keys(latest_assessments(user=world.admin, within_year=True)) == [("5", "150600", "2027M6", "滞后")]
