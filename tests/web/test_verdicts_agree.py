"""One verdict per indicator, unit and as-of: the leader's dashboard, each indicator's page, the monthly briefing and
the mid-term evaluation for December 2028 read the same stored assessments, so they say the same status and the same
时序进度 for every main indicator of the demo."""

from __future__ import annotations

import re

import pytest

from plantrack.indicators.models import Indicator
from plantrack.orgs.models import User
from plantrack.reports.models import Report
from plantrack.reports.selectors import reportable_plans
from plantrack.reports.services import generate_report


@pytest.fixture
def demo(db, settings, request) -> None:
    settings.PLANTRACK_TODAY = "2029-01-15"  # the demo's world runs to the end of 2028
    request.getfixturevalue("demo_data")


def _snapshot(kind: str) -> dict:
    report = generate_report(user=None, plan=reportable_plans().get(), kind=kind, as_of="2028-12", formats=["html"])
    assert report.state == Report.State.DONE, report.error
    return report.snapshot


def _cards(html: str) -> dict[str, tuple[str, str]]:
    """{code: (status, 时序进度 as shown)} of the dashboard's cards."""
    cards = {}
    for match in re.finditer(
        r'<article class="indicator-card[^"]*" data-code="([^"]+)" data-status="([^"]+)">(.*?)</article>', html, re.S
    ):
        elapsed = re.search(r"<dt>时序进度</dt><dd>([^<]*)</dd>", match.group(3))
        cards[match.group(1)] = (match.group(2), elapsed.group(1).strip() if elapsed else "")
    return cards


def test_dashboard_indicator_pages_briefing_and_midterm_agree(client, demo):
    client.force_login(User.objects.get(username="region_leader"))
    cards = _cards(client.get("/").content.decode())
    main = {i.code: i for i in Indicator.objects.filter(is_active=True, source_row__isnull=False)}
    assert set(cards) == set(main) and len(main) == 21

    midterm = _snapshot("midterm")
    briefing = _snapshot("briefing")
    rows = {row["code"]: row for row in midterm["indicators"]}
    assert set(rows) == set(main)

    for code, indicator in main.items():
        status, elapsed = cards[code]
        row = rows[code]
        assert status == row["status"], code
        page = client.get(f"/dashboard/indicators/{indicator.pk}/").content.decode()
        shown = re.search(r'id="headline-status">([^<]+)<', page).group(1)
        assert shown == status, code
        if row["elapsed"] is not None:
            # One 时序进度: the plan's elapsed time at the end of 2028, 3/5, whatever the indicator's own baseline.
            assert row["elapsed"] == pytest.approx(0.6), code
            assert elapsed == "60%", code

    # The briefing for December carries the year's five-year verdicts: the mid-term's own counts and lagging list.
    five_year = briefing["five_year"]
    assert five_year["counts"] == midterm["counts"]
    assert [r["code"] for r in five_year["lagging"]] == midterm["lagging"]
    # The headline sentence of the home page counts the same statuses.
    home = client.get("/").content.decode()
    headline = re.search(r'id="overview-headline">(.*?)</p>', home, re.S).group(1)
    for count in midterm["counts"]:
        if count["count"]:
            assert f"{count['status']}{count['count']}项" in re.sub(r"<[^>]+>", "", headline).split("约束性")[0]
