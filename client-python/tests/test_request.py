"""The client against a 127.0.0.1 server that records what arrives: the API
key header (trimmed, or refused without being shown), response bytes, and
SigV4 signatures recomputed from the received request (sigv4_check.py) for
query strings, JSON and binary bodies, non-ASCII and pre-encoded paths and
temporary credentials; connection failures and time-outs."""

from __future__ import annotations

import pytest
from botocore.credentials import Credentials

from conftest import KEY, REGION
from recording_server import Reply, RecordingServer
from secure_api_client import SecureApiError, call_api, prepare_request, redact_headers, wire_url
from sigv4_check import expected_authorization, signed_header_names

ACCESS_KEY, SECRET_KEY = "AKIDLOCALTEST0000001", "local/test/secret/0000000000000000000000"
CREDENTIALS = Credentials(ACCESS_KEY, SECRET_KEY)


def assert_valid_signature(api, access_key=ACCESS_KEY, secret_key=SECRET_KEY):
    received = api.last()
    assert received.headers["authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={access_key}/")
    assert f"/{REGION}/execute-api/aws4_request" in received.headers["authorization"]
    assert received.headers["authorization"] == expected_authorization(received, access_key, secret_key, REGION)


class TestApiKey:
    def test_sends_the_key_and_returns_the_response(self, api):
        api.respond(lambda _: Reply(201, {"Content-Type": "application/json", "X-Trace": "t1"}, b'{"id":7}'))
        response = call_api(f"{api.url}/prod/items", "post", json={"a": 1}, api_key=KEY)
        assert (response.status_code, response.json(), response.headers["x-trace"]) == (201, {"id": 7}, "t1")
        received = api.last()
        assert (received.method, received.target, received.body) == ("POST", "/prod/items", b'{"a": 1}')
        assert received.headers["x-api-key"] == KEY
        assert received.headers["content-type"] == "application/json"
        assert "authorization" not in received.headers

    def test_trims_white_space_around_the_key(self, api):
        call_api(f"{api.url}/prod/", api_key=f" {KEY}\r\n")
        assert api.last().headers["x-api-key"] == KEY

    @pytest.mark.parametrize("key", [f"{KEY[:20]}\n{KEY[20:]}", f"{KEY}\x07", " \n"], ids=["line break inside", "control character", "blank"])
    def test_refuses_a_key_unfit_for_a_header_without_showing_it(self, api, key):
        with pytest.raises(SecureApiError) as error:
            call_api(f"{api.url}/prod/", api_key=key)
        assert str(error.value) in (
            "the API key is empty",
            "the API key contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the key is not shown)",
        )
        assert KEY[:20] not in str(error.value)
        assert api.requests == []

    def test_returns_error_statuses_and_sends_nothing_secret_without_auth(self, api):
        api.respond(lambda _: Reply(403, body=b'{"message":"Forbidden"}'))
        response = call_api(f"{api.url}/prod/")
        assert response.status_code == 403
        assert "x-api-key" not in api.last().headers and "authorization" not in api.last().headers


def test_a_binary_response_is_kept_byte_for_byte(api):
    body = bytes(range(256))
    api.respond(lambda _: Reply(200, {"Content-Type": "application/octet-stream"}, body))
    assert call_api(f"{api.url}/prod/blob", api_key=KEY).content == body


class TestSignature:
    def test_query_string_unsorted_repeated_spaces_plus_reserved_non_ascii(self, api):
        call_api(f"{api.url}/prod/items?b=2&a=1&a=0&q=hello%20world&plus=1+1&sym=%24%26%3D&empty&uni=ü", credentials=CREDENTIALS, region=REGION)
        assert api.last().target == "/prod/items?b=2&a=1&a=0&q=hello%20world&plus=1%2B1&sym=%24%26%3D&empty=&uni=%C3%BC"
        assert_valid_signature(api)

    def test_json_body_and_its_content_type(self, api):
        call_api(f"{api.url}/prod/items", "PUT", json={"name": "Zoë", "n": 1}, credentials=CREDENTIALS, region=REGION)
        assert "content-type" in signed_header_names(api.last().headers["authorization"])
        assert_valid_signature(api)

    def test_binary_body_byte_for_byte(self, api):
        body = bytes([0, 255, 128, 10, 13, 0x7F])
        call_api(f"{api.url}/prod/blob", "POST", body=body, credentials=CREDENTIALS, region=REGION)
        assert api.last().body == body
        assert_valid_signature(api)

    def test_non_ascii_path_in_its_percent_encoded_wire_form(self, api):
        call_api(f"{api.url}/prod/café/ሴ/a b", credentials=CREDENTIALS, region=REGION)
        assert api.last().target == "/prod/caf%C3%A9/%E1%88%B4/a%20b"
        assert_valid_signature(api)

    def test_pre_encoded_path_kept_and_dot_segments_resolved(self, api):
        call_api(f"{api.url}/prod/x/../users/a%2Fb/%C3%A9", credentials=CREDENTIALS, region=REGION)
        assert api.last().target == "/prod/users/a%2Fb/%C3%A9"
        assert_valid_signature(api)

    def test_session_token_of_temporary_credentials(self, api):
        call_api(f"{api.url}/prod/", credentials=Credentials(ACCESS_KEY, SECRET_KEY, "FwoGZXIvYXdzEXAMPLE//session+token=="), region=REGION)
        received = api.last()
        assert received.headers["x-amz-security-token"] == "FwoGZXIvYXdzEXAMPLE//session+token=="
        assert "x-amz-security-token" in signed_header_names(received.headers["authorization"])
        assert_valid_signature(api)

    def test_only_what_the_client_controls_is_signed(self, api):
        call_api(f"{api.url}/prod/", "POST", body="x", headers={"X-Trace": "abc  1"}, credentials=CREDENTIALS, region=REGION)
        assert signed_header_names(api.last().headers["authorization"]) == ["host", "x-amz-date", "x-trace"]
        assert_valid_signature(api)

    def test_the_check_is_not_vacuous(self, api):
        call_api(f"{api.url}/prod/a?x=1", "POST", body="one", credentials=CREDENTIALS, region=REGION)
        received = api.last()
        good = expected_authorization(received, ACCESS_KEY, SECRET_KEY, REGION)
        assert received.headers["authorization"] == good
        for changed in (dict(target="/prod/b?x=1"), dict(target="/prod/a?x=2"), dict(body=b"two")):
            other = type(received)(**{**received.__dict__, **changed})
            assert expected_authorization(other, ACCESS_KEY, SECRET_KEY, REGION) != good
        assert expected_authorization(received, ACCESS_KEY, SECRET_KEY, "us-east-1") != good

    def test_region_from_an_execute_api_url_and_none_guessed_for_other_hosts(self, api):
        prepared = prepare_request("https://abc123.execute-api.ap-south-1.amazonaws.com/prod/", credentials=CREDENTIALS)
        assert "/ap-south-1/execute-api/aws4_request" in prepared.headers["Authorization"]
        with pytest.raises(SecureApiError, match=r"cannot tell the API's region from 127.0.0.1 \(not an execute-api host\): give the region"):
            call_api(f"{api.url}/prod/", credentials=CREDENTIALS)
        assert api.requests == []

    def test_service_changes_the_signing_name(self, api):
        call_api(f"{api.url}/prod/", credentials=CREDENTIALS, region=REGION, service="lambda")
        assert f"/{REGION}/lambda/aws4_request" in api.last().headers["authorization"]


class TestSending:
    def test_names_the_api_when_it_cannot_connect(self):
        closed = RecordingServer()
        closed.close()
        with pytest.raises(SecureApiError) as error:
            call_api(f"{closed.url}/prod/x", api_key=KEY)
        assert str(error.value) == (
            f"cannot connect to the API at {closed.url}: check the URL "
            "(endpoint_url and AWS_ENDPOINT_URL_* apply only to the AWS lookups, not to the API)"
        )
        assert KEY not in str(error.value)

    def test_does_not_follow_redirects(self, api):
        api.respond(lambda _: Reply(302, {"Location": "http://elsewhere.example/"}, b""))
        assert call_api(f"{api.url}/prod/", credentials=CREDENTIALS, region=REGION).status_code == 302
        assert len(api.requests) == 1

    def test_rejects_urls_and_headers_it_cannot_send(self):
        with pytest.raises(SecureApiError, match="unsupported URL scheme ftp"):
            wire_url("ftp://example.com/x")
        with pytest.raises(SecureApiError, match="credentials in the URL are not supported"):
            wire_url("https://u:p@example.com/x")
        with pytest.raises(SecureApiError, match="invalid header name 'bad name'"):
            prepare_request("https://example.com/", headers={"bad name": "x"})
        with pytest.raises(SecureApiError, match="line break"):
            prepare_request("https://example.com/", headers={"a": "x\r\nInjected: 1"})
        with pytest.raises(ValueError, match="api_key or credentials"):
            prepare_request("https://example.com/", api_key=KEY, credentials=CREDENTIALS)


def test_redact_headers_hides_every_value_that_grants_access():
    prepared = prepare_request("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/", credentials=Credentials(ACCESS_KEY, SECRET_KEY, "token"))
    shown = redact_headers({**prepared.headers, "x-api-key": KEY, "Proxy-Authorization": "Basic x"})
    assert shown["Authorization"] == shown["X-Amz-Security-Token"] == shown["x-api-key"] == shown["Proxy-Authorization"] == "[redacted]"
    assert shown["host"] == "abc123.execute-api.eu-west-1.amazonaws.com"
