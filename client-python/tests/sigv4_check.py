"""Recomputes a received request's SigV4 Authorization the way the receiving
side does: from the request as it arrived (raw target, the headers named in
SignedHeaders, body bytes, X-Amz-Date), with botocore's signer. A client that
signs something other than what it sends fails this check."""

from __future__ import annotations

import datetime
import re
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from recording_server import Recorded


def signed_header_names(authorization: str) -> list:
    match = re.search(r"SignedHeaders=([^,\s]+)", authorization)
    assert match, "no SignedHeaders in the Authorization header"
    return match.group(1).split(";")


def frozen_clock(amz_date: str):
    """Patches botocore's clock to an X-Amz-Date (botocore's own tests do the same)."""
    when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    return mock.patch("botocore.auth.get_current_datetime", return_value=when)


def expected_authorization(recorded: Recorded, access_key: str, secret_key: str, region: str, service: str = "execute-api") -> str:
    authorization = recorded.headers["authorization"]
    headers = {name: recorded.headers[name] for name in signed_header_names(authorization) if name != "x-amz-date"}
    token = recorded.headers.get("x-amz-security-token")
    request = AWSRequest(method=recorded.method, url=f"http://{recorded.headers['host']}{recorded.target}", headers=headers, data=recorded.body)
    with frozen_clock(recorded.headers["x-amz-date"]):
        SigV4Auth(Credentials(access_key, secret_key, token).get_frozen_credentials(), service, region).add_auth(request)
    return request.headers["Authorization"]
