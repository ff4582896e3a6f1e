"""What a page writes around its data in the reader's language: in English a label and its value are joined with
": ", clauses (reasons, issues, changes) with "; ", a note goes in " (…)", and an approximate figure reads "about 6%";
the Chinese page keeps "：", "；", "（…）" and "6%左右". The data (names, titles, quotations from the plan) stays as
entered, punctuation and all."""

from __future__ import annotations

import html as html_text
import re
from datetime import date

import pytest
from django.apps import apps
from django.db import models

from page_readers import read_page, reader
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.indicators.services import record_assigned_target
from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.projects.models import Project
from plantrack.reporting.models import DataValue, ReportingRound
from plantrack.tasks.models import Task

FULL_WIDTH = re.compile(r"[：；（），]")


@pytest.fixture
def demo(db, settings, request) -> None:
    settings.PLANTRACK_TODAY = "2029-01-15"  # the demo's world runs to the end of 2028 (as the lists' tests)
    request.getfixturevalue("demo_data")




def _text(fragment: str) -> str:
    fragment = re.sub(r"<(script|style|svg)\b.*?</\1>", "", fragment, flags=re.S)
    return html_text.unescape(re.sub(r"<[^>]+>", "", fragment))


def _stored_strings() -> list[str]:
    """Every stored text with full-width punctuation in it (names, titles, notes, quotations, stored explanations),
    longest first: what a page may show as it is."""
    found: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, str):
            if FULL_WIDTH.search(value):
                found.add(value.strip())
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(key)
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                for value in model.objects.values_list(field.attname, flat=True).distinct().iterator():
                    collect(value)
    return sorted(found, key=len, reverse=True)


def _shown_outside_data(html: str, data: list[str]) -> list[str]:
    """Each full-width mark left on the page once the stored texts are taken out, with the words around it."""
    text = _text(html)
    for stored in data:
        text = text.replace(stored, "")
    return [text[max(0, m.start() - 40):m.end() + 20] for m in FULL_WIDTH.finditer(text)]


class TestMainPagesInEnglish:
    def test_no_full_width_punctuation_is_written_around_the_data(self, demo):
        indicator = Indicator.objects.filter(is_active=True).order_by("code").first()
        plan = Plan.objects.order_by("pk").first()
        task = Task.objects.filter(lead_unit__code="150600").order_by("pk").first()
        project = Project.objects.filter(blockers__isnull=False).order_by("pk").first()
        last_round = ReportingRound.objects.get(period="2028M12")
        value = DataValue.objects.filter(approved_value__isnull=False).order_by("pk").first()
        pages = {
            "planning_admin": [
                "/", f"/dashboard/indicators/{indicator.pk}/", "/indicators/", f"/indicators/{indicator.pk}/",
                f"/indicators/{indicator.pk}/assigned-targets/", "/plans/", f"/plans/{plan.pk}/", "/tasks/",
                f"/tasks/{task.pk}/", "/tasks/supervision/", "/projects/", f"/projects/{project.pk}/",
                "/projects/review/", "/reporting/", "/reporting/rounds/",
                f"/reporting/rounds/{last_round.pk}/completeness/", "/reporting/review/",
                f"/reporting/values/{value.pk}/history/", "/assessment/warnings/", "/reports/"],
            "region_leader": ["/", "/dashboard/"],
            "ordos_clerk": ["/", "/tasks/unit/150600/", "/reporting/"],
        }
        data = _stored_strings()
        left = {}
        for username, urls in pages.items():
            client = reader(username, "en")
            for url in urls:
                if marks := _shown_outside_data(read_page(client, url), data):
                    left[(username, url)] = marks
        assert left == {}


class TestLabelsAndValues:
    def test_a_league_s_tally_on_the_leader_sread_page(self, demo):
        def tally(language: str) -> str:
            html = read_page(reader("region_leader", language), "/")
            return _text(re.search(r'<li data-code="150100">(.*?)</li>', html, re.S).group(1))

        assert re.fullmatch(r"呼和浩特市: (\w[\w ]*: \d+, )*\w[\w ]*: \d+", tally("en")), tally("en")
        assert re.fullmatch(r"呼和浩特市：(\w+\d+项、)*\w+\d+项", tally("zh-hans")), tally("zh-hans")


class TestClauses:
    def test_a_task_s_change_history(self, demo):
        task = Task.objects.filter(lead_unit__code="150600").order_by("pk").first()

        def assigned(language: str) -> str:
            trail = re.search(r'<table id="changes">(.*?)</table>', read_page(reader("planning_admin", language),
                                                                           f"/tasks/{task.pk}/"), re.S).group(1)
            contents = [_text(re.findall(r"<td>(.*?)</td>", row, re.S)[-1])
                        for row in re.findall(r"<tr data-action=[^>]*>(.*?)</tr>", trail, re.S)]
            return next(text for text in contents if f"→ {task.deadline_text}" in text)

        assert assigned("en") == f"Lead unit: — → 150600; Due by: — → {task.deadline_text}"
        assert assigned("zh-hans") == f"牵头单位：— → 150600；完成时限：— → {task.deadline_text}"

    def test_a_lagging_project_s_reasons_in_the_monthly_review(self, demo):
        project = Project.objects.get(name="东胜区绿氢制备示范项目")
        assert project.status == Project.Status.PREPARING and project.actual_start is None
        Project.objects.filter(pk=project.pk).update(planned_start=date(2028, 3, 1))  # due to start, not started

        def reasons(language: str) -> str:
            html = read_page(reader("region_leader", language), "/projects/review/?lag=0.99")
            row = re.search(rf"<tr><td>{project.name}</td>(.*?)</tr>", html, re.S).group(1)
            return _text(re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[6])

        assert reasons("en") == "rate below 99.0%; planned to start on 2028-03-01, not started"
        assert reasons("zh-hans") == "完成率低于99.0%；计划2028-03-01开工，尚未开工"


class TestNotesInBrackets:
    def test_the_current_version_of_a_plan(self, demo):
        def versions(language: str) -> str:
            html = read_page(reader("planning_admin", language), "/plans/")
            return _text(re.search(r'<td>(<a href="/plans/\d+/v\d+/">.*?)</td>', html, re.S).group(1))

        assert versions("en") == "Version 1 (current)"
        assert versions("zh-hans") == "第1版（当前）"

    def test_a_round_s_period_and_deadline(self, demo):
        last_round = ReportingRound.objects.get(period="2028M12")
        url = f"/reporting/rounds/{last_round.pk}/completeness/"
        deadline = f"{last_round.deadline:%Y-%m-%d}"

        def heading(language: str) -> str:
            page = read_page(reader("planning_admin", language), url)
            return _text(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))

        assert heading("en") == f"Reporting progress: {last_round.title} (December 2028, deadline {deadline})"
        assert heading("zh-hans") == f"填报进度：{last_round.title} （2028年12月，截止 {deadline}）"


class TestApproximateFigures:
    def test_an_assigned_target_of_about_a_figure(self, demo):
        earlier = AssignedTarget.objects.order_by("indicator_id", "year").first()
        indicator = earlier.indicator
        record_assigned_target(user=User.objects.get(username="planning_admin"), indicator=indicator,
                               unit=earlier.unit, year=earlier.year + 1, value="3.2", comparator="~",
                               document_number="发改〔2029〕1号", document_title="年度目标",
                               document_date=date(2029, 1, 5))
        url = f"/indicators/{indicator.pk}/assigned-targets/"

        def shown(language: str) -> str:
            html = read_page(reader("planning_admin", language), url)
            row = re.search(rf'<tr id="assigned-{earlier.year + 1}-{earlier.unit.code}">(.*?)</tr>', html, re.S)
            return _text(re.findall(r"<td>(.*?)</td>", row.group(1), re.S)[2])

        assert shown("en") == f"about 3.2{indicator.unit}"
        assert shown("zh-hans") == f"3.2{indicator.unit}左右"
