"""`the_only_plan`: the plan a face may assume when exactly one is stored; otherwise the caller must ask."""

from __future__ import annotations

import pytest

from plantrack.plans.models import Plan
from plantrack.plans.selectors import the_only_plan

pytestmark = pytest.mark.django_db


def _plan(title: str) -> Plan:
    return Plan.objects.create(title=title, region="测试区", period_start=2026, period_end=2030)


def test_none_stored_means_none():
    assert the_only_plan() is None


def test_one_stored_is_the_one():
    plan = _plan("甲规划")
    assert the_only_plan() == plan


def test_several_stored_means_ask():
    _plan("甲规划")
    _plan("乙规划")
    assert the_only_plan() is None
