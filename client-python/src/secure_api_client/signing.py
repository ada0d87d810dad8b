"""SigV4 for IAM-authorized APIs. botocore's own signer (``SigV4Auth``) does
the work; this module fixes its settings for API Gateway and finds the API's
region in an execute-api URL."""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

#: API Gateway's signing name for invoking an API.
EXECUTE_API_SERVICE = "execute-api"

# {api-id}.execute-api.{region}.amazonaws.com, the private-API forms with a
# VPC endpoint id, and the China partition's .amazonaws.com.cn.
_EXECUTE_API_HOST = re.compile(
    r"^[a-z0-9-]+\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$", re.IGNORECASE
)


def region_from_url(url: str) -> Optional[str]:
    """The region named by an execute-api URL's host; None for custom domains and other hosts."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    match = _EXECUTE_API_HOST.match(host)
    return match.group(1).lower() if match else None


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    credentials: Any,
    region: str,
    service: str = EXECUTE_API_SERVICE,
) -> dict:
    """The headers to add for a SigV4 signature of exactly this request:
    ``Authorization``, ``X-Amz-Date`` and, for temporary credentials,
    ``X-Amz-Security-Token``. Every header in ``headers`` is signed, so pass
    only those that go out unchanged (not Content-Length or User-Agent)."""
    if not region:
        raise ValueError("sign needs the API's region")
    frozen = credentials.get_frozen_credentials() if hasattr(credentials, "get_frozen_credentials") else credentials
    request = AWSRequest(method=method.upper(), url=url, headers=dict(headers), data=body)
    SigV4Auth(frozen, service, region).add_auth(request)
    # botocore writes the time into Date instead of X-Amz-Date when a Date header is given.
    names = ("Authorization", "X-Amz-Date", "Date", "X-Amz-Security-Token")
    return {n: request.headers[n] for n in names if n in request.headers and request.headers[n] != headers.get(n)}
