"""Fixtures for the plan-parser tests: the parsed seed plan, its Word and PDF renderings (built once a session),
and a small synthetic plan written for these tests (another region, other counts, same conventions).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from renderings import write_docx, write_pdf

from plantrack.core.planparse import parse_plan, read_document_text

# A plan of an imaginary city, in our own words: no 篇 in the body, chapters numbered through, a box with a
# spaced heading, a box whose heading was lost, a wrapped chapter heading, and a table without a 类别 column.
SYNTHETIC_PLAN = """\
青川市国民经济和社会发展
第十四个五年规划和二〇三五年远景目标纲要

目录
第一章 发展基础\t1
第一节 主要成绩.....1
第二章 建设人与自然和谐共生的美丽宜居城市\t3
第三章 民生保障\t5

第一章 发展基础

第一节 主要成绩

过去五年，全市经济总量稳步增长。

第二节 面临挑战

发展不平衡不充分问题仍然突出。

专栏 1 主要发展指标
指标\t2020 年\t2025 年\t年均/累计\t属性
1.地区生产总值增长 (%)\t3.1\t—\t6 左右\t预期性
2.城镇新增就业人数 (万人)\t—\t—\t[12]\t预期性
3.空气质量优良天数比率 (%)\t88\t不低于 90\t—\t约束性
4.单位地区生产总值能源消耗降低 (%)\t—\t—\t完成省下达
任务\t约束性
注：① [] 内为 5 年累计数。

第二章 建设人与自然和谐共生的
美丽宜居城市

坚持生态优先，建设宜居城市。

第一节 治理水环境

到2025年，城市黑臭水体全面消除。

专栏2 生态修复工程

（一）河道整治

整治城区河道30公里。

（二）湿地保护

新建湿地公园3个。

第二节 建设公园城市

建设口袋公园。

第三章 民生保障

第一节 扩大就业

实施就业优先战略。

（一）职业技能提升行动

每年培训劳动者2万人次。

（二）创业带动就业行动

建设创业孵化基地5个。

（三）公益岗位托底行动

开发公益性岗位1000个。

第二节 办好教育

新建中小学10所。
"""


@pytest.fixture(scope="session")
def plan_doc(plan_text):
    return parse_plan(plan_text)


@pytest.fixture(scope="session")
def plan_lines(plan_text) -> list[str]:
    return plan_text.split("\n")


@pytest.fixture(scope="session")
def synthetic_plan_text() -> str:
    return SYNTHETIC_PLAN


@pytest.fixture(scope="session")
def plan_docx_path(plan_text, tmp_path_factory) -> Path:
    return write_docx(plan_text, tmp_path_factory.mktemp("docx") / "plan.docx")


@pytest.fixture(scope="session")
def plan_pdf_path(plan_text, tmp_path_factory) -> Path:
    return write_pdf(plan_text, tmp_path_factory.mktemp("pdf") / "plan.pdf")


@pytest.fixture(scope="session")
def plan_pdf_text(plan_pdf_path) -> str:
    """The PDF rendering read back once a session."""
    return read_document_text(plan_pdf_path)
