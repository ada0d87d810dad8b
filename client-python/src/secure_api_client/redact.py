"""What may be shown of a request: header values that grant access are replaced."""

from __future__ import annotations

from typing import Mapping

#: Lower-case names of headers whose values are never shown.
SECRET_HEADERS = frozenset({"x-api-key", "authorization", "x-amz-security-token", "proxy-authorization"})
REDACTED = "[redacted]"


def redact_headers(headers: Mapping[str, str]) -> dict:
    """A copy of ``headers`` safe to log or print."""
    return {name: REDACTED if name.lower() in SECRET_HEADERS else value for name, value in headers.items()}
