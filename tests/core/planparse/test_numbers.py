"""Chinese numbers, units, ranges and tolerance words (plantrack.core.planparse.numbers)."""

from __future__ import annotations

import pytest

from plantrack.core.planparse.numbers import find_quantities, parse_chinese_number, parse_magnitude


class TestChineseNumerals:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("一百二十", 120),
            ("两千", 2000),
            ("十五", 15),
            ("十", 10),
            ("二十二", 22),
            ("一百零五", 105),
            ("三千五百万", 35_000_000),
            ("一亿二千万", 120_000_000),
            ("万", 10_000),
            ("二〇三〇", 2030),
            ("三点五", 3.5),
        ],
    )
    def test_it_reads_chinese_numerals(self, text, value):
        assert parse_chinese_number(text) == value

    @pytest.mark.parametrize("text", ["", "十五五规划", "abc", "三点"])
    def test_it_rejects_what_is_not_a_numeral(self, text):
        assert parse_chinese_number(text) is None


class TestParseNumber:
    @pytest.mark.parametrize(
        ("text", "value"),
        [("3.5万", 35_000), ("1,200", 1200), ("2.67万亿", 2.67e12), ("7463", 7463), ("一百二十", 120),
         ("1.2亿", 1.2e8)],
    )
    def test_it_gives_the_plain_magnitude(self, text, value):
        assert parse_magnitude(text) == pytest.approx(value)

    def test_it_names_the_text_it_cannot_read(self):
        with pytest.raises(ValueError, match="不是"):
            parse_magnitude("不是数字")


class TestUnits:
    @pytest.mark.parametrize(
        ("text", "value", "unit"),
        [
            ("规划完成生态建设任务7463万亩", 7463, "万亩"),
            ("新增水土流失综合治理面积 3.76 万平方公里", 3.76, "万平方公里"),
            ("新能源装机规模达到 3.25 亿千瓦", 3.25, "亿千瓦"),
            ("外送电量达到 2000 亿千瓦时", 2000, "亿千瓦时"),
            ("力争重大项目建设投资达到6万亿元", 6, "万亿元"),
            ("城镇新增就业18万人以上", 18, "万人"),
            ("制定标准30项以上", 30, "项"),
            ("打造 100 个典型应用场景", 100, "个"),
            ("支持 2 所以上高校", 2, "所"),
            ("领军企业 50 家以上", 50, "家"),
            ("提高5个百分点", 5, "个百分点"),
            ("在产煤矿产能稳定在 13 亿吨/年左右", 13, "亿吨/年"),
            ("建设三千万千瓦风电", 3000, "万千瓦"),
            ("粮食产量超过840亿斤", 840, "亿斤"),
        ],
    )
    def test_units_stay_as_written(self, text, value, unit):
        q = find_quantities(text)[0]
        assert (q.value, q.unit) == (value, unit)
        assert text[q.start:q.end] == q.text

    def test_a_bare_number_has_an_empty_unit(self):
        q = find_quantities("农田灌溉水有效利用系数达到 0.612")[0]
        assert (q.value, q.unit, q.comparator) == (0.612, "", "=")

    def test_bare_chinese_numerals_are_not_figures(self):
        assert find_quantities("加强“一湖两海”治理") == []
        assert find_quantities("核心零部件配套") == []

    def test_a_lone_multiplier_is_one_of_it(self):
        q = find_quantities("资产总额突破万亿元")[0]
        assert (q.value, q.unit, q.comparator) == (1, "万亿元", ">=")

    def test_arabic_only_mode_skips_chinese_numerals(self):
        assert [q.value for q in find_quantities("两千家企业和30家机构", chinese=False)] == [30]


class TestRangesAndQualifiers:
    @pytest.mark.parametrize("text", ["增长4.5%—5%", "增长4.5%-5%", "增长4.5至5%", "增长4.5—5%", "增长4.5%～5%"])
    def test_ranges(self, text):
        q = find_quantities(text)[0]
        assert (q.value, q.value_max, q.unit, q.comparator) == (4.5, 5, "%", "range")

    @pytest.mark.parametrize(
        ("text", "comparator"),
        [
            ("稳定在45%以上", ">="),
            ("不低于 90%", ">="),
            ("不少于 20 名", ">="),
            ("突破 7000 亿元", ">="),
            ("超过840亿斤", ">="),
            ("时延在 2ms 以内", "<="),
            ("不超过 5%", "<="),
            ("5%以下", "<="),
            ("5.7%左右", "~"),
            ("达到 80%", "="),
            ("培育1000余家企业", ">="),
        ],
    )
    def test_qualifiers_map_to_comparators(self, text, comparator):
        assert find_quantities(text)[0].comparator == comparator


    def test_a_qualifier_is_part_of_the_figure_text(self):
        q = find_quantities("肉类总产量达到 315 万吨以上，")[0]
        assert q.text == "315 万吨以上"

    def test_two_figures_in_a_list_are_not_a_range(self):
        values = [(q.value, q.value_max) for q in find_quantities("每年分别招募 3000 名、5000 名左右")]
        assert values == [(3000, None), (5000, None)]
