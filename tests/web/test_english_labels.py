"""Labels the code builds, not the templates, in the reader's language: the assessment method beside a verdict
(stored in Chinese with the result: 时序进度法, 国家下达目标, 人工研判（已审核）) and the separator of a list
joined into a sentence ("、" in Chinese, ", " in English)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from page_readers import read_page, reader
from people import REGION_REVIEWER, create_people
from plantrack.assessment.judgements import approve_judgement, submit_judgement, write_judgement
from plantrack.assessment.models import Assessment
from plantrack.assessment.services import assess_all
from plantrack.indicators.assigned_targets import record_assigned_target
from plantrack.reporting.models import Channel, DataValue
from web.board_world import build_board

# Chinese characters, and the CJK punctuation and full-width forms (、（）：) that come with them.
NOT_ENGLISH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def board(tree, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the judgement's evidence file is kept there
    return build_board(tree)


@pytest.fixture
def judged(board, people, tree):
    """Indicator 14 judged against the nationally assigned figure for 2028; another target without a number judged
    by a person, approved by a second one."""
    energy = board.indicators["14"]
    record_assigned_target(user=people.admin, indicator=energy, unit=board.region, year=2028, value="3.0",
                           comparator=">=", document_number="发改环资〔2028〕12号",
                           document_title="关于下达2028年能耗强度降低目标的通知", document_date=date(2028, 3, 1))
    DataValue.objects.create(indicator=energy, unit=board.region, period="2028", year=2028, value=Decimal("3.2"),
                             approved_value=Decimal("3.2"), state=DataValue.State.APPROVED, channel=Channel.SYSTEM,
                             source="统计公报")
    manual = next(i for code, i in sorted(board.indicators.items()) if i.target_without_number and code != "14")
    draft = write_judgement(user=people.admin, indicator=manual, unit=board.region, year=2028, status="符合预期",
                            reasoning="据年度考核通报，全区完成国家下达的年度任务。",
                            evidence=("研判依据.pdf", io.BytesIO(PDF)))
    submit_judgement(user=people.admin, judgement=draft)
    reviewer = create_people(tree, cast=(REGION_REVIEWER,))["region_reviewer"]
    approve_judgement(user=reviewer, judgement=draft)
    assess_all()
    assert Assessment.objects.get(indicator=energy, unit=board.region, period="2028").method == "国家下达目标"
    assert Assessment.objects.get(indicator=manual, unit=board.region, period="2028").method == "人工研判"
    return {"computed": board.indicators["18"], "assigned": energy, "manual": manual}




def _method_on_indicatorread_page(client: Client, indicator, *, heading: str) -> str:
    html = read_page(client, f"/dashboard/indicators/{indicator.pk}/?unit=150000")
    return re.search(rf"<tr><th>{heading}</th><td>(.*?)</td></tr>", html).group(1)


def _methods_on_judgementsread_page(client: Client, indicator) -> list[str]:
    html = read_page(client, f"/assessment/judgements/{indicator.pk}/")
    rows = re.findall(r'<tr data-unit="150000" data-year="(\d+)">(.*?)</tr>', html, flags=re.S)
    return [re.findall(r"<td>(.*?)</td>", row)[3] for year, row in rows if year == "2028"]


class TestMethodLabels:
    def test_the_indicator_page_in_english_names_each_method_in_english(self, judged, people):
        english = reader(people.leader, "en")
        shown = {kind: _method_on_indicatorread_page(english, indicator, heading="Main assessment method")
                 for kind, indicator in judged.items()}
        assert shown == {"computed": "Elapsed-time method", "assigned": "Nationally assigned target",
                         "manual": "Manual judgement (approved)"}
        assert not any(NOT_ENGLISH.search(label) for label in shown.values())

    def test_the_chinese_page_keeps_the_chinese_names(self, judged, people):
        chinese = reader(people.leader, "zh-hans")
        shown = {kind: _method_on_indicatorread_page(chinese, indicator, heading="主评估方法")
                 for kind, indicator in judged.items()}
        assert shown == {"computed": "时序进度法", "assigned": "国家下达目标", "manual": "人工研判（已审核）"}

    def test_the_judgements_page_in_english(self, judged, people):
        english = reader(people.admin, "en")
        assert _methods_on_judgementsread_page(english, judged["manual"]) == ["Manual judgement (approved)"]
        assert _methods_on_judgementsread_page(english, judged["assigned"]) == ["Nationally assigned target"]


class TestListSeparator:
    def test_the_home_page_s_headline_in_english_joins_its_counts_with_commas(self, board, people):
        html = read_page(reader(people.leader, "en"), "/")
        start = html.index(">", html.index('id="overview-headline"')) + 1
        headline = re.sub(r"<[^>]+>", "", html[start:html.index("</p>", start)])
        assert ", " in headline, headline  # several statuses are counted: a list
        assert not NOT_ENGLISH.search(headline), headline

    def test_in_chinese_the_list_keeps_its_enumeration_comma(self, board, people):
        html = read_page(reader(people.leader, "zh-hans"), "/")
        start = html.index(">", html.index('id="overview-headline"')) + 1
        headline = html[start:html.index("</p>", start)]
        assert "、" in headline and ", " not in headline

    def test_a_refused_judgement_lists_the_allowed_conclusions_with_the_reader_s_separator(self, judged, people):
        english = reader(people.admin, "en")
        response = english.post(f"/assessment/judgements/{judged['manual'].pk}/", {
            "unit": "150000", "year": "2029", "status": "很好", "reasoning": "据年度考核通报。"})
        text = response.content.decode()
        # The conclusions are the values a form, the API and the command line send: listed as they are written.
        listed = re.search(r"must be one of ([^<]*)", text)
        assert listed, text[:2000]
        assert "、" not in listed.group(1) and ", " in listed.group(1)
