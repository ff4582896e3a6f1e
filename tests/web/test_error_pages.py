"""The 403, 404 and 500 pages: in the site's layout, in Chinese, with a way back; a browser follows the way back."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import include, path

from api.world import PASSWORD, build_world
from logins import log_in


def _boom(request):
    raise RuntimeError("broken on purpose")


# A URL map with one failing page, for the 500 test; the error handlers are the site's.
urlpatterns = [path("boom/", _boom), path("", include("plantrack.urls"))]
handler500 = "plantrack.web.errors.server_error"


def login(username: str) -> Client:
    client = Client(raise_request_exception=False)
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.django_db
class TestErrorPages:
    def test_a_missing_page_is_chinese_in_the_layout_with_a_way_home(self):
        build_world()
        response = login("ordos_clerk").get("/reporting/values/987654/history/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "<h1>页面不存在</h1>" in html and 'class="mainnav"' in html and 'href="/">返回工作台' in html
        assert "Not Found" not in html

    def test_a_refused_page_names_the_reason_and_offers_the_page_before(self):
        build_world()
        response = login("ordos_clerk").get("/reporting/review/", headers={"referer": "http://testserver/plans/"})
        html = response.content.decode()
        assert response.status_code == 403
        assert "<h1>没有权限</h1>" in html and "规划处管理员" in html and 'href="http://testserver/plans/"' in html

    def test_a_way_back_to_another_site_is_not_offered(self):
        build_world()
        html = login("ordos_clerk").get("/reporting/review/", headers={"referer": "https://evil.example/"}).content
        assert b"evil.example" not in html

    def test_a_form_without_its_token_is_explained(self):
        build_world()
        client = Client(enforce_csrf_checks=True)
        assert client.login(username="ordos_clerk", password=PASSWORD)
        response = client.post("/reporting/review/", {"action": "approve"})
        html = response.content.decode()
        assert response.status_code == 403 and "<h1>页面已过期</h1>" in html and "请刷新页面" in html
        assert "CSRF verification failed" not in html and "Forbidden" not in html

    def test_a_server_error_is_chinese_in_the_layout(self, settings):
        settings.ROOT_URLCONF = __name__
        build_world()
        response = login("ordos_clerk").get("/boom/")
        html = response.content.decode()
        assert response.status_code == 500
        assert "<h1>系统出错</h1>" in html and "已记录在系统日志中" in html and 'class="mainnav"' in html
        assert "broken on purpose" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_follows_the_way_back_from_a_missing_page(live_server, page):
    build_world()
    base = live_server.url
    log_in(page, base, "supervisor", to="/plans/no-such-page/")
    assert page.title().startswith("页面不存在")
    assert page.locator("header .mainnav").get_by_role("link", name="数据填报").is_visible()
    assert page.locator("main h1").inner_text() == "页面不存在"
    page.get_by_role("link", name="返回工作台").click()
    page.wait_for_url(f"{base}/")
    assert page.locator("main h1").inner_text().startswith("监测看板")  # a supervisor's home is the dashboard
