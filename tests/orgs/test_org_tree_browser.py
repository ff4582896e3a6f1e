"""In a browser: a clerk signs in through the throttled login page (the browser test of the login form itself; the
others log in by a session cookie, tests/logins.py) and folds the org tree of their 盟市."""

from __future__ import annotations

import pytest

from logins import log_in_through_form


@pytest.mark.browser
def test_a_clerk_signs_in_and_folds_the_tree(transactional_db, live_server, page, people, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ordos_clerk")
    page.fill("input[name=password]", "not-the-password")
    page.click("main button[type=submit]")
    assert page.url.endswith("/login/") and "正确的" in page.locator("main form").inner_text()
    log_in_through_form(page, live_server.url, "ordos_clerk", password)
    page.goto(f"{live_server.url}/orgs/")
    ordos = page.locator('details[data-code="150600"]')
    assert ordos.get_attribute("open") is not None
    dongsheng = page.locator('[data-code="150602"]')
    assert dongsheng.is_visible()
    assert page.locator('[data-code="150200"]').count() == 0
    ordos.locator("summary").first.click()
    assert not dongsheng.is_visible()
    ordos.locator("summary").first.click()
    assert dongsheng.is_visible()
