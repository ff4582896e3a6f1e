"""The plan upload page (导入规划纲要): the planning office imports a document; others are refused before it is read;
a bomb or an unreadable file is a clear message, not a 500."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from plantrack.orgs.models import AccessDenial, User
from plantrack.plans.models import Plan

URL = "/plans/import/"
pytestmark = pytest.mark.django_db


def client_for(role: str) -> tuple[Client, User]:
    user = User.objects.create(username=f"u_{role}", role=role)
    client = Client()
    client.force_login(user)
    return client, user


def post(client: Client, data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(URL, {"file": upload, "region": "内蒙古自治区", "level": Plan.Level.REGION})


def test_the_office_imports_a_plan_and_lands_on_it(plan_path):
    client, _admin = client_for(User.Role.ADMIN)
    assert 'href="/plans/import/"' in client.get("/plans/").content.decode()
    response = post(client, plan_path.read_bytes(), "plan.txt")
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert response["Location"] == f"/plans/{plan.pk}/" and plan.region == "内蒙古自治区"


def test_a_clerk_is_refused_before_the_file_is_read():
    client, clerk = client_for(User.Role.CLERK)
    assert client.get(URL).status_code == 403
    assert post(client, b"%PDF-1.4 not really", "plan.pdf").status_code == 403
    assert AccessDenial.objects.filter(user=clerk, action="import plan").exists()
    assert 'href="/plans/import/"' not in client.get("/plans/").content.decode()


def test_a_flate_bomb_is_a_clear_page_message(tmp_path):
    from core.files.bombs import flate_bomb_pdf

    client, _admin = client_for(User.Role.ADMIN)
    response = post(client, flate_bomb_pdf(tmp_path / "b.pdf", megabytes=100).read_bytes(), "规划.pdf")
    page = response.content.decode()
    assert response.status_code == 400
    assert "规划.pdf未导入：PDF中的数据流解压后超过16 MB，疑似压缩炸弹，拒绝读取" in page
    assert not Plan.objects.exists()


def test_an_unreadable_file_names_the_upload_not_a_temporary_copy():
    client, _admin = client_for(User.Role.ADMIN)
    response = post(client, b"", "empty.txt")
    page = response.content.decode()
    assert response.status_code == 400 and "/tmp/" not in page
    response = post(client, "只是一段文字，没有篇章。".encode(), "notes.txt")
    assert response.status_code == 400 and "notes.txt" in response.content.decode()
