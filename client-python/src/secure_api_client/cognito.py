"""Signing a user in to a Cognito user pool, for an API whose routes have a
Cognito authorizer: InitiateAuth with USER_PASSWORD_AUTH through botocore's
cognito-idp client; the ID or access token is then sent as ``bearer=``.
SRP sign-in (USER_SRP_AUTH) is not offered: botocore does not do SRP's
arithmetic itself, and this package does not hand-write it. Errors name the
app client and the user, never the password or a token."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from typing import Optional

from botocore.exceptions import BotoCoreError, ClientError

from . import aws
from .errors import SecureApiError, aws_error_text, error_code


@dataclass(frozen=True)
class CognitoTokens:
    #: What a Cognito authorizer without OAuth scopes checks.
    id_token: str = field(repr=False)
    #: What a route with OAuth scopes checks.
    access_token: str = field(repr=False)
    refresh_token: Optional[str] = field(default=None, repr=False)
    #: Seconds the tokens are valid for.
    expires_in: Optional[int] = None
    token_type: Optional[str] = None


def cognito_secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """SECRET_HASH for an app client with a secret: Base64(HMAC-SHA256(secret, username + client id))."""
    digest = hmac.new(client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _challenge_hint(challenge: str) -> str:
    if challenge == "NEW_PASSWORD_REQUIRED":
        return ("the user still has a temporary password: set a permanent one "
                "(aws cognito-idp admin-set-user-password --permanent) or sign in once with a client that changes it")
    if "MFA" in challenge or "TOTP" in challenge:
        return "the user has multi-factor authentication: sign in with a client that answers MFA challenges"
    return "sign in with a client that answers it"


def _error_hint(text: str) -> str:
    if "flow not enabled" in text.lower():
        return " (allow ALLOW_USER_PASSWORD_AUTH in the app client's auth flows; SRP sign-in is not supported here)"
    if "SECRET_HASH" in text:
        return " (the app client has a secret: pass client_secret=)"
    return ""


def cognito_sign_in(
    client_id: str,
    username: str,
    password: str,
    *,
    client_secret: Optional[str] = None,
    region: Optional[str] = None,
    profile: Optional[str] = None,
    endpoint_url: Optional[str] = None,
) -> CognitoTokens:
    """Signs the user in (InitiateAuth, USER_PASSWORD_AUTH) and returns the
    tokens. The call needs no AWS credentials; ``region`` is the user pool's
    (else AWS_REGION, then botocore's own lookup: AWS_DEFAULT_REGION, the profile)."""
    if not client_id or not username:
        raise ValueError("cognito_sign_in needs client_id and username")
    if not password:
        raise ValueError("cognito_sign_in needs a password (it is empty)")
    who = f"user {username} of app client {client_id}"
    parameters = {"USERNAME": username, "PASSWORD": password}
    if client_secret:
        parameters["SECRET_HASH"] = cognito_secret_hash(username, client_id, client_secret)
    try:
        client = aws.client("cognito-idp", region=region or os.environ.get("AWS_REGION"), profile=profile, endpoint_url=endpoint_url)
        out = client.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=parameters)
    except (ClientError, BotoCoreError) as e:
        text = aws_error_text(e, "Cognito")
        if error_code(e) == "NotAuthorizedException" and "SECRET_HASH" not in text and "flow" not in text:
            raise SecureApiError(f"Cognito refused to sign in {who}: {text} (check the username and password)") from None
        raise SecureApiError(f"Cognito sign-in of {who} failed: {text}{_error_hint(text)}") from None
    challenge = out.get("ChallengeName")
    if challenge:
        raise SecureApiError(
            f"Cognito asks {who} to answer a {challenge} challenge, which this helper does not do: {_challenge_hint(challenge)}"
        )
    result = out.get("AuthenticationResult") or {}
    if not result.get("IdToken") or not result.get("AccessToken"):
        raise SecureApiError(f"Cognito signed in {who} but returned no tokens")
    return CognitoTokens(
        id_token=result["IdToken"],
        access_token=result["AccessToken"],
        refresh_token=result.get("RefreshToken"),
        expires_in=result.get("ExpiresIn"),
        token_type=result.get("TokenType"),
    )
