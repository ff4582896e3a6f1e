"""Registry pages: everyone reads the list, each sees only their scope's targets, and only admins edit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from plantrack.indicators.annual_targets import set_annual_target
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.indicators.registry import build_registry
from plantrack.orgs.models import AccessDenial


@pytest.fixture
def registry(demo_version, people, tree):
    indicators = {i.name: i for i in build_registry(version=demo_version)}
    gdp = indicators["地区生产总值增长"]
    gdp.reporting_units.set([tree["150000"], tree["150600"], tree["150200"]])
    for code, value in (("150000", "5"), ("150600", "6.1"), ("150200", "5.3")):
        set_annual_target(
            indicator=gdp, unit=tree[code], year=2026, comparator="~", value=Decimal(value), user=people.admin
        )
    return indicators


def edit_form(indicator: Indicator, **changes) -> dict:
    data = {
        "name": indicator.name,
        "category": indicator.category,
        "unit": indicator.unit,
        "attribute": indicator.attribute,
        "target_type": indicator.target_type,
        "direction": indicator.direction,
        "baseline_year": indicator.baseline_year or "",
        "baseline_value": indicator.baseline_value or "",
        "baseline_note": indicator.baseline_note,
        "target_year": indicator.target_year or "",
        "target_value": indicator.target_value or "",
        "target_value_max": "",
        "target_text": indicator.target_text,
        "comparator": indicator.comparator,
        "frequency": indicator.frequency,
        "value_kind": indicator.value_kind,
        "reporting_units": [u.pk for u in indicator.reporting_units.all()],
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


@pytest.mark.django_db
class TestRegistryList:
    @pytest.mark.parametrize("who", ["admin", "ordos_clerk", "baotou_clerk", "supervisor"])
    def test_everyone_signed_in_reads_the_list(self, client, people, registry, who):
        client.force_login(getattr(people, who))
        page = client.get(reverse("indicators:index")).content.decode()
        assert "地区生产总值增长" in page and "城镇调查失业率" in page
        assert ("量化目标设为指标" in page) is (who == "admin")


@pytest.mark.django_db
class TestIndicatorDetail:
    def page(self, client, user, indicator) -> str:
        client.force_login(user)
        return client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()

    def test_the_admin_sees_every_units_target(self, client, people, registry):
        page = self.page(client, people.admin, registry["地区生产总值增长"])
        assert "鄂尔多斯市" in page and "包头市" in page and "6.1" in page and "5.3" in page
        assert "编辑指标" in page

    def test_a_clerk_of_baotou_sees_nothing_of_ordos(self, client, people, registry):
        page = self.page(client, people.baotou_clerk, registry["地区生产总值增长"])
        assert "包头市" in page and "5.3" in page
        assert "鄂尔多斯" not in page and "6.1" not in page
        assert "编辑指标" not in page

    def test_a_clerk_of_ordos_sees_only_ordos(self, client, people, registry):
        page = self.page(client, people.ordos_clerk, registry["地区生产总值增长"])
        assert "6.1" in page and "包头市" not in page and "5.3" not in page

    def test_the_supervisor_reads_all_targets(self, client, people, registry):
        page = self.page(client, people.supervisor, registry["地区生产总值增长"])
        assert "6.1" in page and "5.3" in page and "编辑指标" not in page


@pytest.mark.django_db
class TestEditing:
    def test_the_admin_edits_frequency_additivity_and_reporting_units(self, client, people, registry, tree):
        unemployment = registry["城镇调查失业率"]
        client.force_login(people.admin)
        assert client.get(reverse("indicators:edit", args=[unemployment.pk])).status_code == 200
        response = client.post(
            reverse("indicators:edit", args=[unemployment.pk]),
            edit_form(
                unemployment,
                frequency="monthly",
                target_value="5.5",
                additive_over_units="on",
                reporting_units=[tree["150000"].pk, tree["150200"].pk],
            ),
        )
        assert response.status_code == 302
        unemployment.refresh_from_db()
        assert unemployment.frequency == "monthly" and unemployment.target_value == Decimal("5.5")
        assert unemployment.additive_over_units is True
        assert unemployment.edited_fields == ["target_value"]
        assert set(unemployment.reporting_units.values_list("code", flat=True)) == {"150000", "150200"}

    def test_a_bad_form_shows_the_error_and_changes_nothing(self, client, people, registry):
        gdp = registry["地区生产总值增长"]
        client.force_login(people.admin)
        response = client.post(
            reverse("indicators:edit", args=[gdp.pk]), edit_form(gdp, target_value="5", target_value_max="4")
        )
        assert response.status_code == 200 and "上限不能小于目标值" in response.content.decode()
        gdp.refresh_from_db()
        assert gdp.target_value_max is None and gdp.edited_fields == []

    @pytest.mark.parametrize("who", ["ordos_clerk", "baotou_clerk", "supervisor"])
    def test_nobody_else_may_edit(self, client, people, registry, who):
        gdp = registry["地区生产总值增长"]
        user = getattr(people, who)
        client.force_login(user)
        assert client.get(reverse("indicators:edit", args=[gdp.pk])).status_code == 403
        assert (
            client.post(
                reverse("indicators:edit", args=[gdp.pk]), edit_form(gdp, name="改掉", frequency="monthly")
            ).status_code
            == 403
        )
        gdp.refresh_from_db()
        assert gdp.name == "地区生产总值增长" and gdp.frequency == "yearly"
        assert AccessDenial.objects.filter(user=user, action="edit indicator").count() == 2

    def test_the_admin_enters_an_annual_target_by_hand(self, client, people, registry):
        forest = registry["森林覆盖率"]
        client.force_login(people.admin)
        response = client.post(
            reverse("indicators:annual_target", args=[forest.pk]),
            {"unit": "150600", "year": "2026", "comparator": ">=", "value": "30.5"},
        )
        assert response.status_code == 302
        target = AnnualTarget.objects.get(indicator=forest)
        assert (target.unit.code, target.year, target.value, target.comparator) == (
            "150600",
            2026,
            Decimal("30.5"),
            ">=",
        )

    def test_a_clerk_may_not_enter_annual_targets(self, client, people, registry):
        forest = registry["森林覆盖率"]
        client.force_login(people.ordos_clerk)
        response = client.post(
            reverse("indicators:annual_target", args=[forest.pk]),
            {"unit": "150600", "year": "2026", "comparator": ">=", "value": "99"},
        )
        assert response.status_code == 403 and not AnnualTarget.objects.filter(indicator=forest).exists()

    def test_the_admin_promotes_a_commitment_from_its_page(self, client, people, registry, demo_version):
        commitment = demo_version.commitments.order_by("order").first()
        client.force_login(people.admin)
        assert commitment.subject in client.get(reverse("indicators:commitments")).content.decode()
        response = client.post(reverse("indicators:promote", args=[commitment.pk]), {"code": "C1"})
        indicator = Indicator.objects.get(code="C1")
        assert response.status_code == 302 and response.url == reverse("indicators:detail", args=[indicator.pk])
        client.force_login(people.baotou_clerk)
        assert client.post(reverse("indicators:promote", args=[commitment.pk]), {"code": "C2"}).status_code == 403
        assert client.get(reverse("indicators:commitments")).status_code == 403


@pytest.mark.django_db
def test_saving_the_form_keeps_county_reporting_units_it_does_not_list(client, people, registry, tree):
    gdp = registry["地区生产总值增长"]
    gdp.reporting_units.add(tree["150602"])
    client.force_login(people.admin)
    assert "另有 1 个旗县报送此指标" in client.get(reverse("indicators:edit", args=[gdp.pk])).content.decode()
    form = edit_form(gdp, reporting_units=[tree["150000"].pk])
    assert client.post(reverse("indicators:edit", args=[gdp.pk]), form).status_code == 302
    assert set(gdp.reporting_units.values_list("code", flat=True)) == {"150000", "150602"}
