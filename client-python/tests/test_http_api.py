"""The client against an HTTP API (SecureHttpApi): its URLs (a named stage's,
the root of a $default stage, a custom domain's) and the region signing takes
from them; a bearer token for its JWT and Lambda authorizers; a SigV4 signature
recomputed from what arrived; and its error bodies, returned as they came
(status and JSON), not raised: 401 Unauthorized, a bare 403 Forbidden, 404 Not
Found for an unknown route."""

from __future__ import annotations

import pytest
from botocore.credentials import Credentials

from conftest import REGION
from recording_server import Reply
from secure_api_client import call_api, region_from_url
from sigv4_check import expected_authorization

CREDENTIALS = Credentials("AKIDLOCALTEST0000001", "local/test/secret/0000000000000000000000")
TOKEN = "eyJraWQiOiJodHRwIn0.eyJzdWIiOiJib2IiLCJzY29wZSI6Im9yZGVycy9yZWFkIn0.c2lnbmF0dXJlLWh0dHA"


@pytest.mark.parametrize("url, region", [
    ("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders", "eu-west-1"),
    ("https://a1b2c3d4e5.execute-api.ap-southeast-2.amazonaws.com/orders/42", "ap-southeast-2"),
    ("https://api.example.com/v1/orders", None),
], ids=["a named stage", "a $default stage", "a custom domain (give region=)"])
def test_the_region_of_an_http_api_url(url, region):
    assert region_from_url(url) == region


def test_a_default_stage_path_is_signed_as_sent(api):
    assert call_api(f"{api.url}/orders/42?expand=items", credentials=CREDENTIALS, region=REGION).status_code == 200
    received = api.last()
    assert received.target == "/orders/42?expand=items"
    assert received.headers["authorization"] == expected_authorization(received, CREDENTIALS.access_key, CREDENTIALS.secret_key, REGION)


def test_a_jwt_route_gets_the_bearer_token(api):
    call_api(f"{api.url}/prod/me", bearer=TOKEN)
    assert api.last().headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("status, message", [
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "Not Found"),
], ids=["no or a rejected token", "a missing scope, an authorizer's false or a policy", "an unknown route"])
def test_error_bodies_come_back_as_they_are(api, status, message):
    api.respond(lambda _: Reply(status, {"Content-Type": "application/json"}, f'{{"message":"{message}"}}'.encode()))
    response = call_api(f"{api.url}/prod/orders", bearer=TOKEN)
    assert (response.status_code, response.json()) == (status, {"message": message})
