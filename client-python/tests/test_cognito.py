"""The Cognito sign-in helper on moto's cognito-idp: a user pool, an app
client allowing USER_PASSWORD_AUTH and users made with admin calls; the ID
token is then sent as ``bearer=`` with the API key. Errors name the user and
client, never the password."""

from __future__ import annotations

import base64
import json

import pytest

from conftest import KEY, REGION
from secure_api_client import SecureApiError, call_api, cognito_secret_hash, cognito_sign_in

PASSWORD = "Correct-Horse-7-Battery"
TEMPORARY = "Temporary-Pass-8-Word"


def claims(token: str) -> dict:
    """The claims of a JWT (not verified: moto signs with its own key)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture
def pool(aws, moto):
    idp = aws("cognito-idp")
    pool_id = idp.create_user_pool(PoolName="shop-users")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="shop-web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )["UserPoolClient"]["ClientId"]
    for user in ("alice", "newbie"):
        idp.admin_create_user(UserPoolId=pool_id, Username=user, TemporaryPassword=TEMPORARY, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=True)
    return {"client_id": client_id, "region": REGION, "endpoint_url": moto.endpoint}


def test_returns_the_id_and_access_tokens_and_the_id_token_is_sent_as_bearer(pool, api):
    tokens = cognito_sign_in(pool["client_id"], "alice", PASSWORD, region=REGION, endpoint_url=pool["endpoint_url"])
    assert claims(tokens.id_token)["token_use"] == "id"
    assert claims(tokens.id_token)["cognito:username"] == "alice"
    assert claims(tokens.access_token)["token_use"] == "access"
    assert tokens.token_type == "Bearer" and tokens.expires_in > 0
    assert tokens.id_token not in repr(tokens)
    call_api(f"{api.url}/prod/me", api_key=KEY, bearer=tokens.id_token)
    assert api.last().headers["authorization"] == f"Bearer {tokens.id_token}"
    assert api.last().headers["x-api-key"] == KEY


def test_needs_no_aws_credentials_and_honours_the_endpoint_variable(pool, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", pool["endpoint_url"])
    monkeypatch.setenv("AWS_REGION", REGION)
    assert claims(cognito_sign_in(pool["client_id"], "alice", PASSWORD).id_token)["cognito:username"] == "alice"


def test_a_wrong_password_names_user_and_client_not_the_password(pool):
    with pytest.raises(SecureApiError) as error:
        cognito_sign_in(pool["client_id"], "alice", "Wrong-Pass-1", region=REGION, endpoint_url=pool["endpoint_url"])
    assert str(error.value) == (
        f"Cognito refused to sign in user alice of app client {pool['client_id']}: "
        "NotAuthorizedException: Incorrect username or password. (check the username and password)"
    )


def test_says_what_to_do_when_cognito_asks_for_a_new_password(pool):
    with pytest.raises(SecureApiError) as error:
        cognito_sign_in(pool["client_id"], "newbie", TEMPORARY, region=REGION, endpoint_url=pool["endpoint_url"])
    assert str(error.value).startswith(
        f"Cognito asks user newbie of app client {pool['client_id']} to answer a NEW_PASSWORD_REQUIRED challenge, "
        "which this helper does not do: the user still has a temporary password"
    )
    assert TEMPORARY not in str(error.value)


def test_an_unknown_client_and_an_unreachable_endpoint(pool):
    with pytest.raises(SecureApiError, match="^Cognito sign-in of user alice of app client nosuchclient failed: ResourceNotFoundException: "):
        cognito_sign_in("nosuchclient", "alice", PASSWORD, region=REGION, endpoint_url=pool["endpoint_url"])
    with pytest.raises(SecureApiError) as error:
        cognito_sign_in(pool["client_id"], "alice", PASSWORD, region=REGION, endpoint_url="http://127.0.0.1:9")
    assert str(error.value) == (
        f"Cognito sign-in of user alice of app client {pool['client_id']} failed: cannot connect to Cognito at http://127.0.0.1:9/; "
        "check the endpoint: endpoint_url, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER or AWS_ENDPOINT_URL"
    )
    with pytest.raises(ValueError, match="needs a password"):
        cognito_sign_in(pool["client_id"], "alice", "")


def test_secret_hash_matches_the_typescript_clients_vector():
    # The same inputs and value as client/src/cognito.test.ts.
    assert cognito_secret_hash("alice", "1example23456789", "app-client-secret") == "LSTsQIcRSeNDklyI0/a1croYo3bRVMyIA/kEZmOZqKw="
