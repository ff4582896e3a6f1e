"""What the API answers when it cannot do what was asked is JSON and is in its OpenAPI document: an unknown /api/
path is a JSON 404, not the site's page; every operation with input lists the 422 django-ninja sends for input
that does not fit, and the 400/409 the services send are listed where they can be sent."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db

WRITES_THAT_CAN_CONFLICT = {("post", "/api/values"), ("post", "/api/values/submit"),
                            ("post", "/api/values/approve"), ("post", "/api/values/return")}


def _operations(client) -> dict[tuple[str, str], dict]:
    doc = json.loads(client.get("/api/openapi.json").content)
    return {(method, path): op for path, ops in doc["paths"].items() for method, op in ops.items()}


class TestUnknownApiPaths:
    @pytest.mark.parametrize("method,path", [("get", "/api/nothing-here"), ("post", "/api/values/x/y"),
                                             ("get", "/api/values/"), ("delete", "/api/tasks/1/x")])
    def test_they_answer_json_404(self, client, method, path):
        response = getattr(client, method)(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert path in response.json()["detail"]

    def test_an_unknown_object_is_json_404_too(self, world, as_user):
        response = as_user("ordos_clerk").get("/api/values/999999")
        assert response.status_code == 404 and "detail" in response.json()

    def test_the_pages_keep_their_html_404(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


class TestDocumentedErrors:
    def test_every_operation_with_input_lists_422(self, client):
        for (method, path), op in _operations(client).items():
            if op.get("parameters") or op.get("requestBody"):
                assert "422" in op["responses"], f"{method.upper()} {path}"
                ref = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ValidationErrorOut")

    def test_409_is_listed_where_someone_else_can_act_first(self, client):
        for key, op in _operations(client).items():
            assert ("409" in op["responses"]) == (key in WRITES_THAT_CAN_CONFLICT), key

    def test_every_operation_lists_400(self, client):
        for key, op in _operations(client).items():
            assert "400" in op["responses"], key

    def test_the_422_sent_is_the_one_documented(self, world, as_user, client):
        response = as_user("ordos_clerk").post("/api/values", {"values": [{"indicator": 1}]})
        assert response.status_code == 422
        body = response.json()
        assert body["detail"] and {"loc", "msg", "type"} <= set(body["detail"][0])
        assert "422" in _operations(client)[("post", "/api/values")]["responses"]
