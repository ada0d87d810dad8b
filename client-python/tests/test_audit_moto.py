"""The Python client's audit against moto's API Gateway (a peer we did not
write): an API built with botocore as a SecureRestApi deploys it (the key on
every method, a stage, the key on the stage's usage plan) audits clean with
``secure-api audit``, in both its modes; each drift injected with botocore is
named. moto's export carries no API Gateway extensions, so the operations are
compared as the API defines them (the note says so)."""

from __future__ import annotations

import io
import json

import pytest

from secure_api_client.audit import audit_apis
from secure_api_client.cli import main

REGION = "eu-west-1"
MOCK = {"application/json": '{"statusCode": 200}'}
DOCUMENT = {
    "openapi": "3.0.1",
    "info": {"title": "moto-audit", "version": "1.0"},
    "paths": {
        "/hello": {
            "get": {"responses": {"200": {"description": "ok"}}, "security": [{"api_key": []}],
                    "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": MOCK}},
        },
        "/orders": {
            "post": {"responses": {"200": {"description": "ok"}}, "security": [{"api_key": []}],
                     "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "POST", "uri": "https://backend.example.com/orders"}},
        },
    },
    "components": {"securitySchemes": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}}},
    "x-amazon-apigateway-api-key-source": "HEADER",
}


@pytest.fixture
def api(aws, moto):
    """The API as the component deploys it, built method by method (moto's import does not take security)."""
    c = aws("apigateway")
    api_id = c.create_rest_api(name="moto-audit", apiKeySource="HEADER")["id"]
    root = next(r["id"] for r in c.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    ids = {}
    for path_part, method, integration in [
        ("hello", "GET", {"type": "MOCK", "requestTemplates": MOCK}),
        ("orders", "POST", {"type": "HTTP_PROXY", "integrationHttpMethod": "POST", "uri": "https://backend.example.com/orders"}),
    ]:
        rid = c.create_resource(restApiId=api_id, parentId=root, pathPart=path_part)["id"]
        ids[f"/{path_part}"] = rid
        c.put_method(restApiId=api_id, resourceId=rid, httpMethod=method, authorizationType="NONE", apiKeyRequired=True)
        c.put_integration(restApiId=api_id, resourceId=rid, httpMethod=method, **integration)
    deployment = c.create_deployment(restApiId=api_id, stageName="prod")["id"]
    plan = c.create_usage_plan(name="moto-audit-usage-plan", apiStages=[{"apiId": api_id, "stage": "prod"}])["id"]
    key = c.create_api_key(name="moto-audit", value="moto-audit-key-0123456789abcdef", enabled=True)["id"]
    c.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    expectation = {
        "name": "moto-audit", "restApiId": api_id, "stageName": "prod", "region": REGION, "document": DOCUMENT,
        "deploymentId": deployment, "usagePlanIds": [plan], "apiKeys": [{"id": key, "enabled": True}],
        "stage": {"tracingEnabled": False, "webAclArn": "", "clientCertificateId": "", "accessLogSettings": None, "methodSettings": {}},
    }
    return {"client": c, "id": api_id, "resources": ids, "deployment": deployment, "plan": plan, "key": key, "expectation": expectation,
            "endpoint": moto.endpoint}


def findings(api) -> list:
    [audit] = audit_apis([api["expectation"]], endpoint_url=api["endpoint"])
    assert audit["unread"] == []
    return [f"{f['kind']} {f['target']}" for f in audit["findings"]]


def test_as_deployed_it_audits_clean_and_the_console_script_says_so(api, tmp_path):
    [audit] = audit_apis([api["expectation"]], endpoint_url=api["endpoint"])
    assert (audit["findings"], audit["operations"]) == ([], {"GET /hello": "api-key", "POST /orders": "api-key"})
    assert audit["notes"] == [
        "the stage's export carries no API Gateway extensions (this endpoint ignores the request for them): the operations were "
        "compared as the draft API defines them, deployed and draft not told apart"
    ]
    doc = tmp_path / "openapi.json"
    doc.write_text(json.dumps(DOCUMENT))
    out = io.StringIO()
    code = main(["audit", "--rest-api-id", api["id"], "--stage", "prod", "--expected", str(doc), "--region", REGION,
                 "--deployment-id", api["deployment"], "--api-key-id", api["key"], "--endpoint-url", api["endpoint"]], out=out, err=io.StringIO())
    assert code == 0, out.getvalue()
    assert out.getvalue().startswith(f"openapi.json: REST API {api['id']} stage prod ({REGION}): no drift (2 operations as deployed)\n")
    assert "moto-audit-key-0123456789abcdef" not in out.getvalue()


def patch(path: str, value: str) -> list:
    return [{"op": "replace", "path": path, "value": value}]


@pytest.mark.parametrize("what,inject,expected", [
    ("the key disabled", lambda a: a["client"].update_api_key(apiKey=a["key"], patchOperations=patch("/enabled", "false")),
     ["api-key-disabled"]),
    ("the key's usage plan key deleted", lambda a: a["client"].delete_usage_plan_key(usagePlanId=a["plan"], keyId=a["key"]),
     ["api-key-detached"]),
    ("the stage on another deployment", lambda a: a["client"].update_stage(
        restApiId=a["id"], stageName="prod",
        patchOperations=patch("/deploymentId", a["client"].create_deployment(restApiId=a["id"])["id"])),
     ["stage-deployment stage prod"]),
    # (moto's UpdateMethod does not take /apiKeyRequired: the method is put again without the key.)
    ("a method's key requirement dropped", lambda a: [
        a["client"].delete_method(restApiId=a["id"], resourceId=a["resources"]["/hello"], httpMethod="GET"),
        a["client"].put_method(restApiId=a["id"], resourceId=a["resources"]["/hello"], httpMethod="GET", authorizationType="NONE",
                               apiKeyRequired=False),
        a["client"].put_integration(restApiId=a["id"], resourceId=a["resources"]["/hello"], httpMethod="GET", type="MOCK",
                                    requestTemplates=MOCK),
    ], ["operation-open GET /hello"]),
    ("a method deleted", lambda a: a["client"].delete_method(restApiId=a["id"], resourceId=a["resources"]["/orders"], httpMethod="POST"),
     ["operation-missing POST /orders"]),
    ("another plan with a key on the stage", lambda a: a["client"].create_usage_plan_key(
        usagePlanId=a["client"].create_usage_plan(name="backdoor", apiStages=[{"apiId": a["id"], "stage": "prod"}])["id"],
        keyId=a["client"].create_api_key(name="backdoor", value="backdoor-key-0123456789abcdef", enabled=True)["id"], keyType="API_KEY"),
     ["usage-plan-added"]),
])
def test_each_drift_injected_with_botocore_is_named(api, what, inject, expected):
    assert findings(api) == []
    inject(api)
    found = findings(api)
    assert len(found) == len(expected), found
    for e in expected:
        assert any(f == e or f.startswith(f"{e} ") for f in found), (e, found)
