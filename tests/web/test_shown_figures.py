"""Every page that shows an amount or a percentage writes it through the one figure filter: a project of 50,000 万元
shows 50000, never 5E+4 or 50000.000000; a finished task shows 100%, never 1E+2% or 100.00%. And every page that
depends on the date follows the one clock (PLANTRACK_TODAY).

What these pages would show otherwise, checked on Django 5.2: a raw Decimal keeps its storage scale (50000.000000,
100.00%); `.normalize` gives 5E+4, which Django's localisation happens to write out as 50000 on a page but which
shows as 5E+4 wherever localisation is off (`|unlocalize`, `{% localize off %}`, `|stringformat`). The template
check (tools/check_templates.py) forbids both; these tests render the pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from plantrack.indicators.annual_targets import set_annual_target
from plantrack.indicators.models import Indicator
from plantrack.plans.demo import DEMO_PLAN_PATH
from plantrack.plans.importing import import_plan
from plantrack.plans.models import PlanNode
from plantrack.projects.checklist import ensure_default_procedures
from plantrack.projects.services import ProjectFields, record_dispatch, save_project
from plantrack.reporting.models import ReportingRound
from plantrack.tasks.services import create_task, report_progress, task_fields

FIFTY_THOUSAND = Decimal("50000")
# What `.normalize` or a raw Decimal would have shown: 5E+4, 1E+2, 50000.000000, 100.00.
EXPONENT = re.compile(r"\d(?:\.\d+)?E[+-]\d")


@pytest.fixture(scope="module")
def plan_import(django_db_setup, django_db_blocker):
    """The demo plan imported once per module and committed; each test's own writes are rolled back around it."""
    with django_db_blocker.unblock():
        result = import_plan(path=DEMO_PLAN_PATH, region="数字显示测试区")
    yield result
    with django_db_blocker.unblock():
        result.plan.delete()


@pytest.fixture
def shown(db, plan_import, people, tree) -> SimpleNamespace:
    """An investment indicator of 50,000 万元 (baseline, target, an annual target, a commitment), a project of
    50,000 万元 serving it, and a task serving it that its lead unit reported finished (100%)."""
    ensure_default_procedures()
    plan, version = plan_import.plan, plan_import.version
    section = version.nodes.filter(kind=PlanNode.Kind.SECTION).order_by("order").first()
    chapter = version.nodes.get(kind=PlanNode.Kind.CHAPTER, number=section.chapter_number)
    indicator = Indicator.objects.create(
        plan=plan, code="T50", name="重大项目完成投资", unit="万元", target_type=Indicator.TargetType.LEVEL,
        baseline_year=2025, baseline_value=Decimal("40000.000000"), target_year=2030,
        target_value=Decimal("50000.000000"), comparator=">=")
    set_annual_target(indicator=indicator, unit=tree["150000"], year=2027, comparator=">=", value=FIFTY_THOUSAND,
                      user=people.admin)
    commitment = version.commitments.order_by("pk").first()
    commitment.value = FIFTY_THOUSAND
    commitment.save(update_fields=["value"])
    project, _changed = save_project(user=people.admin, fields=ProjectFields(
        name="库布其光伏治沙项目", region=tree["150600"], total_investment_wan=FIFTY_THOUSAND,
        annual_plan_wan=FIFTY_THOUSAND, plan_year=2027, completed_wan=FIFTY_THOUSAND, node=section))
    project.indicators.add(indicator)
    record_dispatch(user=people.admin, project=project, week="2027-W14", progress="主体完工",
                    completed_wan=FIFTY_THOUSAND)
    task = create_task(user=people.admin, plan=plan, fields=task_fields(
        plan=plan, title="建成库布其光伏治沙基地", lead_unit=tree["150600"], supporting_units=[],
        deadline="2027年底", node=section, indicators=[indicator], report_frequency="Q"))
    report_progress(user=people.ordos_clerk, task=task, unit=tree["150600"], period="2027Q2", text="全部建成",
                    percent="100")
    return SimpleNamespace(plan=plan, version=version, chapter=chapter, indicator=indicator, project=project,
                           task=task, **vars(people))


def _page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _cell_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)]


class TestShownFigures:
    def test_every_page_with_the_project_shows_50000(self, client, shown):
        pages = {
            "ledger": reverse("projects:index"),
            "project": reverse("projects:detail", args=[shown.project.pk]),
            "indicator": reverse("indicators:detail", args=[shown.indicator.pk]),
        }
        for name, url in pages.items():
            html = _page(client, shown.admin, url)
            assert not EXPONENT.search(html), name
            assert "50000" in html, name
            assert "50000.0" not in html, name

    def test_the_project_page_shows_each_amount_plainly(self, client, shown):
        html = _page(client, shown.admin, reverse("projects:detail", args=[shown.project.pk]))
        facts = dict(zip(re.findall(r"<dt>(.*?)</dt>", html), re.findall(r"<dd[^>]*>(.*?)</dd>", html), strict=True))
        for fact in ("总投资（万元）", "年度计划投资（万元）", "累计完成投资（万元）"):
            assert facts[fact].strip() == "50000", fact
        assert "50000" in _cell_texts(html)  # the dispatch's and the month's completed investment

    def test_every_page_with_the_finished_task_shows_100_percent(self, client, shown):
        shown.task.refresh_from_db()
        assert shown.task.progress == 100
        pages = {
            "chapter": reverse("plans:chapter", args=[shown.plan.pk, shown.version.number, shown.chapter.number]),
            "indicator": reverse("indicators:detail", args=[shown.indicator.pk]),
            "task": reverse("tasks:detail", args=[shown.task.pk]),
            "unit tasks": reverse("tasks:unit", args=["150600"]),
        }
        for name, url in pages.items():
            html = _page(client, shown.admin, url)
            assert not EXPONENT.search(html), name
            assert "100%" in _cell_texts(html) or '<span id="task-progress">100%</span>' in html, name
            assert "100.00%" not in html, name

    def test_targets_baselines_and_commitments_are_written_plainly(self, client, shown):
        indicator_page = _page(client, shown.admin, reverse("indicators:detail", args=[shown.indicator.pk]))
        assert "40000" in indicator_page and "≥50000" in indicator_page
        registry = _page(client, shown.admin, reverse("indicators:index"))
        assert "≥50000 (2030)" in registry and not EXPONENT.search(registry)
        commitments = _page(client, shown.admin, reverse("indicators:commitments"))
        assert " 50000" in commitments and not EXPONENT.search(commitments)
        plan_commitments = _page(client, shown.admin,
                                 reverse("plans:commitments", args=[shown.plan.pk, shown.version.number]))
        assert not EXPONENT.search(plan_commitments)


class TestPagesFollowTheOneClock:
    """PLANTRACK_TODAY moves every page whose content depends on the date."""

    @pytest.fixture
    def late_task(self, shown, tree):
        return create_task(user=shown.admin, plan=shown.plan, fields=task_fields(
            plan=shown.plan, title="完成沿黄生态廊道建设", lead_unit=tree["150600"], supporting_units=[],
            deadline="2027年底", node=None, indicators=[], report_frequency="Q"))

    @pytest.mark.parametrize(("today", "state"), [("2027-06-01", "not_started"), ("2028-01-15", "overdue")])
    def test_task_pages_judge_overdue_by_the_clock(self, client, settings, shown, late_task, today, state):
        settings.PLANTRACK_TODAY = today
        badge = f'data-state="{state}"'
        assert badge in _page(client, shown.admin, reverse("tasks:detail", args=[late_task.pk]))
        unit_page = _page(client, shown.admin, reverse("tasks:unit", args=["150600"]))
        row = re.search(rf'<tr data-task="{late_task.pk}">.*?</tr>', unit_page, re.S).group(0)
        assert badge in row
        index = _page(client, shown.admin, reverse("tasks:index"))
        assert ('?state=overdue"' in index) is (state == "overdue")  # the office's count of overdue tasks

    @pytest.mark.parametrize(("today", "late"), [("2028-01-15", False), ("2028-03-01", True)])
    def test_completeness_marks_a_round_late_by_the_clock(self, client, settings, shown, tree, today, late):
        settings.PLANTRACK_TODAY = today
        shown.indicator.reporting_units.set([tree["150600"]])
        rnd = ReportingRound.objects.create(plan=shown.plan, period="2027", title="2027年报",
                                            deadline=dt.date(2028, 1, 31))
        html = _page(client, shown.admin, reverse("reporting:completeness", args=[rnd.pk]))
        row = re.search(r'<tr data-unit="150600"[^>]*>', html).group(0)
        assert (" late" in row) is late

    @pytest.mark.parametrize(("today", "week"), [("2027-04-07", "2027-W14"), ("2029-11-20", "2029-W47")])
    def test_project_pages_take_this_week_from_the_clock(self, client, settings, shown, today, week):
        settings.PLANTRACK_TODAY = today
        assert f'value="{week}"' in _page(client, shown.admin, reverse("projects:detail", args=[shown.project.pk]))
        assert week in _page(client, shown.admin, reverse("projects:index"))

    @pytest.mark.parametrize(("today", "quarter"), [("2027-05-10", "2027Q2"), ("2029-11-20", "2029Q4")])
    def test_the_progress_form_offers_the_clocks_quarter(self, client, settings, shown, late_task, today, quarter):
        settings.PLANTRACK_TODAY = today
        html = _page(client, shown.ordos_clerk, reverse("tasks:detail", args=[late_task.pk]))
        assert f'value="{quarter}"' in html
