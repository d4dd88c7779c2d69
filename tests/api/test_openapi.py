"""The JSON API skeleton: an OpenAPI 3 document generated from the schemas, JSON errors."""

from __future__ import annotations

from flask.testing import FlaskClient
from openapi_spec_validator import validate


def test_the_openapi_document_validates_as_openapi_3(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document is not None
    validate(document)
    assert document["openapi"].startswith("3.")
    health = document["paths"]["/api/v1/health"]["get"]
    assert set(health["responses"]) >= {"200", "503"}
    assert "Health" in document["components"]["schemas"]


def test_the_health_resource(client: FlaskClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json is not None and response.json["status"] == "ok"


def test_api_errors_are_json_with_a_message(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-resource")
    assert response.status_code == 404
    assert response.is_json
    assert response.json is not None
    assert response.json["code"] == 404 and response.json["message"]


def test_an_unsupported_method_is_a_json_405(client: FlaskClient) -> None:
    response = client.post("/api/v1/health", json={})
    assert response.status_code == 405
    assert response.is_json
