"""Browser test of 人工研判 on an indicator: 鄂尔多斯市's clerk writes a judgement with its evidence and submits it;
the clerk sees no approve button; the city's reviewer approves it, and the page then shows the year's assessment
marked 人工研判（已审核）. The planning office gives the city its base-year figure on the base-year page."""

from __future__ import annotations

import pytest

from api.world import build_world
from logins import log_in, log_out
from plantrack.assessment.models import Assessment, ManualJudgement
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import User
from plantrack.reporting.models import DataValue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_judgement_is_written_by_one_person_and_approved_by_another(live_server, page, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    world = build_world("2026M10")
    water = Indicator.objects.create(
        plan=world.plan, code="17", name="优良水体比例", unit="%", target_type=Indicator.TargetType.QUALITATIVE,
        attribute=Indicator.Attribute.BINDING, target_text="达到国家要求", frequency=Indicator.Frequency.YEARLY,
    )
    water.reporting_units.set([world.region, world.ordos])
    evidence = tmp_path / "水质通报.pdf"
    evidence.write_bytes(PDF)
    base = live_server.url

    log_in(page, base, "ordos_clerk", to=f"/indicators/{water.pk}/")
    page.get_by_role("link", name="人工研判及历史").click()
    page.select_option("#j-unit", "150600")
    page.select_option("#j-year", "2027")
    page.select_option("#j-status", "符合预期")
    page.fill("#j-reasoning", "据市生态环境局2027年水环境质量通报，国考断面优良水体比例达到国家要求。")
    page.set_input_files("#j-evidence", str(evidence))
    page.click("#judgement-form button[type=submit]")
    page.wait_for_selector("text=已保存第1版研判")
    row = page.locator("table.judgements tr", has_text="第1版")
    assert "水质通报.pdf" in row.inner_text()
    row.get_by_role("button", name="提交审核").click()
    page.wait_for_selector("text=等待第二人审核")
    assert page.locator("table.judgements button", has_text="审核通过").count() == 0
    log_out(page)

    log_in(page, base, "ordos_reviewer", to=f"/assessment/judgements/{water.pk}/")
    row = page.locator("table.judgements tr", has_text="第1版")
    row.locator("form[action$='/approve/'] input[name=note]").fill("同意")
    row.get_by_role("button", name="审核通过").click()
    page.wait_for_selector("text=已审核通过第1版研判")
    standing = page.locator("table.standing tr", has_text="鄂尔多斯市")
    assert "人工研判（已审核）" in standing.inner_text()
    judgement = ManualJudgement.objects.get()
    assert (judgement.author.username, judgement.reviewed_by.username) == ("ordos_clerk", "ordos_reviewer")
    assert Assessment.objects.get(indicator=water, unit=world.ordos, period="2027").method == "人工研判"


def test_the_planning_office_gives_a_city_its_base_year_figure(live_server, page):
    world = build_world("2026M10")
    urban = Indicator.objects.create(
        plan=world.plan, code="3", name="常住人口城镇化率", unit="%", target_type=Indicator.TargetType.LEVEL,
        baseline_year=2025, target_year=2030, target_value=73, comparator=">=", frequency=Indicator.Frequency.YEARLY,
    )
    urban.reporting_units.set([world.region, world.ordos])
    assert world.admin.role == User.Role.ADMIN
    base = live_server.url
    log_in(page, base, "admin", to="/reporting/")
    page.get_by_role("link", name="基期值录入").click()
    page.select_option("#base-year-unit", "150600")
    page.click("form.filters button[type=submit]")
    page.fill("#base-year-source", "鄂尔多斯市2025年统计公报")
    page.fill(f"#i{urban.pk}-value", "70.2")
    page.click("#base-year-form button[type=submit]")
    page.wait_for_selector("text=已提交审核")
    value = DataValue.objects.get(indicator=urban, unit=world.ordos, period="2025")
    assert (value.state, value.source) == ("submitted", "鄂尔多斯市2025年统计公报")
    assert "已提交" in page.locator(f"#row-{urban.code}").inner_text()
