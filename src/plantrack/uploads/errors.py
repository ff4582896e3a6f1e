"""Why an upload was refused, located as a person finds it in Excel (sheet, row, column), and the cap on how many
problems a page or a command lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from plantrack import wording
from plantrack.core.errors import InvalidInput

MAX_LISTED_PROBLEMS = 200


@dataclass(frozen=True)
class UploadProblem:
    """One reason, in Chinese, with where it is: `sheet` (None for a CSV), `row` and `column` (1-based)."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        return place(sheet=self.sheet, row=self.row, column=self.column)

    def __str__(self) -> str:
        return wording.labelled(self.where, self.message) if self.where else self.message


class UploadRefused(InvalidInput):
    """The file cannot be read as a table; nothing was read into the system. `code` names the kind of reason
    (too_large, unpacked, ratio, too_many_rows, too_many_columns, corrupt_xlsx, unsafe_xml, encoding, bad_csv,
    file_type, empty, formula)."""

    def __init__(self, code: str, problem: UploadProblem) -> None:
        self.problem = problem
        super().__init__(str(problem), code=code)


def place(*, sheet: str | None = None, row: int | None = None, column: int | None = None) -> str:
    """"工作表“数据”第5行 D列", "第5行", "D列" …: the words every reader uses for a place in a file."""
    text = _("工作表“%(sheet)s”") % {"sheet": sheet} if sheet is not None else ""
    if row is not None:
        text += _("第%(row)s行") % {"row": row}
    if column is not None:
        text += (" " if text else "") + _("%(col)s列") % {"col": get_column_letter(column)}
    return text


def listed_problems(lines: Sequence[str], total: int | None = None) -> list[str]:
    """The first 200 lines, then "还有N处问题未列出" when there are more (`total` counts ones not kept)."""
    total = len(lines) if total is None else total
    shown = list(lines[:MAX_LISTED_PROBLEMS])
    if total > len(shown):
        shown.append(_("还有%(n)d处问题未列出") % {"n": total - len(shown)})
    return shown


def expansion_text(cause: ValueError) -> str:
    """A core.files refusal (ExpansionRefused, UnsafeXml) in words for a page: what was too big, and the bound."""
    from plantrack.core.files import ExpansionRefused, UnsafeXml

    if isinstance(cause, UnsafeXml):
        return _("文件含有XML实体声明（<!DOCTYPE>/<!ENTITY>），出于安全原因拒绝读取")
    if not isinstance(cause, ExpansionRefused):
        return str(cause)
    limit = cause.limit
    size_words = f"{limit / 1024 / 1024:.0f} MB" if limit >= 1024 * 1024 else f"{limit:,}"
    texts = {
        ExpansionRefused.UNPACKED: _("解压后超过%(limit)s，疑似压缩炸弹，拒绝读取"),
        ExpansionRefused.MEMBER: _("文件或其中的部件超过%(limit)s，拒绝读取"),
        ExpansionRefused.RATIO: _("压缩比超过%(limit)s:1，疑似压缩炸弹，拒绝读取"),
        ExpansionRefused.MEMBERS: _("包含的部件超过%(limit)s个，拒绝读取"),
        ExpansionRefused.PAGES: _("页数超过%(limit)s页，拒绝读取"),
        ExpansionRefused.STREAM: _("PDF中的数据流解压后超过%(limit)s，疑似压缩炸弹，拒绝读取"),
        ExpansionRefused.STREAMS: _("PDF的数据流解压后合计超过%(limit)s，疑似压缩炸弹，拒绝读取"),
        ExpansionRefused.TEXT: _("提取的文字超过%(limit)s个字符，拒绝读取"),
    }
    shown = str(limit) if cause.kind in (ExpansionRefused.RATIO, ExpansionRefused.MEMBERS,
                                          ExpansionRefused.PAGES) else size_words
    return texts[cause.kind] % {"limit": shown}
