"""The demo plan in a real browser (Debian chromium): log in, open the plan, walk the tree, read a chapter with a
highlighted commitment, and search for 氢能."""

from __future__ import annotations

import pytest

from logins import log_in, log_in_through_form
from plantrack.orgs.models import User
from plantrack.plans import demo

pytestmark = pytest.mark.browser

PASSWORD = "demo-office-2026"


@pytest.fixture
def demo_site(transactional_db, live_server):
    demo.load(None)
    User.objects.create_user(username="planner", password=PASSWORD, role=User.Role.ADMIN)
    return live_server


def test_a_planner_browses_and_searches_the_demo_plan(demo_site, page):
    page.set_default_timeout(15_000)
    page.goto(f"{demo_site.url}/plans/")
    assert "/login/" in page.url
    log_in_through_form(page, demo_site.url, "planner", PASSWORD, lands_on="**/plans/")  # back where they asked

    page.click("text=内蒙古自治区国民经济和社会发展第十五个五年规划纲要（演示文本）")
    page.wait_for_selector(".toc")
    assert page.locator("details.toc-part").count() == 5

    # Chapters start folded: open the one on hydrogen and its sections appear.
    chapter = page.locator("details.toc-chapter", has_text="壮大氢能和新型储能产业")
    section_link = chapter.locator("a", has_text="拓展氢能多元应用")
    assert not section_link.is_visible()
    chapter.locator("summary").click(position={"x": 2, "y": 5})
    assert section_link.is_visible()
    section_link.click()

    page.wait_for_selector("article.plan-chapter h1")
    assert page.locator("article.plan-chapter h1").inner_text() == "第五章 壮大氢能和新型储能产业"
    assert page.locator("aside.plan-box h3").first.inner_text() == "专栏3 氢能产业发展重点"
    mark = page.locator("mark.commitment", has_text="加氢站100座")
    assert mark.count() == 1 and mark.is_visible()
    title = mark.get_attribute("title")
    assert "100座" in title and "2030" in title
    # htmx came from the vendored static file, so the filter form is live.
    assert page.evaluate("typeof window.htmx") == "object"

    page.fill("input[name=q]", "氢能")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#search-summary")
    hits = page.locator("ol.search-hits li")
    assert hits.count() >= 5
    assert page.locator("ol.search-hits mark", has_text="氢能").count() >= 5

    hits.first.locator(".hit-place a").click()
    page.wait_for_selector("article.plan-chapter")
    assert "/chapters/" in page.url and "#L" in page.url


def test_the_commitment_filters_update_the_list_in_place(demo_site, page):
    page.set_default_timeout(15_000)
    log_in(page, demo_site.url, "planner", to="/plans/")
    page.click("text=内蒙古自治区国民经济和社会发展第十五个五年规划纲要（演示文本）")
    page.click("nav.subnav >> text=量化目标")
    rows = page.locator("#commitment-rows tbody tr")
    assert rows.count() == 37
    page.evaluate("window.__same_page = true")
    page.select_option("select[name=chapter]", "5")
    # A function, not an expression: the page's Content-Security-Policy refuses eval, which an expression needs.
    page.wait_for_function("() => document.querySelectorAll('#commitment-rows tbody tr').length === 6")
    assert page.evaluate("window.__same_page") is True  # htmx swapped the rows; no page load
    assert "chapter=5" in page.url
    assert all(text.startswith("第五章") for text in rows.locator("td:first-child").all_inner_texts())
    rows.first.locator("a").click()
    page.wait_for_selector("mark.commitment:target")
