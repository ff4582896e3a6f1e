"""Reporting and indicators announce; assessment listens. The hooks run inside the lower app's transaction, so a
listener that fails leaves nothing half done."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantrack.assessment.models import Assessment
from plantrack.indicators.services import update_indicator
from plantrack.indicators.signals import targets_changed
from plantrack.reporting.models import DataValue
from plantrack.reporting.signals import values_approved


class ListenerFailed(Exception):
    pass


def _fail(**_kwargs):
    raise ListenerFailed


@pytest.fixture
def failing_listener():
    values_approved.connect(_fail, dispatch_uid="test.fail")
    targets_changed.connect(_fail, dispatch_uid="test.fail")
    yield
    values_approved.disconnect(dispatch_uid="test.fail")
    targets_changed.disconnect(dispatch_uid="test.fail")


class TestHooks:
    def test_an_approval_whose_listener_fails_approves_nothing(self, world, approve, failing_listener):
        with pytest.raises(ListenerFailed):
            approve([("1", "150000", "2026", "71.8")])
        value = DataValue.objects.get(indicator=world.urban, unit=world.region, period="2026")
        assert value.state == DataValue.State.SUBMITTED and value.approved_value is None
        assert not Assessment.objects.exists()

    def test_a_target_change_whose_listener_fails_changes_nothing(self, world, failing_listener):
        with pytest.raises(ListenerFailed):
            update_indicator(indicator=world.urban, user=world.admin, target_value=Decimal("72.5"))
        world.urban.refresh_from_db()
        assert world.urban.target_value != Decimal("72.5")

    def test_approval_announces_the_indicators_and_units_it_made_official(self, world, approve):
        heard = []
        values_approved.connect(lambda **kw: heard.append((kw["indicator_ids"], kw["unit_ids"])),
                                dispatch_uid="test.hear", weak=False)
        try:
            approve([("1", "150000", "2026", "71.8"), ("2", "150600", "2026", "6.0")])
        finally:
            values_approved.disconnect(dispatch_uid="test.hear")
        assert heard == [({world.urban.id, world.gdp.id}, {world.region.id, world.ordos.id})]
