"""Credentials to sign with: the IAM user's access key that IAMSecureRestApi
stored in Secrets Manager, the caller's own identity from botocore's default
chain, and either of them exchanged for a role's temporary credentials."""

from __future__ import annotations

import json
from typing import Any, Optional

from botocore.credentials import Credentials
from botocore.exceptions import BotoCoreError, ClientError

from . import aws
from .errors import SecureApiError, aws_error_text, is_access_denied, read_from_aws


def default_credentials_secret_name(stack_name: str) -> str:
    """The secret IAMSecureRestApi creates unless ``secretName`` says otherwise."""
    if not stack_name:
        raise ValueError("stack_name must not be empty")
    return f"{stack_name}/iam-user-credentials"


def credentials_from_secret(
    secret_id: Optional[str] = None,
    *,
    stack_name: Optional[str] = None,
    region: Optional[str] = None,
    profile: Optional[str] = None,
    endpoint_url: Optional[str] = None,
    credentials: Any = None,
) -> Credentials:
    """Reads ``{"access-key-id": ..., "secret-access-key": ...}`` from the secret."""
    sid = secret_id or (default_credentials_secret_name(stack_name) if stack_name is not None else None)
    if not sid:
        raise ValueError("credentials_from_secret needs secret_id or stack_name")
    text = read_from_aws(
        lambda: aws.client("secretsmanager", region=region, profile=profile, endpoint_url=endpoint_url, credentials=credentials)
        .get_secret_value(SecretId=sid).get("SecretString"),
        what=f"secret {sid}", service="Secrets Manager", not_found="ResourceNotFoundException",
        permission="secretsmanager:GetSecretValue",
    )
    # The JSON parser's own message may quote the secret, so it is replaced.
    shape_error = SecureApiError(f'secret {sid} does not hold JSON {{"access-key-id": ..., "secret-access-key": ...}}')
    try:
        parsed = json.loads(text or "")
    except ValueError:
        raise shape_error from None
    key_id = parsed.get("access-key-id") if isinstance(parsed, dict) else None
    secret = parsed.get("secret-access-key") if isinstance(parsed, dict) else None
    if not isinstance(key_id, str) or not key_id or not isinstance(secret, str) or not secret:
        raise shape_error
    return Credentials(key_id, secret)


def default_credentials(profile: Optional[str] = None) -> Credentials:
    """The caller's own identity, as the AWS CLI and awscurl find it: botocore's
    default chain (environment, shared config and credentials files, SSO,
    container and instance roles); ``profile`` picks a profile."""
    try:
        found = aws.session(profile).get_credentials()
    except BotoCoreError as e:
        raise SecureApiError(f"no AWS credentials from the default chain: {' '.join(str(e).split())}") from None
    if found is None:
        where = f"profile {profile}" if profile else "environment, AWS_PROFILE/default profile, SSO, container or instance role"
        raise SecureApiError(f"no AWS credentials from the default chain ({where})")
    return found


def assume_role(
    credentials: Any,
    role_arn: str,
    *,
    session_name: str = "secure-api-client",
    duration_seconds: Optional[int] = None,
    region: Optional[str] = None,
    endpoint_url: Optional[str] = None,
) -> Credentials:
    """STS AssumeRole as ``credentials`` (e.g. the IAM user's from the secret); the role's temporary credentials."""
    kwargs: dict = {"RoleArn": role_arn, "RoleSessionName": session_name}
    if duration_seconds is not None:
        kwargs["DurationSeconds"] = duration_seconds
    try:
        sts = aws.client("sts", region=region, endpoint_url=endpoint_url, credentials=credentials)
        c = sts.assume_role(**kwargs).get("Credentials") or {}
    except (ClientError, BotoCoreError) as e:
        if is_access_denied(e):
            raise SecureApiError(
                f"not allowed to assume role {role_arn}: needs sts:AssumeRole and a trust policy naming the caller "
                f"({aws_error_text(e, 'STS')})"
            ) from None
        raise SecureApiError(f"cannot assume role {role_arn}: {aws_error_text(e, 'STS')}") from None
    if not (c.get("AccessKeyId") and c.get("SecretAccessKey") and c.get("SessionToken")):
        raise SecureApiError(f"STS AssumeRole {role_arn} returned no credentials")
    return Credentials(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
