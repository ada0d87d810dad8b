"""botocore clients for the lookups (SSM, Secrets Manager, STS). Kept thin:
botocore already resolves regions, profiles, credentials and the
AWS_ENDPOINT_URL* variables; only what was asked for is passed on."""

from __future__ import annotations

from typing import Any, Optional

import botocore.session
from botocore.config import Config

# A black-holed endpoint fails instead of hanging; two attempts, not botocore's default of five.
_CONFIG = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 2, "mode": "standard"})


def session(profile: Optional[str] = None) -> botocore.session.Session:
    """A botocore session; ``profile`` when given, else botocore's own AWS_PROFILE / default lookup."""
    return botocore.session.Session(profile=profile)


def client(
    service: str,
    *,
    region: Optional[str] = None,
    profile: Optional[str] = None,
    endpoint_url: Optional[str] = None,
    credentials: Any = None,
) -> Any:
    """``credentials``: any object with access_key, secret_key and token (botocore Credentials)."""
    kwargs: dict = {"config": _CONFIG}
    if region:
        kwargs["region_name"] = region
    if endpoint_url:
        kwargs["endpoint_url"] = endpoint_url
    if credentials is not None:
        frozen = credentials.get_frozen_credentials() if hasattr(credentials, "get_frozen_credentials") else credentials
        kwargs.update(
            aws_access_key_id=frozen.access_key,
            aws_secret_access_key=frozen.secret_key,
            aws_session_token=frozen.token,
        )
    return session(profile).create_client(service, **kwargs)
