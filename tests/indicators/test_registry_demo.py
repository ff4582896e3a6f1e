"""The demo registry: built from the demo plan, configured once, with 2026 targets; reruns change nothing."""

from __future__ import annotations

from io import StringIO

import pytest

from plantrack.indicators import demo
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs import demo as orgs_demo
from plantrack.plans import demo as plans_demo


def snapshot():
    return (
        list(Indicator.objects.order_by("pk").values()),
        sorted(Indicator.reporting_units.through.objects.values_list("indicator_id", "orgunit_id")),
        list(AnnualTarget.objects.order_by("pk").values("indicator_id", "unit_id", "year", "value", "comparator")),
    )


@pytest.mark.django_db
def test_demo_registry_is_configured_and_idempotent():
    plans_demo.load(StringIO())
    orgs_demo.load(StringIO())
    lines = demo.load(StringIO())
    # The 21 main indicators of the plan's table, and the 4 monthly operating indicators beside them.
    assert lines[0].startswith("registry: 25 indicators from ") and "(21 newly configured)" in lines[0]
    state = snapshot()
    demo.load(StringIO())
    assert snapshot() == state

    registry = {i.name: i for i in Indicator.objects.all()}
    gdp, jobless = registry["地区生产总值增长"], registry["城镇调查失业率"]
    # As the statistics bureau publishes them: GDP quarterly as 累计, the unemployment rate monthly as the month's.
    assert gdp.frequency == "quarterly" and gdp.value_kind == "ytd"
    assert jobless.frequency == "monthly" and jobless.value_kind == "period"
    assert registry["森林覆盖率"].frequency == "yearly"
    industry = registry["规模以上工业增加值增长"]
    assert (industry.frequency, industry.value_kind, industry.source_row_id) == ("monthly", "ytd", None)
    codes = set(jobless.reporting_units.values_list("code", flat=True))
    # The region, its 12 盟市 and the statistics bureau (a 厅局) report the monthly figures.
    assert "150000" in codes and "150000-TJJ" in codes and len(codes) == 14
    assert all(c.endswith("00") for c in codes - {"150000-TJJ"})
    assert set(gdp.reporting_units.values_list("code", flat=True)) == codes - {"150000-TJJ"}

    region_targets = {t.indicator.name: t for t in AnnualTarget.objects.filter(unit__code="150000", year=2026)}
    assert str(region_targets["地区生产总值增长"].value.normalize()) == "5"
    assert region_targets["城镇调查失业率"].comparator == "~"
    assert region_targets["居民人均可支配收入增长"].comparator == "qualitative"
    assert str(region_targets["规模以上工业增加值增长"].value.normalize()) == "7"
    [targets_line] = [line for line in lines if line.startswith("2026 annual targets")]
    assert "粮食产量" in targets_line  # the demo report's grain target has no indicator and is reported


@pytest.mark.django_db
def test_demo_keeps_an_admins_later_changes():
    plans_demo.load(StringIO())
    orgs_demo.load(StringIO())
    demo.load(StringIO())
    gdp = Indicator.objects.get(name="地区生产总值增长")
    gdp.frequency = "yearly"
    gdp.save(update_fields=["frequency"])
    AnnualTarget.objects.filter(indicator=gdp, year=2026).update(value=6)
    demo.load(StringIO())
    gdp.refresh_from_db()
    assert gdp.frequency == "yearly"
    assert AnnualTarget.objects.get(indicator=gdp, year=2026, unit__code="150000").value == 6
