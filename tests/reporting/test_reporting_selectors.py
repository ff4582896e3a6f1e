"""Reads: values of a unit (scoped), the previous figures beside the form, rounds and their completeness."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from plantrack import clock
from plantrack.orgs.models import AccessDenial
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue
from plantrack.reporting.selectors import (
    previous_values,
    required_indicators,
    review_queue,
    round_completeness,
    values_for_unit,
)
from plantrack.reporting.services import approve_values, close_round, open_round


class TestValuesForUnit:
    def test_a_clerk_reads_their_own_unit(self, world, enter):
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "1"), ("2", "150600", "2026M10", "70")])
        values = values_for_unit(user=world.ordos_clerk, unit=world.ordos, period="2026-10")
        assert [v.indicator.code for v in values] == ["1", "2"]

    def test_a_clerk_of_baotou_is_refused_ordos_and_it_is_logged(self, world, enter):
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "1")])
        with pytest.raises(PermissionDenied):
            values_for_unit(user=world.baotou_clerk, unit=world.ordos, period="2026M10")
        assert AccessDenial.objects.filter(user=world.baotou_clerk, unit=world.ordos).exists()

    def test_a_supervisor_reads_everything(self, world, enter):
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "1")])
        assert len(values_for_unit(user=world.supervisor, unit=world.ordos, period="2026M10")) == 1


class TestPreviousValues:
    def test_last_period_and_last_year_beside_the_form(self, world, enter):
        world.plan.period_start = 2025
        world.plan.save()
        enter(world.admin, [("1", "150600", "2025M10", "2300"), ("1", "150600", "2026M9", "2450")])
        prev = previous_values(indicators=[world.gdp, world.urban], unit=world.ordos, period="2026M10")
        assert prev[world.gdp.id] == {"last_period": Decimal("2450"), "last_year": Decimal("2300")}
        assert prev[world.urban.id] == {"last_period": None, "last_year": None}

    def test_the_approved_figure_is_shown_while_a_correction_is_pending(self, world, enter):
        enter(world.ordos_clerk, [("1", "150600", "2026M9", "2450")], submit=True)
        approve_values(user=world.ordos_reviewer, value_ids=DataValue.objects.values_list("id", flat=True))
        enter(world.ordos_clerk, [("1", "150600", "2026M9", "2460")], correction=True)
        prev = previous_values(indicators=[world.gdp], unit=world.ordos, period="2026M10")
        assert prev[world.gdp.id]["last_period"] == Decimal("2450")


class TestRounds:
    def test_only_admins_open_rounds(self, world):
        with pytest.raises(PermissionDenied):
            open_round(user=world.ordos_clerk, plan=world.plan, period="2026M10", deadline=date(2026, 11, 15))
        rnd = open_round(user=world.admin, plan=world.plan, period="2026-10", deadline=date(2026, 11, 15))
        assert (rnd.period, rnd.title) == ("2026M10", "2026年10月填报")

    def test_a_round_outside_the_plan_is_refused(self, world):
        with pytest.raises(ValueError, match="不在规划期"):
            open_round(user=world.admin, plan=world.plan, period="2024M1", deadline=date(2024, 2, 1))

    def test_values_entered_for_a_round_are_linked_to_it(self, world, enter):
        rnd = open_round(user=world.admin, plan=world.plan, period="2026M10", deadline=date(2026, 11, 15))
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "1")])
        assert DataValue.objects.get().round == rnd

    def test_a_closed_round_refuses_clerks(self, world, enter):
        rnd = open_round(user=world.admin, plan=world.plan, period="2026M10", deadline=date(2026, 11, 15))
        close_round(user=world.admin, round=rnd)
        with pytest.raises(ValuesRejected, match="已关闭"):
            enter(world.ordos_clerk, [("1", "150600", "2026M10", "1")])

    def test_required_indicators_follow_reporting_units_and_frequency(self, world):
        rnd = open_round(user=world.admin, plan=world.plan, period="2026M10", deadline=date(2026, 11, 15))
        assert [i.code for i in required_indicators(round=rnd, unit=world.ordos)] == ["1", "2", "3", "4", "5", "6"]
        assert required_indicators(round=rnd, unit=world.dongsheng) == []
        yearly = open_round(user=world.admin, plan=world.plan, period="2026", deadline=date(2027, 1, 31))
        assert [i.code for i in required_indicators(round=yearly, unit=world.region)] == ["7"]


class TestCompleteness:
    def test_it_shows_who_has_not_reported_and_who_is_late(self, world, enter):
        past = clock.today() - timedelta(days=1)
        rnd = open_round(user=world.admin, plan=world.plan, period="2026M10", deadline=past)
        six = [(code, "150600", "2026M10", v) for code, v in
               (("1", "100"), ("2", "70"), ("3", "5"), ("4", "6"), ("5", "30"), ("6", "20"))]
        enter(world.ordos_clerk, six, submit=True)
        approve_values(user=world.ordos_reviewer, value_ids=DataValue.objects.values_list("id", flat=True))
        enter(world.baotou_clerk, [("1", "150200", "2026M10", "100")])
        rows = {r.unit.code: r for r in round_completeness(round=rnd)}
        assert set(rows) == {"150000", "150100", "150200", "150600"}
        ordos, baotou, hohhot = rows["150600"], rows["150200"], rows["150100"]
        assert (ordos.required, ordos.entered, ordos.submitted, ordos.approved) == (6, 6, 6, 6)
        assert ordos.is_complete and not ordos.is_late and ordos.status == "complete"
        assert (baotou.entered, baotou.submitted, baotou.status, baotou.is_late) == (1, 0, "partial", True)
        assert (hohhot.entered, hohhot.status, hohhot.is_late) == (0, "missing", True)

    def test_a_clerk_sees_only_their_scope(self, world):
        rnd = open_round(user=world.admin, plan=world.plan, period="2026M10", deadline=date(2030, 1, 1))
        rows = round_completeness(round=rnd, user=world.ordos_clerk)
        assert [r.unit.code for r in rows] == ["150600"]


class TestReviewQueue:
    """待审核: what a reviewer sees waiting, limited to their scope and optionally to one round."""

    @pytest.fixture
    def queued(self, world, enter):
        enter(world.ordos_clerk, [("2", "150600", "2026M10", "70"), ("1", "150600", "2026M10", "2500")], submit=True)
        enter(world.ordos_clerk, [("1", "150602", "2026M9", "300")], submit=True)
        enter(world.ordos_clerk, [("3", "150600", "2026M10", "1.2")])  # a draft waits for no one
        enter(world.baotou_clerk, [("1", "150200", "2026M10", "3100")], submit=True)

    def test_a_reviewer_sees_the_submitted_values_of_their_scope_in_tree_period_code_order(self, world, queued):
        queue = review_queue(user=world.ordos_reviewer)
        assert [(v.unit.code, v.period, v.indicator.code) for v in queue] == [
            ("150600", "2026M10", "1"), ("150600", "2026M10", "2"), ("150602", "2026M9", "1"),
        ]

    def test_the_planning_office_sees_every_unit_and_a_round_narrows_it(self, world, queued):
        assert review_queue(user=world.admin).count() == 4
        rnd = open_round(user=world.admin, plan=world.plan, period="2026M9", deadline=date(2026, 10, 15))
        assert [v.unit.code for v in review_queue(user=world.admin, round=rnd)] == ["150602"]

    def test_approved_values_leave_the_queue(self, world, queued):
        ids = list(review_queue(user=world.baotou_reviewer).values_list("id", flat=True))
        approve_values(user=world.baotou_reviewer, value_ids=ids)
        assert not review_queue(user=world.baotou_reviewer).exists()
        assert review_queue(user=world.admin).count() == 3
