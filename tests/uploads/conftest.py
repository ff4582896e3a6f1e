"""The reader's messages are asserted in Chinese, the site's language, whatever an earlier test switched to."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield
