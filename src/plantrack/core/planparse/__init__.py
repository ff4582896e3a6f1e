"""Plan parser (规划纲要解析): plan text, .docx or .pdf → `PlanDocument`; pure Python, never imports Django.

>>> from plantrack.core.planparse import parse_file, to_contract_json
>>> doc = parse_file("plan.txt")
>>> len(doc.chapters()), len(doc.indicators)
"""

import os

from plantrack.core.planparse.errors import PlanParseError
from plantrack.core.planparse.model import PlanDocument
from plantrack.core.planparse.parser import parse_plan
from plantrack.core.planparse.serialize import to_contract_json
from plantrack.core.planparse.text_input import read_document_text


def parse_file(path: str | os.PathLike) -> PlanDocument:
    """Read a .txt (UTF-8/GB18030), .docx or .pdf plan and parse it; PlanParseError on anything unreadable."""
    return parse_plan(read_document_text(path))


__all__ = ["PlanDocument", "PlanParseError", "parse_file", "parse_plan", "read_document_text", "to_contract_json"]
