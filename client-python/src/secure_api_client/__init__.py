"""secure-api-client: call a REST API deployed by pulumi-secure-api's
SecureRestApi (x-api-key) or IAMSecureRestApi (SigV4, botocore's signer), with
a bearer token for routes with an authorizer (Cognito sign-in included) and a
client certificate for mutual TLS."""

from .api_key import api_key_from_ssm, api_key_from_stack_output, default_api_key_parameter_name
from .cognito import CognitoTokens, cognito_secret_hash, cognito_sign_in
from .credentials import assume_role, credentials_from_secret, default_credentials, default_credentials_secret_name
from .errors import SecureApiError
from .redact import REDACTED, SECRET_HEADERS, redact_headers
from .request import (
    API_KEY_HEADER,
    bearer_authorization,
    call_api,
    header_safe_api_key,
    prepare_request,
    send_request,
    wire_url,
)
from .signing import EXECUTE_API_SERVICE, region_from_url, sign

__all__ = [
    "API_KEY_HEADER",
    "CognitoTokens",
    "EXECUTE_API_SERVICE",
    "REDACTED",
    "SECRET_HEADERS",
    "SecureApiError",
    "api_key_from_ssm",
    "api_key_from_stack_output",
    "assume_role",
    "bearer_authorization",
    "call_api",
    "cognito_secret_hash",
    "cognito_sign_in",
    "credentials_from_secret",
    "default_api_key_parameter_name",
    "default_credentials",
    "default_credentials_secret_name",
    "header_safe_api_key",
    "prepare_request",
    "redact_headers",
    "region_from_url",
    "send_request",
    "sign",
    "wire_url",
]
