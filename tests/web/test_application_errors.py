"""One error contract: every exception class the project raises on purpose is an `ApplicationError`, and each face
(the pages, the API, the command line) maps it once — in the person's language; an unexpected exception's text
never reaches an API caller."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client
from django.utils import translation

from api.world import PASSWORD, ApiClient, build_world
from plantrack.api.tokens import create_api_token
from plantrack.cli import main
from plantrack.core.errors import ApplicationError, InvalidInput
from plantrack.errors import message_of

FAMILY = [
    "plantrack.reporting.findings:ValuesRejected", "plantrack.reporting.findings:StaleValue",
    "plantrack.reporting.busy:DatabaseBusy", "plantrack.reporting.entry_checks:OutOfScope",
    "plantrack.reporting.excel_template:TemplateError", "plantrack.projects.errors:ProjectRejected",
    "plantrack.tasks.errors:TaskRejected", "plantrack.indicators.registry:RegistryError",
    "plantrack.indicators.annual_targets:AnnualTargetError", "plantrack.web.dashboard:UnknownFilter",
    "plantrack.assessment.services:WarningError", "plantrack.orgs.users:UserCreationError",
    "plantrack.orgs.units:UnitImportError", "plantrack.uploads.errors:UploadRefused",
    "plantrack.reports.snapshot:ReportInputError", "plantrack.core.assess.contract:ContractError",
]


@pytest.mark.parametrize("name", FAMILY)
def test_every_refusal_is_one_family(name):
    module, cls = name.split(":")
    error = getattr(importlib.import_module(module), cls)
    assert issubclass(error, ApplicationError) and error.code and error.kind


def test_a_core_message_is_translated_by_the_face():
    from plantrack.core.periods import parse_period

    with pytest.raises(InvalidInput) as info:
        parse_period("2026M13")
    with translation.override("en"):
        assert message_of(info.value) == "The month of reporting period “2026M13” should be between 1 and 12"
    with translation.override("zh-hans"):
        assert message_of(info.value) == "报告期“2026M13”的月份应在 1–12 之间"


def _api(user) -> ApiClient:
    _row, token = create_api_token(user=user, name="test")
    return ApiClient(token)


@pytest.mark.django_db
class TestApi:
    def test_an_unexpected_error_is_a_500_without_its_text(self, monkeypatch):
        world = build_world()

        def broken(**_kw):
            raise ValueError("relation reporting_datavalue: internal detail nobody outside should read")

        monkeypatch.setattr("plantrack.api.values.values_for_unit", broken)
        response = _api(world.admin).get("/api/values", unit="150600", period="2026M10")
        assert response.status_code == 500
        body = response.json()
        assert body["code"] == "fault" and "internal detail" not in response.content.decode()

    def test_a_refusal_keeps_its_code_and_message(self):
        world = build_world()
        response = _api(world.admin).get("/api/values", unit="150600", period="2026M13")
        assert response.status_code == 400 and "2026M13" in response.json()["detail"]

    def test_an_application_error_maps_to_its_kind(self, monkeypatch):
        world = build_world()
        from plantrack.reporting.findings import StaleValue

        def stale(**_kw):
            raise StaleValue("已被他人修改")

        monkeypatch.setattr("plantrack.api.values.values_for_unit", stale)
        response = _api(world.admin).get("/api/values", unit="150600", period="2026M10")
        assert response.status_code == 409 and response.json() == {"detail": "已被他人修改", "code": "stale_value"}


@pytest.mark.django_db
class TestPages:
    def test_an_application_error_a_view_left_is_the_error_page_with_its_status(self, monkeypatch):
        build_world()

        def refused(*_a, **_kw):
            raise InvalidInput("数值为空", code="not_a_number", problems=["第2行：数值为空", "第3行：数值为空"])

        monkeypatch.setattr("plantrack.web.views.workbench_for", refused)
        client = Client(raise_request_exception=False)
        assert client.login(username="ordos_clerk", password=PASSWORD)
        response = client.get("/")
        html = response.content.decode()
        assert response.status_code == 400
        assert "<h1>无法完成操作</h1>" in html and "数值为空" in html and "第3行：数值为空" in html

    def test_a_conflict_is_a_409_page(self, monkeypatch):
        build_world()
        from plantrack.reporting.findings import StaleValue

        def stale(*_a, **_kw):
            raise StaleValue("已被他人修改")

        monkeypatch.setattr("plantrack.web.views.workbench_for", stale)
        client = Client(raise_request_exception=False)
        assert client.login(username="ordos_clerk", password=PASSWORD)
        response = client.get("/")
        assert response.status_code == 409 and "已被他人修改" in response.content.decode()


class TestCommandLine:
    def test_refused_input_is_one_line_and_exit_2(self, monkeypatch, capsys):
        def refused():
            raise InvalidInput("报告期“2026X”无法识别", code="bad_period")

        monkeypatch.setattr("plantrack.assessment.management.commands.assess_all.assess_all", refused)
        code = main(["assess-all"])
        err = capsys.readouterr().err
        assert code == 2 and err.strip() == "plantrack: 报告期“2026X”无法识别"

    def test_a_fault_keeps_its_traceback(self, monkeypatch):
        def broken():
            raise KeyError("bug")

        monkeypatch.setattr("plantrack.assessment.management.commands.assess_all.assess_all", broken)
        with pytest.raises(KeyError):
            main(["assess-all"])
