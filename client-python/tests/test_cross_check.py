"""Both clients sign the same request alike: each request below is signed by
this package (botocore's SigV4Auth) and by the TypeScript client
(@smithy/signature-v4, through node on client/dist), and the URL as sent and
the Authorization must be identical. Needs `make build` (client/dist)."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from botocore.credentials import Credentials

from secure_api_client import prepare_request
from sigv4_check import frozen_clock

ROOT = Path(__file__).resolve().parents[2]
SIGNING_DATE, AMZ_DATE = "2015-08-30T12:36:00Z", "20150830T123600Z"
KEYS = {"accessKeyId": "AKIDCROSSCHECK000001", "secretAccessKey": "crossCheckSecret/000000000000000000000001"}

CASES = [
    ("plain GET", {"url": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/"}),
    ("query: unsorted, repeated, space, plus, reserved, non-ASCII, empty",
     {"url": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/items?b=2&a=1&a=0&q=hello%20world&plus=1+1&sym=%24%26%3D&empty&uni=ü"}),
    ("non-ASCII and space in the path", {"url": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/café/ሴ/a b"}),
    ("pre-encoded path and dot segments", {"url": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/x/../users/a%2Fb/%C3%A9"}),
    ("JSON body with content type and extra headers",
     {"url": "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items", "method": "POST",
      "headers": {"Content-Type": "application/json", "X-Trace": "abc  1"}, "body": '{"name":"Zoë"}'.encode()}),
    ("binary body", {"url": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/blob", "method": "PUT", "body": bytes(range(256))}),
    ("session token", {"url": "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/", "sessionToken": "FwoGZXIvYXdzEXAMPLE//session+token=="}),
    ("custom domain, port, other service",
     {"url": "http://127.0.0.1:8080/prod/x?k=v", "region": "ap-south-1", "service": "lambda"}),
]


def typescript_signatures(requests: list) -> list:
    node = shutil.which("node")
    if not (ROOT / "client" / "dist" / "index.js").exists() or node is None:
        pytest.fail("the cross-check needs node and the built TypeScript client: run `make build` (npm run build -w client)")
    result = subprocess.run([node, str(Path(__file__).with_name("ts_signer.js"))], input=json.dumps(requests),
                            capture_output=True, text=True, timeout=60, env={"PATH": str(Path(node).parent),
                                                                                "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED": "true"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def signed_by_typescript():
    requests = []
    for _, case in CASES:
        requests.append({
            "url": case["url"], "method": case.get("method", "GET"), "headers": case.get("headers", {}),
            "body": base64.b64encode(case["body"]).decode() if "body" in case else None,
            "credentials": {**KEYS, "sessionToken": case.get("sessionToken")},
            "region": case.get("region"), "service": case.get("service"), "signingDate": SIGNING_DATE,
        })
    for r in requests:  # JSON null is not undefined for the TypeScript options
        for k in ("body", "region", "service"):
            if r[k] is None:
                del r[k]
    return typescript_signatures(requests)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[name for name, _ in CASES])
def test_same_url_and_signature_as_the_typescript_client(index, signed_by_typescript):
    case = CASES[index][1]
    with frozen_clock(AMZ_DATE):
        prepared = prepare_request(
            case["url"], case.get("method", "GET"), headers=case.get("headers"), body=case.get("body"),
            credentials=Credentials(KEYS["accessKeyId"], KEYS["secretAccessKey"], case.get("sessionToken")),
            region=case.get("region"), service=case.get("service", "execute-api"),
        )
    typescript = signed_by_typescript[index]
    assert prepared.url == typescript["url"]
    assert prepared.headers["Authorization"] == typescript["headers"]["authorization"]
    assert prepared.headers["X-Amz-Date"] == typescript["headers"]["x-amz-date"] == AMZ_DATE
    assert prepared.headers["host"] == typescript["headers"]["host"] == urlsplit(typescript["url"]).netloc


def test_the_cross_check_is_not_vacuous(signed_by_typescript):
    """Different requests give different signatures on the TypeScript side too."""
    assert len({s["headers"]["authorization"] for s in signed_by_typescript}) == len(CASES)
