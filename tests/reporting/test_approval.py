"""The approval path with history: enter → submit → approve → correction → approve; returns; races; scope."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from plantrack.orgs.models import AccessDenial
from plantrack.reporting.findings import StaleValue
from plantrack.reporting.models import DataValue
from plantrack.reporting.selectors import value_history
from plantrack.reporting.services import approve_values, return_values, submit_values


def _one(world, enter, value="2500", **kw) -> DataValue:
    enter(world.ordos_clerk, [("1", "150600", "2026M10", value)], **kw)
    return DataValue.objects.get(indicator=world.gdp, unit=world.ordos, period="2026M10")


class TestApprovalPath:
    def test_correction_keeps_the_old_figure_until_it_is_approved(self, world, enter):
        v = _one(world, enter)
        assert submit_values(user=world.ordos_clerk, value_ids=[v.id]) == 1
        assert approve_values(user=world.ordos_reviewer, value_ids=[v.id]) == 1
        v.refresh_from_db()
        assert (v.state, v.approved_value, v.approved_by) == ("approved", Decimal("2500"), world.ordos_reviewer)

        enter(world.ordos_clerk, [("1", "150600", "2026M10", "2550")], correction=True, submit=True)
        v.refresh_from_db()
        assert (v.state, v.value, v.approved_value) == ("submitted", Decimal("2550"), Decimal("2500"))

        approve_values(user=world.ordos_reviewer, value_ids=[v.id])
        v.refresh_from_db()
        assert (v.state, v.approved_value) == ("approved", Decimal("2550"))

        history = value_history(user=world.supervisor, value=v)
        assert [(h.action, h.old_value, h.new_value, h.new_state) for h in history] == [
            ("enter", None, Decimal("2500"), "draft"),
            ("submit", Decimal("2500"), Decimal("2500"), "submitted"),
            ("approve", None, Decimal("2500"), "approved"),
            ("change", Decimal("2500"), Decimal("2550"), "submitted"),
            ("approve", Decimal("2500"), Decimal("2550"), "approved"),
        ]
        assert [h.user for h in history] == [world.ordos_clerk, world.ordos_clerk, world.ordos_reviewer,
                                             world.ordos_clerk, world.ordos_reviewer]

    def test_returned_value_carries_the_reason_and_can_be_resubmitted(self, world, enter):
        v = _one(world, enter, submit=True)
        assert return_values(user=world.ordos_reviewer, value_ids=[v.id], reason="与统计快报不一致") == 1
        v.refresh_from_db()
        assert (v.state, v.return_reason) == ("returned", "与统计快报不一致")
        assert v.changes.order_by("id").last().comment == "与统计快报不一致"
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "2480")], submit=True)
        v.refresh_from_db()
        assert (v.state, v.return_reason) == ("submitted", "")

    def test_return_needs_a_reason(self, world, enter):
        v = _one(world, enter, submit=True)
        with pytest.raises(ValueError, match="退回必须填写原因"):
            return_values(user=world.ordos_reviewer, value_ids=[v.id], reason="  ")
        v.refresh_from_db()
        assert v.state == "submitted"

    def test_only_submitted_values_can_be_approved(self, world, enter):
        v = _one(world, enter)
        with pytest.raises(StaleValue, match="草稿"):
            approve_values(user=world.ordos_reviewer, value_ids=[v.id])
        v.refresh_from_db()
        assert v.state == "draft" and v.changes.count() == 1


class TestRaces:
    def test_two_approvals_with_the_same_revision_one_wins(self, world, enter):
        v = _one(world, enter, submit=True)
        seen = {v.id: v.revision}
        assert approve_values(user=world.ordos_reviewer, value_ids=[v.id], expected_revisions=seen) == 1
        with pytest.raises(StaleValue):
            approve_values(user=world.admin, value_ids=[v.id], expected_revisions=seen)
        v.refresh_from_db()
        assert v.approved_by == world.ordos_reviewer
        assert v.changes.filter(action="approve").count() == 1

    def test_approve_and_return_of_the_same_value_one_wins(self, world, enter):
        v = _one(world, enter, submit=True)
        seen = {v.id: v.revision}
        return_values(user=world.admin, value_ids=[v.id], reason="请核实", expected_revisions=seen)
        with pytest.raises(StaleValue):
            approve_values(user=world.ordos_reviewer, value_ids=[v.id], expected_revisions=seen)
        v.refresh_from_db()
        assert v.state == "returned" and v.approved_value is None

    def test_a_batch_with_one_stale_value_approves_none(self, world, enter):
        enter(world.ordos_clerk, [("1", "150600", "2026M10", "1"), ("5", "150600", "2026M10", "2")], submit=True)
        a, b = DataValue.objects.order_by("id")
        with pytest.raises(StaleValue):
            approve_values(user=world.ordos_reviewer, value_ids=[a.id, b.id],
                           expected_revisions={a.id: a.revision, b.id: b.revision + 5})
        assert set(DataValue.objects.values_list("state", flat=True)) == {"submitted"}

    @pytest.mark.django_db(transaction=True)
    def test_two_reviewers_at_the_same_moment_exactly_one_wins(self, world, enter):
        v = _one(world, enter, submit=True)
        seen = {v.id: v.revision}
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def review(user):
            try:
                barrier.wait()
                approve_values(user=user, value_ids=[v.id], expected_revisions=seen)
                outcomes.append("won")
            except StaleValue:
                outcomes.append("stale")
            finally:
                connection.close()

        threads = [threading.Thread(target=review, args=(u,)) for u in (world.ordos_reviewer, world.admin)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["stale", "won"]
        v.refresh_from_db()
        assert v.state == "approved" and v.changes.filter(action="approve").count() == 1


class TestReviewScope:
    def test_a_reviewer_of_baotou_cannot_approve_ordos(self, world, enter):
        v = _one(world, enter, submit=True)
        with pytest.raises(PermissionDenied):
            approve_values(user=world.baotou_reviewer, value_ids=[v.id])
        v.refresh_from_db()
        assert v.state == "submitted"
        assert AccessDenial.objects.get().user == world.baotou_reviewer

    def test_a_clerk_cannot_approve_even_their_own(self, world, enter):
        v = _one(world, enter, submit=True)
        with pytest.raises(PermissionDenied):
            approve_values(user=world.ordos_clerk, value_ids=[v.id])

    def test_history_is_read_only_in_scope(self, world, enter):
        v = _one(world, enter)
        with pytest.raises(PermissionDenied):
            value_history(user=world.baotou_clerk, value=v)
        assert len(value_history(user=world.ordos_reviewer, value=v)) == 1


def test_an_empty_selection_does_nothing(world):
    assert approve_values(user=world.ordos_reviewer, value_ids=[]) == 0
    assert submit_values(user=world.ordos_clerk, value_ids=[]) == 0
