"""The plan pages, read through Django's test client with the seed plan stored (`seed_plan`)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plantrack.plans.importing import import_plan
from plantrack.plans.models import PlanNode


def _url(name: str, result, **kwargs) -> str:
    return reverse(f"plans:{name}", kwargs={"plan_id": result.plan.pk, "number": result.version.number, **kwargs})


@pytest.mark.django_db
class TestAccess:
    def test_every_page_asks_for_a_login(self, client, seed_plan):
        for url in [reverse("plans:index"), _url("contents", seed_plan), _url("chapter", seed_plan, chapter=7),
                    _url("indicators", seed_plan), _url("commitments", seed_plan), _url("search", seed_plan)]:
            response = client.get(url)
            assert response.status_code == 302 and reverse("login") in response["Location"], url


@pytest.mark.django_db
class TestPlanList:
    def test_it_lists_plans_with_their_versions(self, admin_client, seed_plan):
        page = admin_client.get(reverse("plans:index")).content.decode()
        assert seed_plan.plan.title in page and "内蒙古自治区" in page and "第1版" in page


@pytest.mark.django_db
class TestContents:
    def test_the_tree_holds_parts_chapters_sections_and_boxes(self, admin_client, seed_plan):
        response = admin_client.get(reverse("plans:current", kwargs={"plan_id": seed_plan.plan.pk}))
        page = response.content.decode()
        assert page.count('<details class="toc-part"') == 15
        assert page.count('<details class="toc-chapter"') == 53
        assert page.count('class="toc-section"') == 147
        assert "第七章 持续推进生态保护修复" in page
        assert "专栏3 “三北”工程攻坚战" in page
        assert _url("chapter", seed_plan, chapter=7) + "#box3" in page

    def test_an_unknown_version_is_not_found(self, admin_client, seed_plan):
        url = reverse("plans:contents", kwargs={"plan_id": seed_plan.plan.pk, "number": 9})
        assert admin_client.get(url).status_code == 404


@pytest.mark.django_db
class TestChapterPage:
    def test_it_shows_text_sections_boxes_and_highlighted_commitments(self, admin_client, seed_plan):
        page = admin_client.get(_url("chapter", seed_plan, chapter=7)).content.decode()
        assert re.search(r'<h1 id="L\d+">第七章 持续推进生态保护修复</h1>', page)
        assert re.search(r'<h2 id="L\d+">第一节 如期打赢“三北”工程攻坚战</h2>', page)
        assert '<aside class="plan-box" id="box3">' in page
        assert re.search(r'<h4 id="L\d+">（一）黄河“几字弯”攻坚战</h4>', page)
        assert "把生态环境保护挺在前面" in page
        c = seed_plan.version.commitments.get(quote="规划完成生态建设任务7463万亩")
        mark = re.search(rf'<mark class="commitment" id="c{c.pk}" title="([^"]*)">([^<]*)</mark>', page)
        assert mark is not None
        assert mark.group(2) == "规划完成生态建设任务7463万亩"
        assert "7463万亩" in mark.group(1) and "2030" in mark.group(1)

    def test_every_commitment_of_the_chapter_has_its_anchor(self, admin_client, seed_plan):
        for number in (7, 16, 18):
            page = admin_client.get(_url("chapter", seed_plan, chapter=number)).content.decode()
            for c in seed_plan.version.commitments.filter(chapter_number=number):
                assert f'id="c{c.pk}"' in page, (number, c.quote)

    def test_the_main_indicator_table_renders_as_a_table(self, admin_client, seed_plan):
        page = admin_client.get(_url("chapter", seed_plan, chapter=3)).content.decode()
        assert '<table class="plan-table"' in page and "<td>注册护士数 (人)</td>" in page

    def test_a_missing_chapter_is_not_found(self, admin_client, seed_plan):
        assert admin_client.get(_url("chapter", seed_plan, chapter=99)).status_code == 404


@pytest.mark.django_db
class TestIndicatorPage:
    def test_it_lists_the_21_rows(self, admin_client, seed_plan):
        page = admin_client.get(_url("indicators", seed_plan)).content.decode()
        assert page.count('<tr id="ind-') == 21
        expected = ("注册护士数", "累计 [5.5]", "年均 4.5 左右", "年均 高于 GDP 增长", "达到国家要求", "约束性")
        for text in (*expected, "五年累计"):
            assert text in page, text


@pytest.mark.django_db
class TestCommitmentList:
    def _rows(self, client, result, **params) -> list[str]:
        page = client.get(_url("commitments", result), params).content.decode()
        body = page.split('<tbody>', 1)[1].split("</tbody>", 1)[0]
        return [row for row in body.split("<tr>")[1:] if "没有符合条件" not in row]

    def test_unfiltered_it_lists_every_commitment_with_a_link_to_its_sentence(self, admin_client, seed_plan):
        rows = self._rows(admin_client, seed_plan)
        assert len(rows) == seed_plan.version.commitments.count()
        c = seed_plan.version.commitments.get(quote="规划完成生态建设任务7463万亩")
        assert any(_url("chapter", seed_plan, chapter=7) + f"#c{c.pk}" in row for row in rows)

    def test_filters_narrow_the_list(self, admin_client, seed_plan):
        commitments = seed_plan.version.commitments
        assert len(self._rows(admin_client, seed_plan, unit="万亩")) == commitments.filter(unit="万亩").count() > 0
        assert len(self._rows(admin_client, seed_plan, chapter=7)) == commitments.filter(chapter_number=7).count()
        assert len(self._rows(admin_client, seed_plan, deadline=2030)) == commitments.filter(deadline=2030).count()
        assert len(self._rows(admin_client, seed_plan, deadline="none")) == commitments.filter(
            deadline__isnull=True).count()
        assert len(self._rows(admin_client, seed_plan, comparator=">=")) == commitments.filter(
            comparator=">=").count()
        both = self._rows(admin_client, seed_plan, chapter=7, unit="万亩")
        assert len(both) == commitments.filter(chapter_number=7, unit="万亩").count()
        assert self._rows(admin_client, seed_plan, unit="光年") == []

    def test_an_htmx_request_gets_only_the_rows(self, admin_client, seed_plan):
        page = admin_client.get(_url("commitments", seed_plan), {"chapter": 7}, HTTP_HX_REQUEST="true")
        text = page.content.decode()
        assert "<html" not in text and 'id="commitment-rows"' in text


@pytest.mark.django_db
class TestSearchPage:
    def test_hydrogen_finds_its_sentences_with_their_place(self, admin_client, seed_plan):
        page = admin_client.get(_url("search", seed_plan), {"q": "氢能"}).content.decode()
        assert page.count("<mark>氢能</mark>") >= 3
        assert "第十六章 提高新能源开发利用水平" in page
        assert _url("chapter", seed_plan, chapter=16) + "#L" in page

    def test_a_query_with_no_match_says_so(self, admin_client, seed_plan):
        page = admin_client.get(_url("search", seed_plan), {"q": "量子引力"}).content.decode()
        assert "没有找到" in page

    def test_an_older_version_stays_readable(self, admin_client, seed_plan, plan_text):
        import_plan(text=plan_text.replace("7463万亩", "7600万亩"), source_name="rev.txt", region="内蒙古自治区")
        old = admin_client.get(_url("chapter", seed_plan, chapter=7)).content.decode()
        assert "7463万亩" in old and "非当前版本" in old
        current = admin_client.get(reverse("plans:current", kwargs={"plan_id": seed_plan.plan.pk}))
        assert "第2版" in current.content.decode()
        assert seed_plan.version.nodes.filter(kind=PlanNode.Kind.CHAPTER).count() == 53


@pytest.mark.django_db
def test_the_contents_show_each_parts_opening_words(admin_client, seed_plan):
    page = admin_client.get(_url("contents", seed_plan)).content.decode()
    assert page.count('class="part-intro muted"') >= 10
    assert "牢固树立和践行绿水青山就是金山银山的理念" in page
    assert '<p class="part-intro muted">推进中华民族共同体建设</p>' not in page  # the wrapped heading is no intro


@pytest.mark.django_db
def test_every_search_hit_links_to_an_anchor_that_exists(admin_client, seed_plan):
    from plantrack.plans.search import search_plan

    pages: dict[int, str] = {}
    for query in ("氢能", "碳达峰", "专栏", "高标准农田"):
        for hit in search_plan(version=seed_plan.version, query=query).hits:
            if hit.chapter is None:
                assert hit.part is not None
                continue
            number = hit.chapter.number
            if number not in pages:
                pages[number] = admin_client.get(_url("chapter", seed_plan, chapter=number)).content.decode()
            assert f'id="L{hit.sentence.line}"' in pages[number], (query, hit.sentence.text)
