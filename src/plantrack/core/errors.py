"""The one application error: what every refusal the project raises on purpose looks like.

An `ApplicationError` carries a stable `code` (for programs: the API's JSON, tests), a message for a person and,
when there are several, every `problems` line; its `kind` says what a face makes of it (refused input, no right,
nothing there, someone acted first, the database is busy). Each face maps it once: the page to an error page
(`plantrack.web.errors`), the API to a JSON status (`plantrack.api.router`), the command line to one line on
stderr and exit status 2 (`plantrack.cli`). Anything else a face meets is a fault: logged, never shown.

The core never imports Django, so it cannot translate; it raises with the message as written in the catalogue
(marked by `gettext_noop`, which `makemessages` collects) and its parameters apart, and a face translates with
`exc.text(gettext)`. Code on the Django side may equally raise an already translated message.

>>> exc = ApplicationError(gettext_noop("报告期“%(code)s”无法识别"), code="bad_period", params={"code": "2026X"})
>>> str(exc), exc.code, exc.kind
('报告期“2026X”无法识别', 'bad_period', 'invalid')
>>> exc.text({"报告期“%(code)s”无法识别": "period %(code)s not understood"}.get)
'period 2026X not understood'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["KINDS", "ApplicationError", "InvalidInput", "gettext_noop"]

# What a face makes of an error: refused input (400), no right (403), nothing there (404), someone else acted
# first (409), the database was busy and nothing was written (503).
KINDS = ("invalid", "denied", "not_found", "conflict", "busy")


def gettext_noop(message: str) -> str:
    """Mark `message` for the translation catalogue without translating it (makemessages finds it by this name)."""
    return message


def _same(message: str) -> str | None:
    return message


class ApplicationError(Exception):
    """A refusal raised on purpose; see the module docstring. Subclasses set `code` and `kind`."""

    code: str = "invalid"
    kind: str = "invalid"

    def __init__(self, message: str = "", *, code: str | None = None, problems: Sequence[str] = (),
                 params: Mapping[str, Any] | None = None) -> None:
        self.template = message
        self.params = dict(params or {})
        self.problems = [str(p) for p in problems]
        if code is not None:
            self.code = code
        super().__init__(self.text())

    def text(self, translate: Callable[[str], str | None] = _same) -> str:
        """The message, through `translate` (a face passes its gettext); the template itself when it has none."""
        template = translate(self.template) or self.template if self.template else ""
        if self.params:
            return template % self.params
        return template

    def lines(self, translate: Callable[[str], str | None] = _same) -> list[str]:
        """Every problem, one a line; the message alone when there is no list."""
        return list(self.problems) if self.problems else [self.text(translate)]


class InvalidInput(ApplicationError, ValueError):
    """Input the core refuses (a period code, a project code, a deadline, a week, an assessment contract): also a
    ValueError, as callers reading input have always caught one."""
