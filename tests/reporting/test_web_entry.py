"""The entry form (数据填报) for a unit and round: scope, drafts, submission, errors beside fields, warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from api.world import PASSWORD, build_world, put_value
from plantrack.orgs.models import AccessDenial
from plantrack.reporting.models import DataValue, DataValueChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    put_value(w, indicator=w.jobs, unit=w.ordos, period="2026M9", value="1.0", state=DataValue.State.APPROVED)
    put_value(w, indicator=w.jobs, unit=w.ordos, period="2025M10", value="0.9", state=DataValue.State.APPROVED)
    put_value(w, indicator=w.gdp, unit=w.ordos, period="2026M9", value="3000", state=DataValue.State.APPROVED)
    return w


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def form_url(w, unit) -> str:
    return f"/reporting/form/{w.round.pk}/{unit.code}/"


def post(w, client, unit, *, gdp="", jobs="", action="save", revisions=(0, 0), **extra):
    data = {
        "action": action,
        f"i{w.gdp.pk}-value": gdp, f"i{w.gdp.pk}-revision": revisions[0], f"i{w.gdp.pk}-comment": "",
        f"i{w.jobs.pk}-value": jobs, f"i{w.jobs.pk}-revision": revisions[1], f"i{w.jobs.pk}-comment": "",
    }
    data.update(extra)
    return client.post(form_url(w, unit), data)


class TestEntryFormPage:
    def test_clerk_sees_fields_with_last_period_and_last_year(self, world):
        response = login("ordos_clerk").get(form_url(world, world.ordos))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'inputmode="decimal"' in html
        assert "城镇新增就业" in html and "地区生产总值" in html
        assert "2026年9月" in html and "2025年10月" in html
        row = html[html.index(f'id="row-{world.jobs.code}"'):]
        row = row[: row.index("</tr>")]
        assert ">1<" in row and ">0.9<" in row
        assert html.index('value="save"') < html.index('value="submit"'), "Enter must press 保存草稿"

    def test_clerk_of_ordos_cannot_open_baotous_form(self, world):
        response = login("ordos_clerk").get(form_url(world, world.baotou))
        assert response.status_code == 403
        assert AccessDenial.objects.filter(user=world.ordos_clerk, unit=world.baotou).exists()

    def test_write_outside_scope_is_refused_logged_and_writes_nothing(self, world):
        response = post(world, login("ordos_clerk"), world.baotou, gdp="2900")
        assert response.status_code == 403
        assert not DataValue.objects.filter(unit=world.baotou).exists()
        assert AccessDenial.objects.filter(user=world.ordos_clerk, unit=world.baotou).exists()

    def test_supervisor_reads_but_cannot_enter(self, world):
        client = login("supervisor")
        response = client.get(form_url(world, world.baotou))
        assert response.status_code == 200
        assert "保存草稿" not in response.content.decode()
        assert post(world, client, world.baotou, gdp="2900").status_code == 403


class TestSavingAndSubmitting:
    def test_save_draft_writes_values_and_history(self, world):
        response = post(world, login("ordos_clerk"), world.ordos, gdp="3300.5", jobs="1.1")
        assert response.status_code == 302
        gdp = DataValue.objects.get(indicator=world.gdp, unit=world.ordos, period="2026M10")
        assert gdp.value == Decimal("3300.5") and gdp.state == DataValue.State.DRAFT and gdp.channel == "form"
        assert gdp.round_id == world.round.pk
        change = DataValueChange.objects.get(data_value=gdp)
        assert change.user == world.ordos_clerk and change.action == "enter"

    def test_submit_sends_values_to_review(self, world):
        response = post(world, login("ordos_clerk"), world.ordos, gdp="3300", jobs="1.1", action="submit")
        assert response.status_code == 302
        states = set(DataValue.objects.filter(unit=world.ordos, period="2026M10").values_list("state", flat=True))
        assert states == {DataValue.State.SUBMITTED}

    def test_text_in_a_number_field_is_shown_beside_it_and_nothing_is_saved(self, world):
        response = post(world, login("ordos_clerk"), world.ordos, gdp="3300", jobs="12,3")
        assert response.status_code == 400
        html = response.content.decode()
        row = html[html.index(f'id="row-{world.jobs.code}"'):]
        row = row[: row.index("</tr>")]
        assert "12,3" in row and 'class="error"' in row and 'aria-invalid="true"' in row
        gdp_row = html[html.index(f'id="row-{world.gdp.code}"'):]
        assert 'value="3300"' in gdp_row[: gdp_row.index("</tr>")], "what was typed is kept"
        assert not DataValue.objects.filter(unit=world.ordos, period="2026M10").exists()

    def test_warning_asks_for_an_explanation_then_accepts_it(self, world):
        client = login("ordos_clerk")
        response = post(world, client, world.ordos, gdp="3300", jobs="4.4", action="submit")
        assert response.status_code == 400
        html = response.content.decode()
        assert "340%" in html
        assert f'name="i{world.jobs.pk}-explanation"' in html
        assert not DataValue.objects.filter(unit=world.ordos, period="2026M10").exists()
        response = post(world, client, world.ordos, gdp="3300", jobs="4.4", action="submit",
                        **{f"i{world.jobs.pk}-explanation": "新开工重大项目集中招工"})
        assert response.status_code == 302
        jobs = DataValue.objects.get(indicator=world.jobs, unit=world.ordos, period="2026M10")
        assert jobs.state == DataValue.State.SUBMITTED and jobs.explanation == "新开工重大项目集中招工"

    def test_stale_revision_is_refused_with_a_clear_message(self, world):
        client = login("ordos_clerk")
        post(world, client, world.ordos, gdp="3300")
        response = post(world, client, world.ordos, gdp="3400", revisions=(0, 0))
        assert response.status_code == 409
        assert "有人先于您修改了数据" in response.content.decode()
        assert DataValue.objects.get(indicator=world.gdp, unit=world.ordos, period="2026M10").value == Decimal("3300")


class TestMyReportingPage:
    def test_clerk_sees_own_units_in_the_open_round_only(self, world):
        html = login("ordos_clerk").get("/reporting/").content.decode()
        assert f"/reporting/form/{world.round.pk}/150600/" in html
        assert f"/reporting/template/150600/{world.round.pk}/" in html
        assert "/150200/" not in html

    def test_admin_sees_every_reporting_unit(self, world):
        html = login("admin").get("/reporting/").content.decode()
        for code in ("150600", "150200"):
            assert f"/reporting/form/{world.round.pk}/{code}/" in html


class TestCorrectingApprovedValues:
    def test_an_approved_value_is_locked_unless_corrected_and_the_old_figure_stays_official(self, world):
        client = login("ordos_clerk")
        post(world, client, world.ordos, jobs="1.1", action="submit")
        jobs = DataValue.objects.get(indicator=world.jobs, unit=world.ordos, period="2026M10")
        reviewer = login("ordos_reviewer")
        reviewer.post("/reporting/review/", {"action": "approve", "value": [jobs.pk], f"rev-{jobs.pk}": jobs.revision})
        jobs.refresh_from_db()
        assert jobs.state == DataValue.State.APPROVED
        response = post(world, client, world.ordos, jobs="1.2", revisions=(0, jobs.revision))
        assert response.status_code == 400 and "已审核锁定" in response.content.decode()
        response = post(world, client, world.ordos, jobs="1.2", revisions=(0, jobs.revision), correction="1")
        assert response.status_code == 302
        jobs.refresh_from_db()
        assert jobs.value == Decimal("1.2") and jobs.approved_value == Decimal("1.1")
        assert jobs.state == DataValue.State.DRAFT
