"""A bearer token for routes with an authorizer (Cognito or Lambda), alone or
with the API key (a SecureRestApi route with an authorizer needs both),
against the recording server; a token unfit for a header is refused without
being shown."""

from __future__ import annotations

import pytest
from botocore.credentials import Credentials

from conftest import KEY
from secure_api_client import SecureApiError, bearer_authorization, call_api, prepare_request

# JWT-shaped and made up.
TOKEN = "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXRlc3Q"
UNFIT = "the bearer token contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the token is not shown)"


def test_sends_authorization_bearer_and_no_key(api):
    assert call_api(f"{api.url}/prod/me", bearer=TOKEN).status_code == 200
    received = api.last()
    assert received.headers["authorization"] == f"Bearer {TOKEN}"
    assert "x-api-key" not in received.headers


def test_sends_the_key_and_the_token_together(api):
    call_api(f"{api.url}/prod/me", api_key=KEY, bearer=TOKEN)
    received = api.last()
    assert (received.headers["x-api-key"], received.headers["authorization"]) == (KEY, f"Bearer {TOKEN}")


@pytest.mark.parametrize("given, sent", [
    (f"Bearer {TOKEN}", f"Bearer {TOKEN}"),
    (f"  {TOKEN}\n", f"Bearer {TOKEN}"),
    ("Basic dXNlcjpwYXNz", "Basic dXNlcjpwYXNz"),
    ("allow", "Bearer allow"),
], ids=["with its scheme", "white space around", "another scheme", "a Lambda authorizer's word"])
def test_a_value_with_a_scheme_is_sent_as_given(api, given, sent):
    assert bearer_authorization(given) == sent
    call_api(f"{api.url}/prod/", bearer=given)
    assert api.last().headers["authorization"] == sent


@pytest.mark.parametrize("token, message", [
    ("", "the bearer token is empty"),
    (f"{TOKEN[:20]}\n{TOKEN[20:]}", UNFIT),
    (f"Bearer  {TOKEN}", UNFIT),
    (f"{TOKEN}é", UNFIT),
], ids=["empty", "line break inside", "two spaces", "non-ASCII"])
def test_refuses_a_token_unfit_for_a_header_without_showing_it(api, token, message):
    with pytest.raises(SecureApiError) as error:
        call_api(f"{api.url}/prod/", bearer=token)
    assert str(error.value) == message
    assert TOKEN[:20] not in str(error.value)
    assert api.requests == []


def test_bearer_goes_with_neither_signing_nor_an_authorization_header():
    with pytest.raises(ValueError, match="give bearer or credentials, not both: the signature is the Authorization header"):
        prepare_request("https://example.com/", bearer=TOKEN, credentials=Credentials("AKIDEXAMPLE", "secret"), region="eu-west-1")
    with pytest.raises(ValueError, match="give bearer or an Authorization header, not both"):
        prepare_request("https://example.com/", bearer=TOKEN, headers={"Authorization": "x"})


def test_a_raw_authorization_header_is_sent_as_given(api):
    call_api(f"{api.url}/prod/", headers={"Authorization": TOKEN}, api_key=KEY)
    assert api.last().headers["authorization"] == TOKEN
