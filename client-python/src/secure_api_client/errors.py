"""The one exception this package raises, and one-line texts for botocore's
errors. Messages name the parameter, secret, role or endpoint involved, never
a key or a secret's contents."""

from __future__ import annotations

from typing import Callable, TypeVar

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    ProfileNotFound,
)

#: The variable that overrides each service's endpoint (botocore reads them itself).
ENDPOINT_VARIABLES = {
    "SSM": "AWS_ENDPOINT_URL_SSM",
    "Secrets Manager": "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "STS": "AWS_ENDPOINT_URL_STS",
    "Cognito": "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    "API Gateway": "AWS_ENDPOINT_URL_API_GATEWAY",
}


class SecureApiError(Exception):
    """A lookup or a call failed; the message says which and why."""


def error_code(error: Exception) -> str:
    """The AWS error code of a ClientError (``ParameterNotFound``, ``AccessDenied``...), else the class name."""
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", "Error"))
    return type(error).__name__


def is_access_denied(error: Exception) -> bool:
    return any(word in error_code(error) for word in ("AccessDenied", "UnauthorizedOperation", "NotAuthorized"))


def aws_error_text(error: Exception, service: str) -> str:
    """One line for a failed call to ``service`` (a key of ENDPOINT_VARIABLES)."""
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError)):
        # A wrong or stale endpoint override is the usual cause, so name both.
        endpoint = error.kwargs.get("endpoint_url", "")
        return (
            f"cannot connect to {service} at {endpoint}; check the endpoint: "
            f"endpoint_url, {ENDPOINT_VARIABLES[service]} or AWS_ENDPOINT_URL"
        )
    if isinstance(error, NoCredentialsError):
        return "no AWS credentials: configure a profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    if isinstance(error, NoRegionError):
        return "no AWS region: pass region= or set AWS_REGION"
    if isinstance(error, ProfileNotFound):
        return str(error)
    if isinstance(error, ClientError):
        message = error.response.get("Error", {}).get("Message", "")
        return " ".join(f"{error_code(error)}: {message}".split())
    return " ".join(f"{type(error).__name__}: {error}".split())


T = TypeVar("T")


def read_from_aws(call: Callable[[], T], *, what: str, service: str, not_found: str, permission: str) -> T:
    """Runs one lookup (``what``: "SSM parameter /x/api-key", "secret x") and
    turns botocore's errors into one line naming it: not found (AWS error
    code ``not_found``), not allowed (needs ``permission``), or why not."""
    try:
        return call()
    except (ClientError, BotoCoreError) as e:
        if error_code(e) == not_found:
            raise SecureApiError(f"{what} not found") from None
        if is_access_denied(e):
            raise SecureApiError(f"not allowed to read {what}: needs {permission} ({aws_error_text(e, service)})") from None
        raise SecureApiError(f"cannot read {what}: {aws_error_text(e, service)}") from None
