"""The demo's simulated years (模拟数据): several approved years for the region and every 盟市, marked as
simulated, covering the statuses a dashboard must be shown with; loading the demo twice changes nothing."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from plantrack.assessment.models import Assessment, Warning
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.reporting.models import DataValue
from plantrack.web.demo import SIMULATED_SOURCE, YEARS


@pytest.fixture
def demo(demo_data) -> str:
    return demo_data


def _region_status(code: str) -> str:
    return Assessment.objects.get(indicator__code=code, unit__kind=OrgUnit.Kind.REGION, period=str(YEARS[-1])).status


class TestSimulatedYears:
    def test_every_unit_has_approved_simulated_figures_for_each_year(self, demo):
        simulated = DataValue.objects.filter(source=SIMULATED_SOURCE)
        assert not simulated.exclude(state=DataValue.State.APPROVED).exists()
        years = set(simulated.values_list("year", flat=True))
        assert set(YEARS) <= years
        latest = simulated.filter(year=YEARS[-1])
        units = set(latest.exclude(unit__kind=OrgUnit.Kind.DEPARTMENT).values_list("unit__code", flat=True))
        prefectures = set(OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE).values_list("code", flat=True))
        assert len(prefectures) == 12 and prefectures | {"150000"} == units

    def test_the_region_shows_ahead_on_track_lagging_and_not_assessable(self, demo):
        assert _region_status("5") == "超前"
        assert _region_status("3") == "符合预期"
        assert _region_status("10.2") == "严重滞后"
        assert _region_status("6") == "无法评估"  # a target of 5 but no baseline
        assert _region_status("15") == "符合预期"  # qualitative: judged against the nationally assigned figure
        binding_lagging = Assessment.objects.filter(
            indicator__attribute=Indicator.Attribute.BINDING, unit__kind=OrgUnit.Kind.REGION,
            period=str(YEARS[-1]), status__in=["滞后", "严重滞后"],
        ).order_by("indicator__code")
        # 14 misses its simulated assigned figure in the last year; 18 lags its plan target.
        assert [a.indicator.code for a in binding_lagging] == ["14", "18"]
        assert Warning.objects.filter(indicator__code="18", unit__kind=OrgUnit.Kind.REGION,
                                      kind=Warning.Kind.BINDING_LAGGING).exists()

    def test_the_prefectures_differ_so_the_map_has_colour(self, demo):
        statuses = Counter(
            Assessment.objects.filter(indicator__code="18", unit__kind=OrgUnit.Kind.PREFECTURE,
                                      period=str(YEARS[-1])).values_list("status", flat=True)
        )
        assert sum(statuses.values()) == 12 and "无法评估" not in statuses and len(statuses) >= 3

    def test_loading_the_demo_again_changes_nothing(self, demo):
        counts = (DataValue.objects.count(), Assessment.objects.count(), Warning.objects.count())
        out = StringIO()
        call_command("setup_demo", stdout=out)
        assert "already loaded" in out.getvalue()
        assert (DataValue.objects.count(), Assessment.objects.count(), Warning.objects.count()) == counts
