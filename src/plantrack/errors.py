"""The Django side of the one application error (`plantrack.core.errors`): its message in the active language.

The core raises with the catalogue's message and its parameters apart, since it cannot translate; code that shows
an error to a person calls `message_of(exc)` rather than `str(exc)`, which is the untranslated text.
"""

from __future__ import annotations

from django.db import DataError
from django.utils.translation import gettext

from plantrack.core.errors import ApplicationError


def message_of(exc: BaseException) -> str:
    """An error's message for a person, translated when it is an application error; `str(exc)` otherwise."""
    if isinstance(exc, ApplicationError):
        return exc.text(gettext)
    return str(exc)


def is_nul_refusal(exc: BaseException) -> bool:
    """True for the error PostgreSQL's driver raises for a NUL in a query parameter: the request's own text held
    one (a code typed into an address, a filter), which pages and the API answer with 400, never a 500."""
    return isinstance(exc, DataError | ValueError) and "NUL (0x00)" in str(exc)
