"""Browser test of the warnings page: a reviewer approves a breach of a binding bound, the unit's clerk finds the
warning under 预警 and acknowledges it with a note; a clerk of another 盟市 never sees it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.world import build_world
from logins import log_in, log_out
from plantrack.assessment.models import Warning
from plantrack.indicators.models import Indicator
from plantrack.reporting.models import Channel, DataValue
from plantrack.reporting.services import approve_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_acknowledges_a_warning_with_a_note(live_server, page):
    world = build_world("2026M10")
    jobless = Indicator.objects.create(
        plan=world.plan, code="7", name="城镇调查失业率", unit="%", target_type=Indicator.TargetType.BOUND,
        attribute=Indicator.Attribute.BINDING, direction=Indicator.Direction.LOWER, target_value=Decimal("5.5"),
        comparator="<=", frequency=Indicator.Frequency.YEARLY,
    )
    value = DataValue.objects.create(indicator=jobless, unit=world.ordos, period="2026", year=2026,
                                     value=Decimal("5.9"), state=DataValue.State.SUBMITTED, channel=Channel.FORM)
    approve_values(user=world.ordos_reviewer, value_ids=[value.id])
    assert Warning.objects.filter(unit=world.ordos, kind="binding_lagging").count() == 1
    base = live_server.url

    log_in(page, base, "baotou_clerk")
    page.get_by_role("link", name="预警").click()
    page.wait_for_selector("text=没有需要处理的预警")
    log_out(page)

    log_in(page, base, "ordos_clerk")
    page.get_by_role("link", name="预警").click()
    row = page.locator("tr", has_text="城镇调查失业率")
    assert "约束性指标滞后" in row.inner_text() and "超出控制范围（≤5.5%）" in row.inner_text()
    row.locator("input[name=note]").fill("已约谈重点企业，稳岗补贴已下达")
    row.get_by_role("button", name="确认").click()
    page.wait_for_selector("text=已确认预警")
    assert page.locator("text=没有需要处理的预警").is_visible()
    warning = Warning.objects.get()
    assert (warning.acknowledged_by.username, warning.note) == ("ordos_clerk", "已约谈重点企业，稳岗补贴已下达")
