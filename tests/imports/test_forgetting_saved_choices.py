"""An office's saved column choices are listed on their own page, per import, reached from each import's preview; one
choice, or all of one import's, can be forgotten (asked first, and only by a POST), after which the office's next file
asks about the column again. Only people who may import for the office see or forget its choices; the command line
`plantrack saved-columns` lists and forgets them through the same rule."""

from __future__ import annotations

import logging
import re
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

import office_files
from plantrack.imports.models import ImportColumnChoice
from plantrack.imports.services import forget_choices, save_choices, saved_choices
from plantrack.imports.sheets import SHEETS, import_sheets
from plantrack.orgs.models import AccessDenial
from plantrack.projects.ledger import import_ledger

URL = "/imports/columns/"
FORGET = "/imports/columns/forget/"


def remember_ledger_mapping(people, tmp_path) -> ImportColumnChoice:
    """The 鄂尔多斯市 clerk imports a county ledger with its 备注2 column read as 备注, and remembers that."""
    path = office_files.county_weekly_ledger(tmp_path / "达拉特旗第14周.xlsx", second_remarks=True)
    import_ledger(user=people.ordos_clerk, source=path, name=path.name, choices={"备注2": "field:remarks"},
                  remember_choices=True)
    return ImportColumnChoice.objects.get(office=people.ordos_clerk.unit, sheet="ledger", header="备注2")


def section(html: str, sheet: str) -> str:
    found = re.search(rf'<section id="sheet-{sheet}".*?</section>', html, re.S)
    assert found, sheet
    return found.group(0)


def upload_ledger(client, path):
    with path.open("rb") as fh:
        return client.post("/projects/import/", {"file": fh})


def column_row(html: str, header: str) -> str:
    found = re.search(rf'<tr data-column="{header}"[^>]*>.*?</tr>', html, re.S)
    assert found, header
    return found.group(0)


class TestTheList:
    def test_each_imports_choices_are_listed_in_words_with_who_saved_them_and_when(self, people, client, tmp_path):
        choice = remember_ledger_mapping(people, tmp_path)
        save_choices(user=people.ordos_clerk, sheet="values", choices={"备注说明": "ignore"})
        ImportColumnChoice.objects.create(office=people.baotou_clerk.unit, sheet="ledger", header="包头自填列",
                                          choice="keep")
        client.force_login(people.ordos_clerk)
        page = client.get(URL)
        html = page.content.decode()
        assert page.status_code == 200 and "鄂尔多斯市" in html
        ledger = section(html, "ledger")
        assert "项目台账导入" in ledger and "<td>备注2</td>" in ledger and "对应字段：备注" in ledger
        assert "ordos_clerk" in ledger and timezone.localtime(choice.saved_at).strftime("%Y-%m-%d %H:%M") in ledger
        values = section(html, "values")
        assert "数值批量导入" in values and "<td>备注说明</td>" in values and "忽略" in values
        assert "ordos_clerk" in values
        assert "包头自填列" not in html and 'id="sheet-division_of_work"' not in html

    def test_an_office_with_nothing_saved_is_told_so(self, people, client):
        client.force_login(people.baotou_clerk)
        html = client.get(URL).content.decode()
        assert "本单位没有保存的列选择" in html and "<section" not in html

    def test_the_ledger_preview_links_to_it(self, people, client, tmp_path):
        client.force_login(people.ordos_clerk)
        preview = upload_ledger(client, office_files.county_weekly_ledger(tmp_path / "周.xlsx", second_remarks=True))
        assert f'href="{URL}"' in preview.content.decode()


class TestForgetting:
    def test_one_choice_is_asked_about_then_forgotten_and_the_next_ledger_asks_about_the_column_again(
            self, people, client, tmp_path):
        choice = remember_ledger_mapping(people, tmp_path)
        client.force_login(people.ordos_clerk)
        assert f'href="{FORGET}?choice={choice.pk}"' in client.get(URL).content.decode()

        asked = client.get(FORGET, {"choice": choice.pk})
        html = asked.content.decode()
        assert asked.status_code == 200 and "备注2" in html and "对应字段：备注" in html
        assert 'method="post"' in html and "csrfmiddlewaretoken" in html
        assert ImportColumnChoice.objects.filter(pk=choice.pk).exists()  # asking is not doing

        done = client.post(FORGET, {"choice": choice.pk}, follow=True)
        assert done.redirect_chain[-1][0].startswith(URL)
        assert "已忘记“备注2”列的选择（项目台账导入）" in done.content.decode()
        assert saved_choices(people.ordos_clerk.unit, "ledger") == {}

        preview = upload_ledger(client, office_files.county_weekly_ledger(tmp_path / "达拉特旗第15周.xlsx",
                                                                        second_remarks=True))
        html = preview.content.decode()
        assert 'class="unknown"' in column_row(html, "备注2") and "按本单位上次的选择" not in html

    def test_all_of_one_imports_choices_are_forgotten_and_the_others_kept(self, people, client, tmp_path):
        remember_ledger_mapping(people, tmp_path)
        save_choices(user=people.ordos_clerk, sheet="ledger", choices={"调度层级": "keep"})
        save_choices(user=people.ordos_clerk, sheet="values", choices={"备注说明": "ignore"})
        client.force_login(people.ordos_clerk)
        assert f'href="{FORGET}?unit=150600&amp;sheet=ledger"' in client.get(URL).content.decode()
        asked = client.get(FORGET, {"unit": "150600", "sheet": "ledger"}).content.decode()
        assert "备注2" in asked and "调度层级" in asked and "备注说明" not in asked
        assert len(saved_choices(people.ordos_clerk.unit, "ledger")) == 2

        done = client.post(FORGET, {"unit": "150600", "sheet": "ledger"}, follow=True)
        assert "已忘记鄂尔多斯市项目台账导入的2项列选择" in done.content.decode()
        assert saved_choices(people.ordos_clerk.unit, "ledger") == {}
        assert saved_choices(people.ordos_clerk.unit, "values") == {"备注说明": "ignore"}

    def test_a_choice_already_forgotten_is_not_found(self, people, client, tmp_path):
        choice = remember_ledger_mapping(people, tmp_path)
        client.force_login(people.ordos_clerk)
        client.post(FORGET, {"choice": choice.pk})
        assert client.post(FORGET, {"choice": choice.pk}).status_code == 404
        assert client.get(FORGET, {"choice": "abc"}).status_code == 404
        assert client.get(FORGET, {"unit": "150600", "sheet": "invoices"}).status_code == 404


class TestWhoMay:
    def test_another_units_clerk_neither_sees_nor_forgets(self, people, client, tmp_path):
        choice = remember_ledger_mapping(people, tmp_path)
        client.force_login(people.baotou_clerk)
        assert "备注2" not in client.get(URL).content.decode()
        assert client.get(URL, {"unit": "150600"}).status_code == 403
        assert client.get(FORGET, {"choice": choice.pk}).status_code == 403
        assert client.post(FORGET, {"choice": choice.pk}).status_code == 403
        assert client.post(FORGET, {"unit": "150600", "sheet": "ledger"}).status_code == 403
        assert ImportColumnChoice.objects.filter(pk=choice.pk).exists()
        assert AccessDenial.objects.filter(user=people.baotou_clerk, unit__code="150600").count() == 4

    def test_someone_of_the_same_unit_who_imports_nothing_is_refused(self, people, client, tmp_path):
        choice = remember_ledger_mapping(people, tmp_path)
        client.force_login(people.ordos_reviewer)
        assert client.get(URL).status_code == 403
        assert client.post(FORGET, {"choice": choice.pk}).status_code == 403
        assert ImportColumnChoice.objects.filter(pk=choice.pk).exists()

    def test_the_planning_office_looks_after_a_units_choices(self, people, client, tmp_path):
        choice = remember_ledger_mapping(people, tmp_path)
        client.force_login(people.admin)
        assert "备注2" in section(client.get(URL, {"unit": "150600"}).content.decode(), "ledger")
        done = client.post(FORGET, {"choice": choice.pk})
        assert done.status_code == 302 and done["Location"] == f"{URL}?unit=150600"
        assert not ImportColumnChoice.objects.exists()


class TestTheService:
    def test_every_import_that_saves_choices_says_what_it_is_called(self):
        assert [s.name for s in import_sheets()] == list(SHEETS)
        assert [str(s.label) for s in import_sheets()] == [
            "项目台账导入", "分工方案导入", "数值批量导入", "填报模板导入"]

    def test_it_forgets_the_headers_named_or_all_and_says_which(self, people, caplog):
        save_choices(user=people.ordos_clerk, sheet="values", choices={"备注说明": "ignore", "说明": "ignore"})
        with caplog.at_level(logging.INFO, logger="plantrack.imports"):
            assert forget_choices(user=people.ordos_clerk, office=people.ordos_clerk.unit, sheet="values",
                                  headers=["说明", "没有这一列"]) == ["说明"]
        assert "ordos_clerk forgot" in caplog.text and "说明" in caplog.text
        assert forget_choices(user=people.ordos_clerk, office=people.ordos_clerk.unit, sheet="values") == ["备注说明"]
        assert not ImportColumnChoice.objects.exists()

    def test_it_refuses_who_may_not_import_for_the_office(self, people):
        save_choices(user=people.ordos_clerk, sheet="values", choices={"说明": "ignore"})
        with pytest.raises(PermissionDenied):
            forget_choices(user=people.baotou_clerk, office=people.ordos_clerk.unit, sheet="values")
        with pytest.raises(PermissionDenied):  # only the planning office imports a 分工方案
            forget_choices(user=people.ordos_clerk, office=people.ordos_clerk.unit, sheet="division_of_work")
        with pytest.raises(ValueError, match="unknown import sheet"):
            forget_choices(user=people.ordos_clerk, office=people.ordos_clerk.unit, sheet="invoices")
        assert ImportColumnChoice.objects.count() == 1


class TestTheCommand:
    def test_it_lists_and_forgets_one_choice_or_an_imports_all(self, people, tmp_path):
        remember_ledger_mapping(people, tmp_path)
        save_choices(user=people.ordos_clerk, sheet="values", choices={"备注说明": "ignore", "说明": "ignore"})
        out = StringIO()
        call_command("saved_columns", "--user", "ordos_clerk", stdout=out)
        assert "ledger\t备注2\t对应字段：备注\tordos_clerk" in out.getvalue()
        assert "values\t备注说明\t忽略\tordos_clerk" in out.getvalue()

        out = StringIO()
        call_command("saved_columns", "--user", "ordos_clerk", "--sheet", "ledger", "--forget", "备注2", stdout=out)
        assert "forgot 1 column choice of 150600 ledger: 备注2" in out.getvalue()
        assert saved_choices(people.ordos_clerk.unit, "ledger") == {}
        call_command("saved_columns", "--user", "ordos_clerk", "--sheet", "values", "--forget-all", stdout=StringIO())
        assert not ImportColumnChoice.objects.exists()

    def test_it_refuses_another_units_choices_and_a_forget_without_its_import(self, people, tmp_path):
        remember_ledger_mapping(people, tmp_path)
        with pytest.raises(CommandError, match="may not"):
            call_command("saved_columns", "--user", "baotou_clerk", "--unit", "150600", "--sheet", "ledger",
                         "--forget-all")
        with pytest.raises(CommandError, match="--sheet"):
            call_command("saved_columns", "--user", "ordos_clerk", "--forget", "备注2")
        assert ImportColumnChoice.objects.count() == 1


def test_the_page_and_its_message_in_english(people, client, tmp_path):
    choice = remember_ledger_mapping(people, tmp_path)
    client.force_login(people.ordos_clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    html = client.get(URL).content.decode()
    assert "Column choices saved by your office" in html and "Project ledger import" in html
    assert "Read as field: Comment" in html and "Forget all of this import's" in html
    asked = client.get(FORGET, {"choice": choice.pk}).content.decode()
    assert "Forget this column choice?" in asked
    done = client.post(FORGET, {"choice": choice.pk}, follow=True).content.decode()
    assert "Forgot the choice for column “备注2” (Project ledger import)" in done
    preview = upload_ledger(client, office_files.county_weekly_ledger(tmp_path / "周.xlsx", second_remarks=True))
    assert "Column choices saved by your office" in preview.content.decode()
