"""Values through the API: scope for each named person, batches through enter_values, review actions, rounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.world import put_value
from plantrack.orgs.models import AccessDenial
from plantrack.reporting.models import DataValue, DataValueChange, ReportingRound

pytestmark = pytest.mark.django_db


def entry(unit: str, indicator: str, value, period: str = "2026M10", **extra) -> dict:
    return {"indicator": indicator, "unit": unit, "period": period, "value": value, **extra}


class TestReadingScope:
    @pytest.fixture
    def stored(self, world):
        put_value(world, indicator=world.gdp, unit=world.ordos, period="2026M10", value="3300.5")
        put_value(world, indicator=world.gdp, unit=world.ordos, period="2026M9", value="3000")
        put_value(world, indicator=world.gdp, unit=world.baotou, period="2026M10", value="2800")
        return world

    def test_clerk_reads_own_unit_by_period_and_year(self, stored, as_user):
        api = as_user("ordos_clerk")
        rows = api.get("/api/values", unit="150600", period="2026M10").json()
        assert [(r["indicator"], r["value"]) for r in rows] == [("1", "3300.5")]
        rows = api.get("/api/values", unit="150600", year=2026).json()
        assert sorted(r["period"] for r in rows) == ["2026M10", "2026M9"]

    def test_clerk_of_ordos_cannot_read_baotou(self, stored, as_user):
        response = as_user("ordos_clerk").get("/api/values", unit="150200", year=2026)
        assert response.status_code == 403
        assert AccessDenial.objects.filter(user=stored.ordos_clerk, unit=stored.baotou).exists()
        baotou_value = DataValue.objects.get(unit=stored.baotou)
        assert as_user("ordos_clerk").get(f"/api/values/{baotou_value.pk}").status_code == 403

    def test_clerk_of_baotou_cannot_read_ordos(self, stored, as_user):
        assert as_user("baotou_clerk").get("/api/values", unit="150600", period="2026M10").status_code == 403
        assert as_user("baotou_clerk").get("/api/values", unit="150200", period="2026M10").status_code == 200

    def test_supervisor_and_admin_read_everything(self, stored, as_user):
        for who in ("supervisor", "admin"):
            assert len(as_user(who).get("/api/values", unit="150200", year=2026).json()) == 1

    def test_period_or_year_must_be_given_once(self, stored, as_user):
        api = as_user("admin")
        assert api.get("/api/values", unit="150600").status_code == 400
        assert api.get("/api/values", unit="150600", period="2026M13").status_code == 400

    def test_history_of_a_value(self, world, as_user):
        api = as_user("ordos_clerk")
        vid = api.post("/api/values", {"values": [entry("150600", "1", "3300")]}).json()["value_ids"][0]
        rows = as_user("supervisor").get(f"/api/values/{vid}/history").json()
        assert [(r["action"], r["user"], r["channel"], r["new_value"]) for r in rows] == [
            ("enter", "ordos_clerk", "api", "3300")]
        assert as_user("baotou_clerk").get(f"/api/values/{vid}/history").status_code == 403


class TestEnteringValues:
    def test_clerk_enters_a_batch_as_drafts_through_the_api_channel(self, world, as_user):
        response = as_user("ordos_clerk").post("/api/values", {
            "round": world.round.pk,
            "values": [entry("150600", "1", "3300.25"), entry("150602", "12", 0.4, measure_unit="万人")],
        })
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["created"] == 2 and len(body["value_ids"]) == 2
        stored = DataValue.objects.get(unit=world.ordos, indicator=world.gdp)
        assert stored.value == Decimal("3300.25") and stored.channel == "api" and stored.state == "draft"

    def test_write_outside_scope_is_403_and_nothing_is_written(self, world, as_user):
        response = as_user("ordos_clerk").post("/api/values", {
            "values": [entry("150600", "1", "3300"), entry("150200", "1", "2800")]})
        assert response.status_code == 403
        assert not DataValue.objects.exists()
        assert AccessDenial.objects.filter(user=world.ordos_clerk, unit=world.baotou).exists()

    def test_every_bad_row_is_reported_and_nothing_is_written(self, world, as_user):
        response = as_user("admin").post("/api/values", {"values": [
            entry("150600", "1", "3300"),
            entry("150600", "12", "约5%"),
            entry("150200", "99", "1"),
            entry("150200", "1", "2800", measure_unit="万元"),
            entry("150200", "12", "1", period="2035M1"),
        ]})
        assert response.status_code == 400
        body = response.json()
        found = {(f["where"].split()[0], f["code"]) for f in body["findings"]}
        assert {("values[1]", "not_a_number"), ("values[2]", "unknown_indicator"), ("values[3]", "unit_mismatch"),
                ("values[4]", "period_outside_plan")} <= found
        assert all(f["severity"] == "error" for f in body["findings"])
        assert not DataValue.objects.exists()

    def test_a_warning_needs_an_explanation(self, world, as_user):
        put_value(world, indicator=world.jobs, unit=world.ordos, period="2026M9", value="1", state="approved")
        api = as_user("ordos_clerk")
        response = api.post("/api/values", {"submit": True, "values": [entry("150600", "12", "4.4")]})
        assert response.status_code == 400
        [finding] = response.json()["findings"]
        assert finding["severity"] == "warning" and "340%" in finding["message"]
        assert not DataValue.objects.filter(period="2026M10").exists()
        response = api.post("/api/values", {"submit": True, "values": [
            entry("150600", "12", "4.4", explanation="重大项目集中招工")]})
        assert response.status_code == 200
        assert response.json()["warnings"][0]["message"] == finding["message"]
        assert DataValue.objects.get(period="2026M10").state == "submitted"

    def test_a_stale_expected_revision_is_409(self, world, as_user):
        api = as_user("ordos_clerk")
        api.post("/api/values", {"values": [entry("150600", "1", "3300", expected_revision=0)]})
        response = api.post("/api/values", {"values": [entry("150600", "1", "3400", expected_revision=0)]})
        assert response.status_code == 409
        assert DataValue.objects.get().value == Decimal("3300")


class TestReviewActions:
    @pytest.fixture
    def submitted(self, world, as_user):
        body = as_user("ordos_clerk").post("/api/values", {"submit": True, "values": [
            entry("150600", "1", "3300"), entry("150600", "12", "1.1")]}).json()
        return body["value_ids"]

    def test_reviewer_approves_with_revisions(self, world, as_user, submitted):
        revisions = dict(DataValue.objects.values_list("id", "revision"))
        response = as_user("ordos_reviewer").post(
            "/api/values/approve", {"value_ids": submitted, "expected_revisions": revisions})
        assert response.json() == {"count": 2}
        assert set(DataValue.objects.values_list("state", flat=True)) == {"approved"}
        assert DataValueChange.objects.filter(action="approve", channel="api", user=world.ordos_reviewer).count() == 2

    def test_clerk_cannot_approve(self, world, as_user, submitted):
        assert as_user("ordos_clerk").post("/api/values/approve", {"value_ids": submitted}).status_code == 403
        assert set(DataValue.objects.values_list("state", flat=True)) == {"submitted"}

    def test_reviewer_of_ordos_cannot_approve_baotou(self, world, as_user):
        v = put_value(world, indicator=world.gdp, unit=world.baotou, period="2026M10", value="1", state="submitted")
        assert as_user("ordos_reviewer").post("/api/values/approve", {"value_ids": [v.pk]}).status_code == 403

    def test_two_reviewers_at_once_one_wins_the_other_gets_409(self, world, as_user, submitted):
        revisions = dict(DataValue.objects.values_list("id", "revision"))
        first = as_user("ordos_reviewer").post(
            "/api/values/approve", {"value_ids": submitted, "expected_revisions": revisions})
        second = as_user("admin").post(
            "/api/values/return", {"value_ids": submitted, "reason": "重填", "expected_revisions": revisions})
        assert first.status_code == 200 and second.status_code == 409
        assert set(DataValue.objects.values_list("state", flat=True)) == {"approved"}

    def test_return_needs_a_reason(self, world, as_user, submitted):
        api = as_user("ordos_reviewer")
        assert api.post("/api/values/return", {"value_ids": submitted, "reason": " "}).status_code == 400
        assert api.post("/api/values/return", {"value_ids": submitted, "reason": "口径不对"}).json() == {"count": 2}
        assert set(DataValue.objects.values_list("return_reason", flat=True)) == {"口径不对"}

    def test_clerk_submits_drafts(self, world, as_user):
        api = as_user("ordos_clerk")
        ids = api.post("/api/values", {"values": [entry("150600", "1", "3300")]}).json()["value_ids"]
        assert api.post("/api/values/submit", {"value_ids": ids}).json() == {"count": 1}
        assert DataValue.objects.get().state == "submitted"


class TestRounds:
    def test_anyone_lists_rounds(self, world, as_user):
        rows = as_user("baotou_clerk").get("/api/rounds").json()
        assert [(r["period"], r["is_open"]) for r in rows] == [("2026M10", True)]

    def test_admin_opens_a_round_and_others_may_not(self, world, as_user):
        body = {"plan": world.plan.pk, "period": "2026Q4", "deadline": "2027-01-15"}
        assert as_user("ordos_clerk").post("/api/rounds", body).status_code == 403
        response = as_user("admin").post("/api/rounds", body)
        assert response.status_code == 200 and response.json()["period"] == "2026Q4"
        assert ReportingRound.objects.filter(period="2026Q4").exists()
        body["period"] = "2040"
        assert as_user("admin").post("/api/rounds", body).status_code == 400

    def test_completeness_for_the_planning_office_only(self, world, as_user):
        as_user("ordos_clerk").post("/api/values", {"submit": True, "values": [
            entry("150600", "1", "3300"), entry("150600", "12", "1.1")]})
        rows = as_user("admin").get(f"/api/rounds/{world.round.pk}/completeness").json()
        by_unit = {r["unit"]: r for r in rows}
        assert by_unit["150600"]["status"] == "submitted" and by_unit["150600"]["missing"] == 0
        assert by_unit["150200"]["status"] == "missing" and by_unit["150200"]["missing"] == 2
        assert as_user("ordos_clerk").get(f"/api/rounds/{world.round.pk}/completeness").status_code == 403
