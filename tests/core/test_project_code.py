"""The project code (项目代码, GB/T 40058-2021): its form, its check character and its region against the project's."""

from __future__ import annotations

import pytest

from plantrack.core.project_code import (
    check_character,
    parse_project_code,
    region_agrees,
    with_check_character,
)

GOOD = with_check_character("2204-150621-04-01-59231")


class TestProjectCodeForm:
    def test_a_complete_code_reads_into_its_parts(self):
        code = parse_project_code(GOOD)
        assert (code.time, code.region, code.department, code.kind, code.serial) == (
            "2204", "150621", "04", "01", "59231")
        assert len(code.text) == 24

    def test_lower_case_spaces_and_full_width_hyphens_are_read(self):
        messy = " " + GOOD.lower().replace("-", "－") + " "
        assert parse_project_code(messy).text == GOOD

    def test_a_code_given_before_the_standard_with_a_whole_year_is_read(self):
        assert parse_project_code(with_check_character("2019-150602-44-03-00123")).time == "2019"

    @pytest.mark.parametrize("text, why", [
        ("2204-150621-04-01-5923", "24位"),
        ("2204150621-04-01-5923144", "格式不对"),
        ("2213-150621-04-01-59231X", "时间代码"),
        ("2204-000000-04-01-59231X", "地区代码"),
    ])
    def test_a_code_of_the_wrong_form_is_refused_saying_why(self, text, why):
        if why in ("时间代码", "地区代码"):
            text = with_check_character(text[:-1])
        with pytest.raises(ValueError, match=why):
            parse_project_code(text)

    def test_one_mistyped_character_is_caught_by_the_check_character(self):
        for i, char in enumerate(GOOD[:-1]):
            if char == "-":
                continue
            swapped = "1" if char != "1" else "2"
            wrong = GOOD[:i] + swapped + GOOD[i + 1:]
            with pytest.raises(ValueError):
                parse_project_code(wrong)

    def test_a_wrong_check_character_names_the_right_one(self):
        right = GOOD[-1]
        wrong = GOOD[:-1] + ("0" if right != "0" else "1")
        with pytest.raises(ValueError, match=f"应为 {right}"):
            parse_project_code(wrong)

    def test_letters_that_look_like_digits_are_refused(self):
        with pytest.raises(ValueError):
            check_character("2204-150621-04-01-5923O")


class TestRegionAgreement:
    @pytest.mark.parametrize("code_region, project_region, agrees", [
        ("150621", "150621", True),   # the same 旗县
        ("150600", "150621", True),   # a code given by its 盟市
        ("150000", "150621", True),   # given by the region
        ("150621", "150600", True),   # a 盟市's project carrying one of its 旗县
        ("150221", "150621", False),  # a 旗县 of another 盟市
        ("150200", "150621", False),
        ("110000", "150621", False),
        ("15062", "150621", False),
    ])
    def test_region_part_against_the_projects_place(self, code_region, project_region, agrees):
        assert region_agrees(code_region, project_region) is agrees
