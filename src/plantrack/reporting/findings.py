"""What the checks found (校验结果), and the exceptions that refuse a batch of values or a stale action."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from plantrack import wording
from plantrack.core.errors import ApplicationError

ERROR = "error"
WARNING = "warning"

# How many findings the message of a refusal spells out before it says "and N more".
_SHOWN = 5
MAX_FINDINGS = 1000  # findings of one batch kept in full; beyond this they are only counted


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with one value: `error` blocks, `warning` needs a written explanation (预警说明).

    `message` is Chinese and specific ("较上期增长340%"); `where` names the place ("第3行 D列").
    """

    severity: str
    code: str
    message: str
    where: str = ""
    indicator_code: str = ""
    unit_code: str = ""
    period: str = ""
    field: str = ""
    explained: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def line(self) -> str:
        """The finding as one line: place, then message."""
        return wording.labelled(self.where, self.message) if self.where else self.message


class ValuesRejected(ApplicationError):
    """The whole batch was refused and nothing was written; `.findings` holds every finding, errors first."""

    code = "values_rejected"

    def __init__(self, findings: Sequence[Finding], *, total: int | None = None) -> None:
        ordered = sorted(findings, key=lambda f: (f.severity != ERROR,))
        self.findings: list[Finding] = list(ordered)
        self.total = total if total is not None else len(self.findings)
        super().__init__(self.summary(), problems=[f.line() for f in self.findings])

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def unexplained_warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error and not f.explained]

    def summary(self, shown: int = _SHOWN) -> str:
        lines = [f.line() for f in self.findings[:shown]]
        more = self.total - min(shown, len(self.findings))
        if more > 0:
            lines.append(_("……另有%(n)s处问题") % {"n": more})
        return "\n".join(lines)

    def one_line(self) -> str:
        """For a command line: the first finding, how many there are, and that nothing was written."""
        first = self.findings[0].line() if self.findings else ""
        return f"{first}（共{self.total}处问题，未写入任何数据）"

    def __str__(self) -> str:
        return self.summary()


class StaleValue(ApplicationError):
    """Someone else changed or acted on the value first; reload and try again. Nothing was written."""

    code, kind = "stale_value", "conflict"


class Findings:
    """The findings of one batch: the first MAX_FINDINGS in full, the rest counted."""

    def __init__(self) -> None:
        self.kept: list[Finding] = []
        self.total = 0
        self.has_error = False

    def add(self, finding: Finding) -> None:
        self.total += 1
        if finding.is_error:
            self.has_error = True
        if len(self.kept) < MAX_FINDINGS:
            self.kept.append(finding)

    def record(self, severity: str, code: str, message: str, *, where: str, indicator_code: object = "",
               unit_code: object = "", period: object = "", field: str = "", explained: bool = False) -> None:
        self.add(Finding(
            severity=severity, code=code, message=message, where=where, indicator_code=str(indicator_code or ""),
            unit_code=str(unit_code or ""), period=str(period or ""), field=field, explained=explained,
        ))
