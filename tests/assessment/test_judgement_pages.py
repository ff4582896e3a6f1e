"""The indicator's pages for targets without a number: recording a nationally assigned figure, and writing,
submitting and approving a 人工研判 — through the pages as people use them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plantrack.assessment.models import Assessment, ManualJudgement
from plantrack.indicators.models import AssignedTarget

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_planning_office_records_an_assigned_figure_on_the_indicator_page(world, approve, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    approve([("6", "150000", "2026", "3.4")])
    office = login(world.admin)
    detail = office.get(f"/indicators/{world.national.pk}/").content.decode()
    assert "国家下达的年度目标" in detail and "人工研判及历史" in detail
    response = office.post(f"/indicators/{world.national.pk}/assigned-targets/", {
        "unit": "150000", "year": "2026", "comparator": ">=", "value": "3.2",
        "document_number": "发改环资〔2026〕8号", "document_title": "关于下达2026年能耗强度降低目标的通知",
        "document_date": "2026-03-10", "file": SimpleUploadedFile("通知.pdf", PDF, "application/pdf"),
    })
    assert response.status_code == 302
    target = AssignedTarget.objects.get(indicator=world.national)
    page = office.get(f"/indicators/{world.national.pk}/assigned-targets/").content.decode()
    assert "发改环资〔2026〕8号" in page and "≥3.2" in page
    download = office.get(f"/indicators/assigned-targets/{target.pk}/file/")
    assert b"".join(download.streaming_content) == PDF
    a = Assessment.objects.get(indicator=world.national, unit=world.region, period="2026")
    assert (a.status, a.method) == ("符合预期", "国家下达目标")
    # A clerk reads the figures but has no form, and a post is refused.
    clerk = login(world.ordos_clerk)
    assert 'id="assigned-target-form"' not in clerk.get(f"/indicators/{world.national.pk}/assigned-targets/"
                                                         ).content.decode()
    assert clerk.post(f"/indicators/{world.national.pk}/assigned-targets/", {}).status_code == 403


def test_a_bad_figure_is_shown_with_its_reason_and_nothing_stored(world):
    response = login(world.admin).post(f"/indicators/{world.national.pk}/assigned-targets/", {
        "unit": "150000", "year": "2026", "comparator": ">=", "value": "约3%",
        "document_number": "发改环资〔2026〕8号", "document_title": "通知", "document_date": "2026-03-10",
    })
    assert response.status_code == 400 and "不是数字" in response.content.decode()
    assert not AssignedTarget.objects.exists()


def test_a_judgement_is_written_submitted_and_approved_on_the_page(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    url = f"/assessment/judgements/{world.national.pk}/"
    clerk = login(world.ordos_clerk)
    response = clerk.post(url, {
        "unit": "150600", "year": "2027", "status": "滞后",
        "reasoning": "据市生态环境局年度考核通报，2027年未完成自治区下达的能耗强度降低目标。",
        "evidence": SimpleUploadedFile("考核通报.pdf", PDF, "application/pdf"),
    })
    assert response.status_code == 302
    version = ManualJudgement.objects.get()
    assert (version.state, version.author, version.evidence_name) == ("draft", world.ordos_clerk, "考核通报.pdf")
    clerk.post(f"/assessment/judgements/version/{version.pk}/submit/")
    # The author sees no approve button, and approving their own judgement is refused with the reason.
    assert f'judgements/version/{version.pk}/approve/' not in clerk.get(url).content.decode()
    reviewer = login(world.ordos_reviewer)
    assert f'judgements/version/{version.pk}/approve/' in reviewer.get(url).content.decode()
    reviewer.post(f"/assessment/judgements/version/{version.pk}/approve/", {"note": "同意"})
    version.refresh_from_db()
    assert (version.state, version.reviewed_by) == ("approved", world.ordos_reviewer)
    page = login(world.supervisor).get(url).content.decode()
    assert "人工研判（已审核）" in page and "考核通报.pdf" in page and "第1版" in page
    a = Assessment.objects.get(indicator=world.national, unit=world.ordos, period="2027")
    assert (a.status, a.method) == ("滞后", "人工研判")
    evidence = reviewer.get(f"/assessment/judgements/version/{version.pk}/evidence/file/")
    assert b"".join(evidence.streaming_content) == PDF
    # 包头市's clerk may not read 鄂尔多斯市's evidence.
    assert login(world.baotou_clerk).get(
        f"/assessment/judgements/version/{version.pk}/evidence/file/").status_code == 403


def test_a_refused_judgement_keeps_what_was_typed(world):
    response = login(world.admin).post(f"/assessment/judgements/{world.national.pk}/", {
        "unit": "150000", "year": "2027", "status": "符合预期", "reasoning": "好",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "至少10个字" in html and ">好</textarea>" in html
    assert not ManualJudgement.objects.exists()
