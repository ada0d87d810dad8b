"""AWS's SigV4 test suite vectors, from test-support/sigv4-suite.json (the same
file the TypeScript client's tests read), through botocore's signer as this
package drives it, and through the URL-based request builder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from botocore.credentials import Credentials

from secure_api_client import prepare_request, region_from_url, sign
from sigv4_check import frozen_clock

SUITE = json.loads((Path(__file__).resolve().parents[2] / "test-support" / "sigv4-suite.json").read_text(encoding="utf-8"))
VECTORS = SUITE["vectors"]
URL_VECTORS = [v for v in VECTORS if not v.get("rawPath")]


def credentials(vector: dict) -> Credentials:
    return Credentials(SUITE["credentials"]["accessKeyId"], SUITE["credentials"]["secretAccessKey"], vector.get("sessionToken"))


def test_reads_every_vector_of_the_shared_file():
    assert [v["name"] for v in VECTORS] == [
        "get-vanilla",
        "get-vanilla-query-order-key-case",
        "post-x-www-form-urlencoded",
        "post-sts-token/post-sts-header-before",
        "get-utf8",
    ]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_suites_request_signs_to_the_suites_authorization(vector):
    headers = {**vector.get("headers", {}), "Host": SUITE["host"]}
    with frozen_clock(SUITE["amzDate"]):
        added = sign(vector["method"], f"https://{SUITE['host']}{vector['target']}", headers,
                     vector.get("body", "").encode(), credentials=credentials(vector), region=SUITE["region"], service=SUITE["service"])
    assert added["Authorization"] == vector["authorization"]
    assert added["X-Amz-Date"] == SUITE["amzDate"]
    if vector.get("sessionToken"):
        assert added["X-Amz-Security-Token"] == vector["sessionToken"]


@pytest.mark.parametrize("vector", URL_VECTORS, ids=[v["name"] for v in URL_VECTORS])
def test_the_same_request_built_from_its_url_signs_the_same(vector):
    with frozen_clock(SUITE["amzDate"]):
        prepared = prepare_request(f"https://{SUITE['host']}{vector['target']}", vector["method"], headers=vector.get("headers"),
                                   body=vector.get("body"), credentials=credentials(vector), region=SUITE["region"], service=SUITE["service"])
    assert prepared.headers["Authorization"] == vector["authorization"]


def test_signs_for_execute_api_when_no_service_is_named():
    with frozen_clock(SUITE["amzDate"]):
        prepared = prepare_request("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/", credentials=credentials({}))
    assert "Credential=AKIDEXAMPLE/20150830/eu-west-1/execute-api/aws4_request" in prepared.headers["Authorization"]
    assert "X-Amz-Content-SHA256" not in prepared.headers


@pytest.mark.parametrize("url, region", [
    ("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/x", "eu-west-1"),
    ("https://abc123.execute-api.us-gov-west-1.amazonaws.com/", "us-gov-west-1"),
    ("https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod", "cn-north-1"),
    ("https://abc123-vpce-0123456789abcdef0.execute-api.ap-southeast-2.amazonaws.com/prod", "ap-southeast-2"),
    ("https://vpce-0123-abcd.execute-api.us-east-2.vpce.amazonaws.com/prod", "us-east-2"),
    ("https://api.example.com/prod", None),
    ("http://127.0.0.1:8080/", None),
    ("https://execute-api.eu-west-1.amazonaws.com.evil.example/", None),
    ("not a url", None),
])
def test_region_from_url(url, region):
    assert region_from_url(url) == region
