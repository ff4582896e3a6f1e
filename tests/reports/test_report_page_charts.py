"""A report's page shows its charts as images of their own, drawn once per figures shown and kept under the data
directory (`reports/<id>/charts/<chart>-<digest>.png`): a second view draws nothing, a 定稿's charts never change,
and a draft draws again only when its figures did."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from plantrack.reports.content import editable_paragraphs
from plantrack.reports.models import Report
from plantrack.reports.services import (
    approve_report,
    edit_paragraph,
    generate_report,
    render_document,
    submit_for_review,
)
from web.board_world import build_board

CHART = re.compile(r'<img src="(/reports/(\d+)/charts/(status_counts|pace)-([0-9a-f]{16})\.png)"')


@pytest.fixture
def board(tree):
    return build_board(tree)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _midterm(board, people) -> Report:
    report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                             as_of="2028-12", formats=["html"])
    assert report.state == Report.State.DONE, report.error
    return report


def _folder(data_dir: Path, report: Report) -> Path:
    return data_dir / "reports" / str(report.pk) / "charts"


def _drawn(folder: Path) -> dict[str, int]:
    """Each stored chart file with the moment it was last written (a drawing writes the file)."""
    return {path.name: path.stat().st_mtime_ns for path in sorted(folder.glob("*.png"))}


def _view(client: Client, report: Report) -> list[str]:
    """Read the report's page as a browser does, its chart images included; returns the images' addresses."""
    page = client.get(f"/reports/{report.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data:image/png" not in html, "the page links its charts; it does not carry them drawn inline"
    images = CHART.findall(html)
    for url, *_ in images:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    return [url for url, *_ in images]


class TestChartsDrawnOnce:
    def test_a_second_view_draws_nothing(self, board, people, data_dir):
        report = _midterm(board, people)
        folder = _folder(data_dir, report)
        # A report made before the charts were kept has none stored: the first view draws them.
        for path in folder.glob("*.png"):
            path.unlink()
        client = _client(people.leader)
        urls = _view(client, report)
        assert {u.rsplit("/", 1)[1] for u in urls} == set(_drawn(folder)) and len(urls) == 2
        first = _drawn(folder)
        assert _view(client, report) == urls
        assert _view(_client(people.admin), report) == urls
        assert _drawn(folder) == first, "the second and third views read the stored files"

    def test_the_images_are_cached_by_the_browser(self, board, people):
        report = _midterm(board, people)
        client = _client(people.leader)
        url = _view(client, report)[0]
        response = client.get(url)
        assert response["Cache-Control"] == "private, max-age=31536000, immutable"
        etag = response["ETag"]
        assert etag == f'"{url[-20:-4]}"'
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and not again.content

    def test_generating_draws_the_charts_the_documents_and_the_page_share(self, board, people, data_dir):
        report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                                 as_of="2028-12", formats=["docx", "html"])
        folder = _folder(data_dir, report)
        drawn = _drawn(folder)
        assert len(drawn) == 2, "the .docx and the HTML file read the same two drawings"
        _view(_client(people.leader), report)
        assert _drawn(folder) == drawn

    def test_a_final_s_charts_are_drawn_at_approval_and_never_again(self, board, people, data_dir):
        report = _midterm(board, people)
        folder = _folder(data_dir, report)
        for path in folder.glob("*.png"):
            path.unlink()
        submit_for_review(user=people.admin, report=report)
        approve_report(user=people.leader, report=report)
        drawn = _drawn(folder)
        assert len(drawn) == 2, "approval renders the 定稿's files, which draws its charts"
        client = _client(people.supervisor)
        urls = _view(client, report)
        _view(client, report)
        assert _drawn(folder) == drawn and {u.rsplit("/", 1)[1] for u in urls} == set(drawn)

    def test_an_edited_paragraph_draws_no_chart_again(self, board, people, data_dir):
        report = _midterm(board, people)
        folder = _folder(data_dir, report)
        drawn = _drawn(folder)
        paragraph = editable_paragraphs(render_document(report), report.texts)[0]
        edit_paragraph(user=people.admin, report=report, key=paragraph.key, text="改写后的总体评价段落。")
        _view(_client(people.admin), report)
        assert _drawn(folder) == drawn


class TestRegeneratedDraft:
    def test_the_same_figures_keep_their_drawings(self, board, people, data_dir):
        report = _midterm(board, people)
        folder = _folder(data_dir, report)
        drawn = _drawn(folder)
        again = _midterm(board, people)
        assert again.pk == report.pk and _drawn(folder) == drawn

    def test_changed_figures_draw_anew_and_an_old_address_leads_to_the_new_chart(self, board, people, data_dir,
                                                                                settings):
        report = _midterm(board, people)
        client = _client(people.leader)
        old = dict(zip(("status_counts", "pace"), _view(client, report), strict=True))
        # Other status lines: the pace chart draws them, so its figures (and its address) change.
        settings.PLANTRACK_ASSESS_AHEAD = settings.PLANTRACK_ASSESS_AHEAD + 0.1
        again = _midterm(board, people)
        assert again.pk == report.pk
        new = dict(zip(("status_counts", "pace"), _view(client, report), strict=True))
        assert new["pace"] != old["pace"]
        names = set(_drawn(_folder(data_dir, report)))
        assert names == {u.rsplit("/", 1)[1] for u in new.values()}, "the earlier figures' drawing is removed"
        # A page read before the regeneration still asks for the earlier address: it is led to today's chart.
        response = client.get(old["pace"])
        assert response.status_code == 302 and response["Location"] == new["pace"]
        assert "immutable" not in response.get("Cache-Control", "")


class TestChartAddresses:
    def test_an_earlier_digest_leads_to_today_s_chart_and_no_report_or_chart_is_not_found(self, board, people):
        report = _midterm(board, people)
        client = _client(people.leader)
        url = _view(client, report)[0]
        current = client.get(url.replace(url[-20:-4], "0" * 16))
        assert current.status_code == 302 and current["Location"] == url  # an older figure's address
        assert client.get(f"/reports/{report.pk + 99}/charts/pace-{'0' * 16}.png").status_code == 404
        assert client.get(f"/reports/{report.pk}/charts/other-{'0' * 16}.png").status_code == 404

    def test_a_clerk_gets_no_chart(self, board, people):
        report = _midterm(board, people)
        url = _view(_client(people.leader), report)[0]
        assert _client(people.ordos_clerk).get(url).status_code == 403
        assert Client().get(url).status_code == 302  # to the login page
