"""Warnings and their explanations (预警说明) on the entry form: a draft saves with a warning still to explain, a
submission needs every explanation, a corrected figure does not inherit the old figure's explanation, and the
explanations are kept in the value's history (shown with its states in words)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from api.world import PASSWORD, build_world, put_value
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, DataValue, DataValueChange
from plantrack.reporting.services import enter_values, return_values

pytestmark = pytest.mark.django_db
OUTLIER = "较上期增长340%"  # jobs: 1.0 in September, 4.4 in October


@pytest.fixture
def world():
    w = build_world()
    put_value(w, indicator=w.jobs, unit=w.ordos, period="2026M9", value="1.0", state=DataValue.State.APPROVED)
    put_value(w, indicator=w.gdp, unit=w.ordos, period="2026M9", value="3000", state=DataValue.State.APPROVED)
    return w


def login(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def post(w, client, *, gdp="", jobs="", action="save", explanation=None):
    revisions = {v.indicator_id: v.revision for v in DataValue.objects.filter(unit=w.ordos, period="2026M10")}
    data = {"action": action}
    for indicator, value in ((w.gdp, gdp), (w.jobs, jobs)):
        data[f"i{indicator.pk}-value"] = value
        data[f"i{indicator.pk}-revision"] = revisions.get(indicator.pk, 0)
        data[f"i{indicator.pk}-comment"] = ""
    if explanation is not None:
        data[f"i{w.jobs.pk}-explanation"] = explanation
    return client.post(f"/reporting/form/{w.round.pk}/{w.ordos.code}/", data)


def october(w, indicator) -> DataValue:
    return DataValue.objects.get(indicator=indicator, unit=w.ordos, period="2026M10")


class TestDraftsWithWarnings:
    def test_a_draft_saves_every_row_and_asks_for_the_explanation(self, world):
        response = post(world, login("ordos_clerk"), gdp="3300", jobs="4.4")
        html = response.content.decode()
        assert response.status_code == 200
        assert "草稿已保存" in html and "提交前请填写预警说明" in html and OUTLIER in html
        assert f'name="i{world.jobs.pk}-explanation"' in html
        assert october(world, world.gdp).state == october(world, world.jobs).state == DataValue.State.DRAFT
        # The form shows the saved revisions, so the next post is not taken for someone else's change.
        assert f'name="i{world.jobs.pk}-revision" value="{october(world, world.jobs).revision}"' in html

    def test_submitting_needs_the_explanation_even_for_a_saved_draft(self, world):
        clerk = login("ordos_clerk")
        post(world, clerk, gdp="3300", jobs="4.4")
        response = post(world, clerk, gdp="3300", jobs="4.4", action="submit")
        assert response.status_code == 400 and OUTLIER in response.content.decode()
        assert october(world, world.jobs).state == october(world, world.gdp).state == DataValue.State.DRAFT
        explained = post(world, clerk, gdp="3300", jobs="4.4", action="submit", explanation="重大项目集中招工")
        assert explained.status_code == 302
        assert october(world, world.jobs).state == DataValue.State.SUBMITTED
        assert october(world, world.jobs).explanation == "重大项目集中招工"

    def test_the_service_rechecks_a_draft_handed_in_unchanged(self, world):
        row = ValueInput(indicator_code=world.jobs.code, unit_code="150600", period="2026M10", value="4.4",
                         where="第1行")
        enter_values(user=world.ordos_clerk, plan=world.plan, inputs=[row], channel=Channel.API)
        with pytest.raises(ValuesRejected) as refused:
            enter_values(user=world.ordos_clerk, plan=world.plan, inputs=[row], channel=Channel.API, submit=True)
        assert refused.value.unexplained_warnings
        assert october(world, world.jobs).state == DataValue.State.DRAFT


class TestCorrectedFigures:
    def test_a_corrected_figure_does_not_keep_the_old_explanation(self, world):
        clerk = login("ordos_clerk")
        post(world, clerk, jobs="4.4", action="submit", explanation="重大项目集中招工")
        return_values(user=world.ordos_reviewer, value_ids=[october(world, world.jobs).pk], reason="口径有误")
        form = clerk.get(f"/reporting/form/{world.round.pk}/{world.ordos.code}/").content.decode()
        assert "重大项目集中招工" in form and "口径有误" in form  # the form shows what was there
        # The clerk corrects the figure; the old explanation is sent back as the form showed it.
        response = post(world, clerk, jobs="1.1", action="submit", explanation="重大项目集中招工")
        assert response.status_code == 302
        value = october(world, world.jobs)
        assert value.state == DataValue.State.SUBMITTED and value.explanation == ""
        queue = login("ordos_reviewer").get("/reporting/review/").content.decode()
        assert "1.1" in queue and "重大项目集中招工" not in queue

    def test_a_corrected_figure_that_still_jumps_needs_a_new_explanation(self, world):
        clerk = login("ordos_clerk")
        post(world, clerk, jobs="4.4", action="submit", explanation="重大项目集中招工")
        return_values(user=world.ordos_reviewer, value_ids=[october(world, world.jobs).pk], reason="请核实")
        response = post(world, clerk, jobs="4.6", action="submit", explanation="重大项目集中招工")
        assert response.status_code == 400 and "较上期增长360%" in response.content.decode()
        assert october(world, world.jobs).value == Decimal("4.4")

    def test_an_unchanged_figure_keeps_its_explanation(self, world):
        clerk = login("ordos_clerk")
        post(world, clerk, jobs="4.4", explanation="重大项目集中招工")
        assert post(world, clerk, jobs="4.4", action="submit", explanation="重大项目集中招工").status_code == 302
        assert october(world, world.jobs).explanation == "重大项目集中招工"


class TestHistory:
    def test_history_keeps_explanations_and_shows_states_in_words(self, world):
        clerk = login("ordos_clerk")
        post(world, clerk, jobs="4.4", action="submit", explanation="重大项目集中招工")
        value = october(world, world.jobs)
        return_values(user=world.ordos_reviewer, value_ids=[value.pk], reason="请核实")
        post(world, clerk, jobs="4.5", action="submit", explanation="招工数据更新")
        rows = list(DataValueChange.objects.filter(data_value=value).values_list("action", "explanation"))
        assert rows == [("enter", "重大项目集中招工"), ("return", ""), ("change", "招工数据更新")]
        html = clerk.get(f"/reporting/values/{value.pk}/history/").content.decode()
        assert "— → 已提交" in html and "已提交 → 已退回" in html and "已退回 → 已提交" in html
        assert "submitted" not in html.split('id="history"')[1]
        assert "预警说明：招工数据更新" in html and "预警说明：重大项目集中招工" in html


class TestUploadsOfDrafts:
    def test_a_bulk_file_of_drafts_is_saved_and_says_what_is_left_to_explain(self, world, tmp_path):
        path = tmp_path / "values.csv"
        path.write_text("indicator_code,unit_code,period,value\n12,150600,2026M10,4.4\n1,150600,2026M10,3300\n",
                        encoding="utf-8")
        client = login("admin")
        with open(path, "rb") as fh:
            preview = client.post("/reporting/bulk/", {"file": fh})
        response = client.post("/reporting/bulk/", {"token": preview.context["token"], "confirm": "1",
                                                     **preview.context["hidden"]})
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "有1项预警尚未说明" in page and OUTLIER in page
        assert set(DataValue.objects.filter(period="2026M10").values_list("state", flat=True)) == {"draft"}


class TestSubmittingByIds:
    """`POST /api/values/submit` and `submit_values` hold the same rule as the form: explained warnings only."""

    def test_a_draft_with_an_unexplained_warning_is_not_submitted_and_changes_nothing(self, world):
        post(world, login("ordos_clerk"), gdp="3300", jobs="4.4")
        jobs = october(world, world.jobs)
        from plantrack.api.tokens import create_api_token
        from plantrack.reporting.services import submit_values

        token = create_api_token(user=world.ordos_clerk, name="submit")[1]
        response = Client().post("/api/values/submit", {"value_ids": [jobs.pk]}, content_type="application/json",
                                 headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 400 and OUTLIER in response.json()["detail"]

        with pytest.raises(ValuesRejected) as refused:
            submit_values(user=world.ordos_clerk, value_ids=[jobs.pk, october(world, world.gdp).pk])
        assert [OUTLIER in f.message for f in refused.value.unexplained_warnings] == [True]
        assert october(world, world.jobs).state == october(world, world.gdp).state == DataValue.State.DRAFT

    def test_once_explained_it_is_submitted(self, world):
        post(world, login("ordos_clerk"), gdp="3300", jobs="4.4", explanation="新增重点项目集中招工")
        from plantrack.reporting.services import submit_values

        ids = [october(world, world.jobs).pk, october(world, world.gdp).pk]
        assert submit_values(user=world.ordos_clerk, value_ids=ids) == 2
        assert october(world, world.jobs).state == DataValue.State.SUBMITTED
