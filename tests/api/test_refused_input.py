"""Odd input to the API gets a clear 400/422 naming the field, never a 500, and nothing is stored.

Control characters (NUL included, which PostgreSQL cannot store), figures too large to store, ids beyond what the
database holds, JSON booleans as figures, over-long text — the same answer on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from plantrack.reporting.models import DataValue, DataValueChange, ReportingRound

pytestmark = pytest.mark.django_db


def entry(value="2500", **extra) -> dict:
    return {"indicator": "1", "unit": "150600", "period": "2026M10", "value": value, **extra}


def assert_nothing_stored() -> None:
    assert DataValue.objects.count() == 0 and DataValueChange.objects.count() == 0


class TestControlCharacters:
    @pytest.mark.parametrize("char, shown", [("\x0b", "\\x0b"), ("\x00", "\\x00"), ("\x1f", "\\x1f")])
    @pytest.mark.parametrize("field", ["comment", "explanation", "source"])
    def test_a_control_character_in_a_text_field_is_refused_with_the_field_and_position(
        self, world, as_user, char, shown, field
    ):
        response = as_user("ordos_clerk").post("/api/values", {"values": [entry(**{field: f"快报{char}数"})]})
        assert response.status_code == 400
        finding = response.json()["findings"][0]
        assert finding["code"] == "control_character" and finding["field"] == field
        assert f"第3个字符是控制字符{shown}" in finding["message"]
        assert finding["where"] == f"values[0] {field}"
        assert_nothing_stored()

    def test_a_nul_in_a_query_parameter_is_refused_not_a_fault(self, world, as_user):
        # PostgreSQL cannot receive a NUL at all; a filter that reaches a lookup is answered 400, on SQLite too.
        response = as_user("ordos_clerk").get("/api/tasks", unit="1506\x0000")
        # SQLite looks the code up and finds no unit (404); PostgreSQL cannot look it up at all (400).
        assert response.status_code in (400, 404), response.content
        if response.status_code == 400:
            assert response.json()["code"] == "control_character"

    def test_a_nul_in_a_code_is_an_unknown_code_not_a_server_error(self, world, as_user):
        response = as_user("ordos_clerk").post("/api/values", {"values": [entry(unit="1506\x0000")]})
        assert response.status_code == 400
        assert "单位代码“1506\\x0000”不存在" in response.json()["findings"][0]["message"]
        assert_nothing_stored()

    def test_a_control_character_in_a_return_reason_is_refused(self, world, as_user):
        vid = as_user("ordos_clerk").post("/api/values", {"values": [entry()], "submit": True}).json()["value_ids"][0]
        response = as_user("ordos_reviewer").post("/api/values/return", {"value_ids": [vid], "reason": "数据\x00有误"})
        assert response.status_code == 400
        assert "退回原因的第3个字符是控制字符\\x00" in response.json()["detail"]
        assert DataValue.objects.get().state == DataValue.State.SUBMITTED

    def test_a_control_character_in_a_round_title_is_refused(self, world, as_user):
        body = {"plan": world.plan.pk, "period": "2026M11", "deadline": "2026-12-10", "title": "11月\x0b填报"}
        response = as_user("admin").post("/api/rounds", body)
        assert response.status_code == 400
        assert "轮次名称的第4个字符是控制字符\\x0b" in response.json()["detail"]
        assert not ReportingRound.objects.filter(period="2026M11").exists()


class TestLengths:
    def test_a_source_over_200_characters_is_refused_on_every_database(self, world, as_user):
        response = as_user("ordos_clerk").post("/api/values", {"values": [entry(source="统" * 201)]})
        assert response.status_code == 400
        finding = response.json()["findings"][0]
        assert (finding["field"], finding["code"]) == ("source", "too_long")
        assert "长度201字，超过上限200字" in finding["message"]
        assert_nothing_stored()

    def test_a_source_of_exactly_200_characters_is_stored(self, world, as_user):
        assert as_user("ordos_clerk").post("/api/values", {"values": [entry(source="统" * 200)]}).status_code == 200
        assert DataValue.objects.get().source == "统" * 200

    def test_a_round_title_over_100_characters_is_refused(self, world, as_user):
        body = {"plan": world.plan.pk, "period": "2026M11", "deadline": "2026-12-10", "title": "轮" * 101}
        response = as_user("admin").post("/api/rounds", body)
        assert response.status_code == 400
        assert "轮次名称长度101字，超过上限100字" in response.json()["detail"]


class TestFigures:
    @pytest.mark.parametrize("value", [1e22, 1e300, -1e22, "1" * 30, 123456789012345])
    def test_a_figure_too_large_to_store_is_refused(self, world, as_user, value):
        response = as_user("ordos_clerk").post("/api/values", {"values": [entry(value=value)]})
        assert response.status_code == 400
        finding = response.json()["findings"][0]
        assert finding["field"] == "value" and "超出可存储的范围" in finding["message"]
        assert_nothing_stored()

    @pytest.mark.parametrize("value", [True, False])
    def test_a_json_boolean_is_not_a_figure(self, world, as_user, value):
        response = as_user("ordos_clerk").post("/api/values", {"values": [entry(value=value)]})
        assert response.status_code == 422
        [error] = response.json()["detail"]
        assert error["loc"][-3:] == ["values", 0, "value"] and "数值不能是 true/false" in error["msg"]
        assert_nothing_stored()


class TestIds:
    BIG = 2**64

    def test_a_plan_id_beyond_64_bits_in_the_rounds_listing_is_refused(self, world, as_user):
        assert as_user("admin").get("/api/rounds", plan=self.BIG).status_code == 422
        assert as_user("admin").get("/api/rounds", plan=world.plan.pk).status_code == 200

    @pytest.mark.parametrize("action", ["submit", "approve"])
    def test_value_ids_beyond_64_bits_are_refused(self, world, as_user, action):
        response = as_user("admin").post(f"/api/values/{action}", {"value_ids": [self.BIG]})
        assert response.status_code == 422

    def test_a_revision_beyond_what_is_stored_is_refused(self, world, as_user):
        response = as_user("admin").post("/api/values", {"values": [entry(expected_revision=self.BIG)]})
        assert response.status_code == 422
        assert_nothing_stored()

    @pytest.mark.parametrize("path", ["/api/values/{big}", "/api/values/{big}/history",
                                      "/api/rounds/{big}/completeness"])
    def test_an_id_beyond_64_bits_in_a_path_is_refused(self, world, as_user, path):
        assert as_user("admin").get(path.format(big=self.BIG)).status_code == 422

    @pytest.mark.parametrize("query", [{"offset": 2**63}, {"offset": -1}, {"limit": 0}, {"limit": 1001}])
    def test_a_project_page_beyond_what_the_database_can_count_is_refused(self, world, as_user, query):
        # SQLite cannot take an OFFSET of 2**63 ("datatype mismatch"): the bound answers before the query runs.
        response = as_user("admin").get("/api/projects", **query)
        assert response.status_code == 422, response.content
        assert as_user("admin").get("/api/projects", offset=2**31 - 1, limit=1000).json() == []

    def test_a_year_outside_any_calendar_is_refused(self, world, as_user):
        assert as_user("admin").get("/api/values", unit="150600", year=self.BIG).status_code == 422


class TestQueryText:
    def test_a_nul_in_the_unit_of_a_listing_is_a_400(self, world, as_user):
        response = as_user("admin").get("/api/values", unit="1506\x0000", period="2026M10")
        assert response.status_code == 400
        assert "控制字符" in response.json()["detail"]
