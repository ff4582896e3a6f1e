"""A NUL typed into a page's address (a unit code) is a 400 or a 404, never a server error — on PostgreSQL too,
which cannot even look such text up."""

from __future__ import annotations

import pytest
from django.test import Client

from api.world import PASSWORD, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    world = build_world()
    client = Client(raise_request_exception=False)
    assert client.login(username="ordos_clerk", password=PASSWORD)
    return world, client


@pytest.mark.parametrize("url", ["/reporting/form/{round}/1506%0000/", "/reporting/template/1506%0000/{round}/",
                                 "/reporting/export/?format=csv&unit=1506%0000"])
def test_a_nul_in_a_unit_code_is_not_a_server_error(clerk, url):
    world, client = clerk
    response = client.get(url.format(round=world.round.pk))
    assert response.status_code in (400, 404)
