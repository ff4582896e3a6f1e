"""The OpenAPI document and the docs page are served; the document lists every endpoint and the bearer scheme."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_is_valid_json_listing_the_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for path, method in [
        ("/api/values", "get"), ("/api/values", "post"), ("/api/values/{value_id}", "get"),
        ("/api/values/{value_id}/history", "get"), ("/api/values/submit", "post"), ("/api/values/approve", "post"),
        ("/api/values/return", "post"), ("/api/rounds", "get"), ("/api/rounds", "post"),
        ("/api/rounds/{round_id}/completeness", "get"),
    ]:
        assert method in paths[path], f"{method.upper()} {path} missing"
    schemes = doc["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    assert "400" in paths["/api/values"]["post"]["responses"]


def test_docs_page_uses_local_files_not_a_cdn(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn." not in html
