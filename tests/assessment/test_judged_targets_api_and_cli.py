"""The API and the command line for targets without a number go through the same services as the pages."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from plantrack.api.tokens import create_api_token
from plantrack.assessment.models import Assessment, ManualJudgement
from plantrack.indicators.models import AssignedTarget

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


class Api:
    def __init__(self, user):
        _row, token = create_api_token(user=user, name="t")
        self.client, self.headers = Client(), {"Authorization": f"Bearer {token}"}

    def post(self, path, body=None):
        return self.client.post(path, body or {}, content_type="application/json", headers=self.headers)

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)


def test_assigned_figure_and_judgement_through_the_api(world, approve):
    approve([("6", "150000", "2026", "3.4")])
    office = Api(world.admin)
    response = office.post("/api/assigned-targets", {
        "indicator": world.national.pk, "unit": "150000", "year": 2026, "value": "3.2", "comparator": ">=",
        "document_number": "发改环资〔2026〕8号", "document_title": "通知", "document_date": "2026-03-10",
        "file_name": "通知.pdf", "file_base64": base64.b64encode(PDF).decode(),
    })
    assert response.status_code == 200, response.content
    assert response.json()["file_name"] == "通知.pdf"
    assert Assessment.objects.get(indicator=world.national, period="2026").method == "国家下达目标"
    refused = office.post("/api/assigned-targets", {
        "indicator": world.national.pk, "unit": "150000", "year": 2027, "value": "x", "comparator": ">=",
        "document_number": "a", "document_title": "b", "document_date": "2026-03-10",
    })
    assert refused.status_code == 400 and "不是数字" in refused.json()["detail"]
    assert Api(world.ordos_clerk).post("/api/assigned-targets", {
        "indicator": world.national.pk, "unit": "150000", "year": 2027, "value": "3", "comparator": ">=",
        "document_number": "a", "document_title": "b", "document_date": "2026-03-10",
    }).status_code == 403
    assert [t["year"] for t in Api(world.supervisor).get("/api/assigned-targets",
                                                         indicator=world.national.pk).json()] == [2026]

    clerk = Api(world.ordos_clerk)
    written = clerk.post("/api/judgements", {
        "indicator": world.national.pk, "unit": "150600", "year": 2027, "status": "符合预期",
        "reasoning": "据市生态环境局年度考核通报，完成下达目标。", "evidence_name": "通报.pdf",
        "evidence_base64": base64.b64encode(PDF).decode(),
    }).json()
    assert (written["version"], written["state"]) == (1, "draft")
    assert clerk.post(f"/api/judgements/{written['id']}/submit").json()["state"] == "submitted"
    own = clerk.post(f"/api/judgements/{written['id']}/approve", {"note": ""})
    assert own.status_code == 403  # a clerk reviews nothing, their own work least of all
    approved = Api(world.ordos_reviewer).post(f"/api/judgements/{written['id']}/approve", {"note": "同意"})
    assert approved.json()["state"] == "approved" and approved.json()["reviewer"] == "ordos_reviewer"
    assert Assessment.objects.get(indicator=world.national, unit=world.ordos, period="2027").method == "人工研判"
    history = Api(world.supervisor).get("/api/judgements", indicator=world.national.pk, unit="150600").json()
    assert [(h["version"], h["state"]) for h in history] == [(1, "approved")]
    assert Api(world.baotou_clerk).get("/api/judgements", indicator=world.national.pk,
                                       unit="150600").status_code == 403
    bad = clerk.post("/api/judgements", {
        "indicator": world.national.pk, "unit": "150600", "year": 2028, "status": "符合预期",
        "reasoning": "据市生态环境局年度考核通报。", "evidence_name": "x.pdf", "evidence_base64": "%%%",
    })
    assert bad.status_code == 400 and "base64" in bad.json()["detail"] and bad.json()["code"] == "bad_base64"


def test_assigned_figure_and_judgement_from_the_command_line(world, approve, tmp_path, capsys):
    approve([("6", "150000", "2027", "2.1")])
    document = tmp_path / "通知.pdf"
    document.write_bytes(PDF)
    call_command("assigned_target", "add", "--indicator", "6", "--plan", str(world.plan.pk), "--year", "2027",
                 "--value", "3.0", "--comparator", ">=", "--doc-number", "发改环资〔2027〕5号",
                 "--doc-title", "关于下达2027年目标的通知", "--doc-date", "2027-02-20", "--file", str(document),
                 "--user", "planning_admin")
    assert "已记录" in capsys.readouterr().out
    assert AssignedTarget.objects.get().file_name == "通知.pdf"
    assert Assessment.objects.get(indicator=world.national, period="2027").status == "滞后"
    call_command("assigned_target", "list", "--indicator", "6", "--plan", str(world.plan.pk), "--json")
    assert json.loads(capsys.readouterr().out)[0]["document_number"] == "发改环资〔2027〕5号"
    with pytest.raises(CommandError, match="^未记录：.*不是数字"):
        call_command("assigned_target", "add", "--indicator", "6", "--plan", str(world.plan.pk), "--year", "2028",
                     "--value", "三", "--comparator", ">=", "--doc-number", "x", "--doc-title", "y",
                     "--doc-date", "2027-02-20", "--user", "planning_admin")

    call_command("judgement", "write", "--indicator", "6", "--plan", str(world.plan.pk), "--unit", "150600",
                 "--year", "2028", "--status", "超前", "--reasoning", "据年度考核，提前完成自治区下达任务。",
                 "--evidence", str(document), "--user", "ordos_clerk")
    j = ManualJudgement.objects.get()
    call_command("judgement", "submit", str(j.pk), "--user", "ordos_clerk")
    with pytest.raises(CommandError, match="没有权限"):
        call_command("judgement", "approve", str(j.pk), "--user", "ordos_clerk")
    call_command("judgement", "approve", str(j.pk), "--user", "ordos_reviewer")
    assert Assessment.objects.get(indicator=world.national, unit=world.ordos, period="2028").status == "超前"
    capsys.readouterr()
    call_command("judgement", "history", "--indicator", "6", "--plan", str(world.plan.pk), "--json",
                 "--user", "npc_supervisor")
    assert [(h["version"], h["state"], h["reviewer"]) for h in json.loads(capsys.readouterr().out)] == [
        (1, "approved", "ordos_reviewer")]
