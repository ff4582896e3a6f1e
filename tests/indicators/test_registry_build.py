"""Building the registry from a stored plan version: values, defaults, idempotence, hand edits kept, promotion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from plantrack.indicators.models import Indicator
from plantrack.indicators.registry import (
    RegistryError,
    build_registry,
    default_additivity,
    promote_commitment,
    update_indicator,
)
from plantrack.orgs.models import AccessDenial
from plantrack.plans.models import PlanIndicator, PlanVersion


def by_code(indicators) -> dict[str, Indicator]:
    return {i.code: i for i in indicators}


def next_version(version: PlanVersion, **changes_by_code) -> PlanVersion:
    """A revised version of the same plan holding the same rows, with some fields changed (or rows dropped)."""
    new = PlanVersion.objects.create(
        plan=version.plan, number=version.number + 1, source_name="rev.txt", source_sha256="f" * 64, text=""
    )
    version.plan.versions.exclude(pk=new.pk).update(is_current=False)
    for row in version.indicators.all():
        change = changes_by_code.get(row.code, {})
        if change is None:
            continue
        row.pk, row.version = None, new
        for field, value in change.items():
            setattr(row, field, value)
        row.save()
    return new


@pytest.mark.django_db
class TestBuildRegistry:
    def test_it_makes_one_indicator_per_table_row_with_the_plans_figures(self, demo_version):
        indicators = build_registry(version=demo_version)
        assert [i.code for i in indicators] == list(demo_version.indicators.values_list("code", flat=True))
        registry = by_code(indicators)
        row = PlanIndicator.objects.get(version=demo_version, code="1")
        gdp = registry["1"]
        assert (gdp.name, gdp.unit, gdp.target_type, gdp.attribute) == (row.name, "%", "annual_growth", "预期性")
        # A growth target is the 年均 column with its tolerance word: 4.5 左右.
        assert gdp.target_value == row.period_value and gdp.comparator == "~"
        assert gdp.baseline_year == row.baseline_year and gdp.baseline_value == row.baseline_value
        assert gdp.source_row == row and gdp.plan == demo_version.plan

    def test_bounds_levels_and_qualitative_targets(self, demo_version):
        registry = {i.name: i for i in build_registry(version=demo_version)}
        unemployment = registry["城镇调查失业率"]
        assert unemployment.target_type == "bound" and unemployment.direction == "lower"
        assert unemployment.target_value == Decimal("5.7") and unemployment.comparator == "~"
        urban = registry["常住人口城镇化率"]
        assert (urban.target_type, urban.target_value, urban.comparator) == ("level", Decimal("73"), "=")
        productivity = registry["全员劳动生产率增长"]
        assert productivity.comparator == ">=" and productivity.target_value is None
        assert productivity.target_text == "高于 GDP 增长"
        carbon = registry["单位地区生产总值二氧化碳排放降低"]
        assert carbon.target_type == "qualitative" and carbon.target_text.startswith("完成")
        assert carbon.attribute == "约束性"

    def test_defaults_frequency_and_additivity(self, demo_version):
        registry = {i.name: i for i in build_registry(version=demo_version)}
        assert {i.frequency for i in registry.values()} == {"yearly"}
        assert not registry["城镇调查失业率"].additive_over_units and not registry["城镇调查失业率"].additive_over_time
        assert registry["三岁以下婴幼儿入托率提高"].additive_over_time is False  # 百分点 of a rate
        assert registry["能源综合生产能力"].additive_over_units and not registry["能源综合生产能力"].additive_over_time
        assert not registry["地级及以上城市细颗粒物(PM2.5)浓度"].additive_over_units

    def test_building_again_changes_nothing(self, demo_version):
        first = build_registry(version=demo_version)
        snapshot = list(Indicator.objects.order_by("pk").values())
        second = build_registry(version=demo_version)
        assert [i.pk for i in second] == [i.pk for i in first]
        assert list(Indicator.objects.order_by("pk").values()) == snapshot

    def test_a_new_version_updates_targets_but_keeps_hand_edits_and_reporting_settings(
        self, demo_version, people, tree
    ):
        registry = by_code(build_registry(version=demo_version))
        update_indicator(
            indicator=registry["3"],
            user=people.admin,
            name="城镇化率（常住人口）",
            frequency="quarterly",
            reporting_units=[tree["150000"], tree["150600"]],
        )
        revised = next_version(
            demo_version,
            **{"3": {"name": "常住人口城镇化率", "target_value": Decimal("74")}, "5": {"target_value": Decimal("5")}},
        )
        rebuilt = by_code(build_registry(version=revised))
        urban = rebuilt["3"]
        assert urban.name == "城镇化率（常住人口）" and urban.edited_fields == ["name"]
        assert urban.target_value == Decimal("74") and urban.frequency == "quarterly"
        assert set(urban.reporting_units.values_list("code", flat=True)) == {"150000", "150600"}
        assert rebuilt["5"].target_value == Decimal("5")
        assert urban.source_row.version == revised

    def test_rows_dropped_from_a_new_version_are_deactivated(self, demo_version):
        build_registry(version=demo_version)
        build_registry(version=next_version(demo_version, **{"5": None}))
        assert not Indicator.objects.get(code="5").is_active
        assert Indicator.objects.filter(is_active=True).count() == demo_version.indicators.count() - 1


@pytest.mark.django_db
class TestPromoteCommitment:
    def test_an_admin_promotes_a_commitment(self, demo_version, people):
        commitment = demo_version.commitments.order_by("order").first()
        indicator = promote_commitment(commitment=commitment, code="C1", user=people.admin)
        assert (indicator.code, indicator.name, indicator.unit) == ("C1", commitment.subject, commitment.unit)
        assert indicator.target_value == commitment.value and indicator.comparator == commitment.comparator
        assert indicator.target_year == (commitment.deadline or demo_version.plan.period_end)
        assert indicator.source_commitment == commitment
        # Promoting the same commitment again gives the same indicator.
        assert promote_commitment(commitment=commitment, code="C9", user=people.admin) == indicator
        assert Indicator.objects.filter(source_commitment=commitment).count() == 1

    def test_a_taken_or_malformed_code_is_refused(self, demo_version, people):
        build_registry(version=demo_version)
        first, second = demo_version.commitments.order_by("order")[:2]
        with pytest.raises(RegistryError, match="指标编码 1 已被“地区生产总值增长”使用"):
            promote_commitment(commitment=first, code="1", user=people.admin)
        with pytest.raises(RegistryError, match="不合法"):
            promote_commitment(commitment=second, code="新 指标", user=people.admin)
        assert not Indicator.objects.filter(source_commitment__isnull=False).exists()

    def test_a_clerk_may_not_promote(self, demo_version, people):
        with pytest.raises(PermissionDenied):
            promote_commitment(commitment=demo_version.commitments.first(), code="C1", user=people.ordos_clerk)
        assert not Indicator.objects.exists()
        assert AccessDenial.objects.filter(user=people.ordos_clerk, action="promote commitment").exists()




@pytest.mark.parametrize(
    "name, unit, target_type, expected",
    [
        ("城镇新增就业", "万人", "cumulative", (True, True)),
        ("城镇调查失业率", "%", "bound", (False, False)),
        ("耕地保有量", "万亩", "bound", (True, False)),
        ("居民人均可支配收入", "元", "level", (False, False)),
        ("固定资产投资", "亿元", "level", (True, True)),
        ("细颗粒物浓度", "微克/立方米", "level", (False, False)),
    ],
)
def test_default_additivity(name, unit, target_type, expected):
    assert default_additivity(name=name, unit=unit, target_type=target_type) == expected


def test_the_real_plan_builds_a_registry_of_its_main_indicators(seed_plan):
    """The reference plan (seed 004) as the plans app's import stores it, then into the registry."""
    version = seed_plan.version
    registry = {i.name: i for i in build_registry(version=version)}
    assert len(registry) == version.indicators.count() >= 20
    assert registry["地区生产总值增长"].target_value == Decimal("4.5")
    assert registry["城镇调查失业率"].direction == "lower"
    assert {i.category for i in registry.values()} >= {"经济发展", "民生福祉", "绿色低碳", "安全保障"}
    # A sub-row keeps its group in the name, and a per-thousand-people figure does not add up over units.
    doctors = registry["每千人口拥有医护人员数：执业医师数"]
    assert doctors.code == "10.1"
    assert (doctors.additive_over_units, doctors.additive_over_time) == (False, False)


@pytest.mark.django_db
class TestBuildRegistryCommand:
    def test_it_builds_from_the_current_version_and_lists_kept_edits(self, demo_version, people):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("build_registry", stdout=out)
        assert out.getvalue().splitlines()[0] == f"{demo_version}: 21 indicators in the registry"
        update_indicator(indicator=Indicator.objects.get(code="1"), user=people.admin, name="GDP 增速")
        out = StringIO()
        call_command("build_registry", stdout=out)
        assert "  1      GDP 增速  (kept hand edits: name)" in out.getvalue().splitlines()

    def test_without_a_plan_it_says_what_to_do(self, db):
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError, match="run plantrack import-plan first"):
            call_command("build_registry")
