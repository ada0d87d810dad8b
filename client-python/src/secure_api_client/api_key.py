"""Where a SecureRestApi's key can be read from: the SSM parameter the
component keeps it in, or the Pulumi stack output ``APIKey``."""

from __future__ import annotations

import json
import subprocess
from typing import Any, Mapping, Optional

from . import aws
from .errors import SecureApiError, read_from_aws


def default_api_key_parameter_name(stack_name: str) -> str:
    """The parameter SecureRestApi uses unless ``apiKeyParameterName`` says otherwise."""
    if not stack_name:
        raise ValueError("stack_name must not be empty")
    return f"/{stack_name}/api-key"


def api_key_from_ssm(
    parameter_name: Optional[str] = None,
    *,
    stack_name: Optional[str] = None,
    region: Optional[str] = None,
    profile: Optional[str] = None,
    endpoint_url: Optional[str] = None,
    credentials: Any = None,
) -> str:
    """The key from SSM Parameter Store (a SecureString, so WithDecryption)."""
    name = parameter_name or (default_api_key_parameter_name(stack_name) if stack_name is not None else None)
    if not name:
        raise ValueError("api_key_from_ssm needs parameter_name or stack_name")
    value = read_from_aws(
        lambda: aws.client("ssm", region=region, profile=profile, endpoint_url=endpoint_url, credentials=credentials)
        .get_parameter(Name=name, WithDecryption=True)["Parameter"].get("Value"),
        what=f"SSM parameter {name}", service="SSM", not_found="ParameterNotFound",
        permission="ssm:GetParameter and kms:Decrypt on its key",
    )
    if not value:
        raise SecureApiError(f"SSM parameter {name} is empty")
    return value


def api_key_from_stack_output(
    stack: Optional[str] = None,
    *,
    output_name: str = "APIKey",
    cwd: Optional[str] = None,
    env: Optional[Mapping[str, str]] = None,
) -> str:
    """The key from ``pulumi stack output --json --show-secrets APIKey`` (needs the pulumi CLI on PATH)."""
    args = ["pulumi", "stack", "output", "--json", "--show-secrets", *(["--stack", stack] if stack else []), output_name]
    try:
        result = subprocess.run(args, cwd=cwd, env=dict(env) if env is not None else None, capture_output=True, text=True)
    except FileNotFoundError:
        raise SecureApiError(
            "the pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/install/) or pass the key another way"
        ) from None
    if result.returncode != 0:
        # stderr names the problem; stdout is never echoed as it may hold the key.
        reason = next((line.strip() for line in result.stderr.splitlines() if line.strip()), "no message")
        raise SecureApiError(f"pulumi stack output {output_name} failed (exit {result.returncode}): {reason}")
    try:
        value = json.loads(result.stdout)
    except ValueError:
        raise SecureApiError(f"pulumi stack output {output_name} did not print JSON") from None
    if not isinstance(value, str) or not value:
        raise SecureApiError(f"stack output {output_name} is not a non-empty string")
    return value
