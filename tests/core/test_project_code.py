"""The project code (项目代码, GB/T 40058-2021): its form, its time and its region against the project's."""

from __future__ import annotations

import pytest

from plantrack.core.project_code import parse_project_code, region_agrees

# The form the national online approval platform prints (a real-form code, not an invented one).
PLATFORM = "2104-150621-04-01-382911"


class TestProjectCodeForm:
    def test_a_code_as_the_platform_prints_it_reads_into_its_parts(self):
        code = parse_project_code(PLATFORM)
        assert (code.time, code.region, code.department, code.kind, code.serial) == (
            "2104", "150621", "04", "01", "382911")
        assert len(code.text) == 24

    def test_lower_case_spaces_and_full_width_hyphens_are_read(self):
        messy = " " + "2104-150621-04-01-38291x".replace("-", "－") + " "
        assert parse_project_code(messy).text == "2104-150621-04-01-38291X"

    def test_a_code_given_before_the_standard_with_a_whole_year_is_read(self):
        assert parse_project_code("2019-150602-44-03-001235").time == "2019"

    def test_the_last_character_is_not_verified_until_its_algorithm_is_confirmed(self):
        # Any last character of the right form is taken: the GB/T 40058 check algorithm is not known here.
        for last in "0123456789":
            assert parse_project_code(PLATFORM[:-1] + last).serial.endswith(last)

    @pytest.mark.parametrize("text, why", [
        ("2204-150621-04-01-5923", "24位"),
        ("2204150621-04-01-5923144", "格式不对"),
        ("2213-150621-04-01-592311", "时间代码"),
        ("2204-000000-04-01-592311", "地区代码"),
    ])
    def test_a_code_of_the_wrong_form_is_refused_saying_why(self, text, why):
        with pytest.raises(ValueError, match=why):
            parse_project_code(text)


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
