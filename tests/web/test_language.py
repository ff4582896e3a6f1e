"""The interface language (界面语言): Chinese by default, English through the header switch, and an English
catalogue that translates every source string."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as gettext_now

from plantrack.orgs.models import User
from plantrack.plans.models import Plan

LOCALE = Path(__file__).resolve().parents[2] / "src" / "plantrack" / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

CJK = re.compile(r"[\u3400-\u9fff]")
# Every kind of placeholder the code fills in: %(name)s / %d / %% for `%`, {name} for str.format.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd%]|\{[a-z_]*\}")


def _switch(client, language: str, next_url: str) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestLanguageSwitch:
    def test_the_login_page_is_chinese_by_default(self, client):
        html = _page(client, "/login/")
        assert '<html lang="zh-hans">' in html
        assert "<h1>登录</h1>" in html and "用户名" in html and "密码" in html
        assert "Log in" not in html and "Username" not in html

    def test_every_page_offers_the_switch_in_the_header(self, client):
        html = _page(client, "/login/")
        header = html.split("</header>")[0]
        assert 'action="/i18n/setlang/"' in header
        assert 'name="language" value="en"' in header and 'name="language" value="zh-hans"' in header
        assert '<input type="hidden" name="next" value="/login/">' in header

    def test_switching_to_english_translates_the_login_page(self, client):
        _switch(client, "en", "/login/")
        html = _page(client, "/login/")
        assert '<html lang="en">' in html
        assert "<h1>Log in</h1>" in html and "Username" in html and "Password" in html
        assert "Plan Implementation Monitoring and Evaluation" in html
        assert "用户名" not in html and "<h1>登录</h1>" not in html

    def test_the_plan_list_in_english(self, client):
        Plan.objects.create(title="测试规划纲要", region="测试自治区", level=Plan.Level.PREFECTURE,
                            period_start=2026, period_end=2030)
        client.force_login(User.objects.create_user("reader", role=User.Role.SUPERVISOR))
        _switch(client, "en", "/plans/")
        html = _page(client, "/plans/")
        assert "<h1>Plans</h1>" in html
        assert "<th>Plan title</th>" in html and "<th>Plan period</th>" in html
        # The level comes from the model's choices (gettext_lazy), not the template.
        assert "<td>League/City</td>" in html
        nav = html.split('class="mainnav"')[1].split("</nav>")[0]
        assert all(label in nav for label in ("Home", "Plans", "Indicators", "Data reporting"))
        assert "Log out" in html and "Supervisor (read-only)" in html
        # What people entered (a plan's title) stays as entered.
        assert "测试规划纲要" in html
        assert "规划名称" not in html and "数据填报" not in html

    def test_the_planning_office_s_main_pages_in_english(self, client, people):
        client.force_login(people.admin)
        _switch(client, "en", "/")
        pages = {"/": "<h1>Monitoring dashboard", "/reports/": "<h1>Assessment reports</h1>",
                 "/tasks/": "<h1>Task progress by unit</h1>", "/assessment/warnings/": "<h1>Warning</h1>"}
        for url, heading in pages.items():
            html = _page(client, url)
            assert '<html lang="en">' in html and heading in html, url
        nav = _page(client, "/").split('class="mainnav"')[1].split("</nav>")[0]
        assert all(label in nav for label in ("Monitoring dashboard", "Tasks &amp; supervision", "Assessment reports"))
        assert "监测看板" not in nav and "任务督办" not in nav

    def test_switching_back_gives_chinese_again(self, client):
        _switch(client, "en", "/login/")
        assert "<h1>Log in</h1>" in _page(client, "/login/")
        _switch(client, "zh-hans", "/login/")
        html = _page(client, "/login/")
        assert '<html lang="zh-hans">' in html and "<h1>登录</h1>" in html and "Log in" not in html

    def test_without_a_choice_every_browser_gets_chinese(self, client):
        # The browser's Accept-Language is not consulted: Chinese is the working language until someone chooses.
        assert "<h1>登录</h1>" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        # A choice wins over the browser, both ways.
        _switch(client, "en", "/login/")
        assert "<h1>Log in</h1>" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
        _switch(client, "zh-hans", "/login/")
        assert "<h1>登录</h1>" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()

    def test_an_unknown_language_changes_nothing(self, client):
        _switch(client, "en", "/login/")
        client.post("/i18n/setlang/", {"language": "xx", "next": "/login/"})
        assert "<h1>Log in</h1>" in _page(client, "/login/")

    def test_a_person_s_choice_ends_with_their_request(self, client):
        # Messages made outside a request (commands, services, the next request on this thread) stay Chinese.
        _switch(client, "en", "/login/")
        assert "<h1>Log in</h1>" in _page(client, "/login/")
        assert gettext_now("用户名") == "用户名"
        assert "<h1>登录</h1>" in Client().get("/login/").content.decode()

    def test_a_language_chosen_around_a_request_is_kept(self, client):
        with translation.override("en"):
            _page(client, "/login/")
            assert gettext_now("用户名") == "Username"


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr / msgstr[n] and flags (a small subset of the format
    that covers what xgettext writes)."""
    entries: list[dict] = []
    entry: dict | None = None
    key = ""
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry = None
            continue
        entry = entry if entry is not None else {"flags": set(), "refs": []}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry["refs"].extend(line[2:].split())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _, rest = line.partition(" ")
            entry[key] = _unquote(rest)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    """The English catalogue's entries, without the header."""
    entries = [e for e in parse_po(EN_PO) if e["msgid"]]
    assert len(entries) > 300  # the whole interface, not a handful
    return entries


class TestEnglishCatalogue:
    """Holds only for strings `makemessages` has collected: after adding or changing a Chinese source string, run
    `django-admin makemessages -l en` (from src/plantrack), translate, and `compilemessages -l en`; these tests
    then fail for every string left untranslated or fuzzy, and when the .mo is stale."""

    @staticmethod
    def _translations(entry: dict) -> list[str]:
        return [value for key, value in entry.items() if key.startswith("msgstr")]

    def test_no_entry_is_untranslated_or_fuzzy(self, entries):
        fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
        empty = [e["msgid"] for e in entries if not all(self._translations(e))]
        assert fuzzy == [] and empty == []

    def test_no_translation_is_left_in_chinese(self, entries):
        assert [e["msgid"] for e in entries if any(CJK.search(t) for t in self._translations(e))] == []

    def test_placeholders_are_kept(self, entries):
        wrong = []
        for e in entries:
            source = sorted(PLACEHOLDER.findall(e["msgid"]))
            wrong += [(e["msgid"], t) for t in self._translations(e) if sorted(PLACEHOLDER.findall(t)) != source]
        assert wrong == []

    def test_the_compiled_catalogue_matches_the_po(self, entries):
        with EN_MO.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        for e in entries:
            if "msgid_plural" in e:
                assert catalog.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr[0]"]
                assert catalog.ngettext(e["msgid"], e["msgid_plural"], 2) == e["msgstr[1]"]
            elif "msgctxt" in e:  # pgettext: the same words in another context may read otherwise
                assert catalog.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"], (e["msgctxt"], e["msgid"])
            else:
                assert catalog.gettext(e["msgid"]) == e["msgstr"], e["msgid"]
