"""Where keys and credentials come from, on a real moto server: the SSM
parameter SecureRestApi keeps its key in, the Secrets Manager secret
IAMSecureRestApi writes, STS AssumeRole for its invoke role, and the caller's
own identity from botocore's default chain; then whole flows end to end
against the recording server. Errors name what failed, never a value."""

from __future__ import annotations

import json

import pytest

from conftest import KEY, OTHER, REGION, ROLE_ARN, USER
from moto_server import MOTO_CREDENTIALS
from recording_server import RecordingServer
from secure_api_client import (
    SecureApiError,
    api_key_from_ssm,
    assume_role,
    call_api,
    credentials_from_secret,
    default_credentials,
)
from sigv4_check import expected_authorization

SECRET = "shop-dev/iam-user-credentials"
USER_JSON = json.dumps({"access-key-id": USER[0], "secret-access-key": USER[1]})


@pytest.fixture
def on_moto(aws, moto):
    """Arguments that send a lookup to moto."""
    return {"region": REGION, "endpoint_url": moto.endpoint}


class TestApiKeyFromSsm:
    def test_reads_the_secure_string_by_stack_name_or_name(self, aws, on_moto):
        aws("ssm").put_parameter(Name="/shop-dev/api-key", Value=KEY, Type="SecureString")
        assert api_key_from_ssm(stack_name="shop-dev", **on_moto) == KEY
        assert api_key_from_ssm("/shop-dev/api-key", **on_moto) == KEY

    def test_a_missing_parameter_is_named(self, on_moto):
        with pytest.raises(SecureApiError, match=r"^SSM parameter /missing/api-key not found$"):
            api_key_from_ssm("/missing/api-key", **on_moto)

    def test_a_key_stored_with_a_trailing_newline_is_sent_trimmed(self, aws, on_moto, api):
        aws("ssm").put_parameter(Name="/shop-dev/api-key", Value=f"{KEY}\n", Type="SecureString")
        call_api(f"{api.url}/prod/", api_key=api_key_from_ssm("/shop-dev/api-key", **on_moto))
        assert api.last().headers["x-api-key"] == KEY

    def test_connection_failure_names_the_endpoint_and_the_overrides(self):
        closed = RecordingServer()
        closed.close()
        with pytest.raises(SecureApiError) as error:
            api_key_from_ssm("/shop-dev/api-key", region=REGION, endpoint_url=closed.url)
        assert str(error.value) == (
            f'cannot read SSM parameter /shop-dev/api-key: cannot connect to SSM at {closed.url}/; '
            "check the endpoint: endpoint_url, AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL"
        )

    def test_aws_endpoint_url_ssm_is_honoured(self, aws, moto, monkeypatch):
        aws("ssm").put_parameter(Name="/shop-dev/api-key", Value=KEY, Type="SecureString")
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", moto.endpoint)
        assert api_key_from_ssm("/shop-dev/api-key", region=REGION) == KEY


class TestCredentialsFromSecret:
    def test_reads_the_access_key_pair(self, aws, on_moto):
        aws("secretsmanager").create_secret(Name=SECRET, SecretString=USER_JSON)
        c = credentials_from_secret(stack_name="shop-dev", **on_moto)
        assert (c.access_key, c.secret_key, c.token) == (USER[0], USER[1], None)

    def test_a_missing_secret_is_named(self, on_moto):
        with pytest.raises(SecureApiError, match=r"^secret nope/iam-user-credentials not found$"):
            credentials_from_secret("nope/iam-user-credentials", **on_moto)

    @pytest.mark.parametrize("value", [f"{USER[1]} {{", json.dumps({"accessKeyId": USER[0], "secretAccessKey": USER[1]}), "null"],
                             ids=["not JSON, quoting the key", "wrong field names", "JSON null"])
    def test_a_bad_secret_is_refused_without_repeating_it(self, aws, on_moto, value):
        aws("secretsmanager").create_secret(Name="bad/creds", SecretString=value)
        with pytest.raises(SecureApiError) as error:
            credentials_from_secret("bad/creds", **on_moto)
        assert str(error.value) == 'secret bad/creds does not hold JSON {"access-key-id": ..., "secret-access-key": ...}'

    def test_aws_endpoint_url_secrets_manager_is_honoured(self, aws, moto, monkeypatch):
        aws("secretsmanager").create_secret(Name=SECRET, SecretString=USER_JSON)
        monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint)
        assert credentials_from_secret(SECRET, region=REGION).access_key == USER[0]


class TestDefaultCredentials:
    def test_environment_first(self, monkeypatch):
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "environmentKey/0000000000000000000000001")
        assert default_credentials().access_key == "AKIAENVIRONMENT00001"

    def test_the_default_profile_then_a_named_one(self):
        assert default_credentials().access_key == MOTO_CREDENTIALS["aws_access_key_id"]
        assert default_credentials("other").access_key == OTHER[0]

    def test_none_anywhere_says_where_it_looked(self, aws_env, monkeypatch):
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws_env / "none"))
        with pytest.raises(SecureApiError, match=r"^no AWS credentials from the default chain \(environment, AWS_PROFILE/default profile, SSO, container or instance role\)$"):
            default_credentials()

    def test_an_unknown_profile_is_named(self):
        with pytest.raises(SecureApiError, match="no-such-profile"):
            default_credentials("no-such-profile")


class TestAssumeRole:
    def test_returns_the_roles_temporary_credentials(self, on_moto):
        c = assume_role(default_credentials(), ROLE_ARN, **on_moto)
        assert c.access_key.startswith("ASIA") and c.token


class TestEndToEnd:
    def test_secret_then_role_then_a_signed_call(self, aws, on_moto, api):
        aws("secretsmanager").create_secret(Name=SECRET, SecretString=USER_JSON)
        role = assume_role(credentials_from_secret(SECRET, **on_moto), ROLE_ARN, **on_moto)
        call_api(f"{api.url}/prod/items?limit=10", credentials=role, region=REGION)
        received = api.last()
        assert received.headers["x-amz-security-token"] == role.token
        assert received.headers["authorization"] == expected_authorization(received, role.access_key, role.secret_key, REGION)

    def test_the_callers_own_identity_signs(self, api):
        call_api(f"{api.url}/prod/", credentials=default_credentials("other"), region=REGION)
        received = api.last()
        assert received.headers["authorization"] == expected_authorization(received, OTHER[0], OTHER[1], REGION)
