"""The Content-Security-Policy is real and the pages live with it: every page is sent with the policy, and in
Debian's chromium the demo's pages draw their charts, answer clicks and run htmx without a single violation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from logins import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collected inside the page: every violation the browser reports, whatever the console shows.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("window.__violations || []")


def test_the_demo_pages_work_under_the_policy(live_server, browser, demo_data):
    from plantrack.indicators.models import Indicator
    from plantrack.reporting.models import DataValue
    from plantrack.reports.models import Report

    base = live_server.url
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(WATCH_VIOLATIONS)
    console: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    seen: dict[str, list[str]] = {}

    def visit(path: str) -> None:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        seen[path] = _violations(page)

    log_in(page, base, "planning_admin")
    indicator = (Indicator.objects.filter(source_row__isnull=False, values__state=DataValue.State.APPROVED)
                 .order_by("id").first())
    value = DataValue.objects.order_by("id").first()
    for path in ["/", "/dashboard/", "/plans/", "/indicators/", "/reporting/", "/reporting/rounds/",
                 f"/reporting/values/{value.pk}/history/", "/tasks/", "/projects/", "/orgs/", "/reports/",
                 "/assessment/warnings/", "/api/tokens/", "/api/docs"]:
        visit(path)

    # The indicator page: ECharts draws the series and the map, and its tooltip (HTML it writes itself) shows.
    visit(f"/dashboard/indicators/{indicator.pk}/")
    page.wait_for_selector("#series-chart[data-ready] canvas")
    page.wait_for_selector("#unit-map[data-ready] canvas")
    page.evaluate("() => echarts.getInstanceByDom(document.querySelector('#series-chart'))"
                  ".dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0})")
    page.wait_for_timeout(300)
    tooltip = page.evaluate("() => document.querySelector('#series-chart').innerText")
    assert tooltip.strip(), "the tooltip did not show"
    seen["indicator page, tooltip"] = _violations(page)

    # htmx: the commitments filter swaps rows in place.
    from plantrack.plans.models import PlanVersion

    version = PlanVersion.objects.order_by("-id").first()
    visit(f"/plans/{version.plan_id}/v{version.number}/commitments/")
    select = page.locator("form.filters select").first
    values = select.locator("option").evaluate_all("(os) => os.map(o => o.value)")
    select.select_option(next(v for v in values if v))
    page.wait_for_url("**/commitments/?*", timeout=15_000)  # htmx fetched the rows and pushed the address
    seen["commitments filter (htmx)"] = _violations(page)

    # A report: asked for on its page and made by the worker while the page polls, then opened as a stored document.
    page.goto(f"{base}/reports/")
    form = page.locator("main form.stacked")
    form.locator("input[name=as_of]").fill("2026-10")
    form.locator("input[name=formats][value=pdf]").uncheck()  # LibreOffice is not what this test is about
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/reports/*/")
    call_command("worker", batch=True, no_schedule=True, interval=0)  # the worker makes it; the page polls
    page.wait_for_function("() => !document.querySelector('[hx-trigger*=every]')", timeout=120_000)
    seen["report page"] = _violations(page)
    report = Report.objects.order_by("-id").first()
    assert report.state == Report.State.DONE, report.error
    document = page.goto(f"{base}/reports/{report.pk}/html/")
    assert "sandbox" in document.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    seen["stored report document"] = _violations(page)

    # A reviewer: the round filter submits on change and the select-all box ticks every figure (no inline JS).
    context.clear_cookies()
    log_in(page, base, "region_reviewer")
    visit("/reporting/review/")
    boxes = page.locator("input[name=value]")
    assert boxes.count() > 0  # the demo leaves figures of several 盟市 waiting for review
    page.check("input[data-check-all]")
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    with page.expect_navigation():
        page.select_option("select[name=round]", index=1)
    assert "round=" in page.url
    seen["review actions"] = _violations(page)

    context.close()
    assert {k: v for k, v in seen.items() if v} == {}
    assert console == [] and errors == []


def test_every_response_carries_the_policy(client, people, password):
    client.login(username="planning_admin", password=password)
    for path in ["/login/", "/", "/no-such-page/", "/api/openapi.json"]:
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in \
            policy.split("style-src-attr")[0], path
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
