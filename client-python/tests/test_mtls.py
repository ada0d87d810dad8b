"""Mutual TLS with requests' ``cert=`` and ``verify=``, against an HTTPS
recording server that, like a custom domain with a truststore, completes the
handshake only with a client certificate issued by its CA. The certificates
are made at test time with openssl (pki.py)."""

from __future__ import annotations

import ssl

import pytest

from conftest import KEY
from pki import Pki
from recording_server import RecordingServer
from secure_api_client import SecureApiError, call_api


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def _mtls_api(pki):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.server_cert, pki.server_key)
    context.load_verify_locations(pki.ca_cert)
    context.verify_mode = ssl.CERT_REQUIRED
    server = RecordingServer(tls=context)
    yield server
    server.close()


@pytest.fixture
def mtls_api(_mtls_api):
    _mtls_api.reset()
    return _mtls_api


def test_presents_the_client_certificate_with_key_and_token(mtls_api, pki):
    response = call_api(f"{mtls_api.url}/prod/hello", api_key=KEY, bearer="tok",
                        cert=(pki.client_cert, pki.client_key), verify=pki.ca_cert)
    assert response.status_code == 200
    received = mtls_api.last()
    assert (received.target, received.client_cert_cn) == ("/prod/hello", "client")
    assert (received.headers["x-api-key"], received.headers["authorization"]) == (KEY, "Bearer tok")


def test_one_file_with_certificate_and_key(mtls_api, pki):
    assert call_api(f"{mtls_api.url}/prod/", cert=pki.client_combined, verify=pki.ca_cert).status_code == 200
    assert mtls_api.last().client_cert_cn == "client"


def test_without_a_client_certificate_the_error_says_one_may_be_needed(mtls_api, pki):
    with pytest.raises(SecureApiError) as error:
        call_api(f"{mtls_api.url}/prod/", verify=pki.ca_cert)
    assert str(error.value) in (
        f"the TLS handshake with the API at {mtls_api.url} failed: the server may require a client certificate (mutual TLS): pass cert=",
        # TLS 1.3 without a certificate can also end in a plain reset.
        f"cannot connect to the API at {mtls_api.url}: check the URL (endpoint_url and AWS_ENDPOINT_URL_* apply only to the AWS lookups, not to the API)",
    )
    assert mtls_api.requests == []


def test_a_certificate_from_another_ca_is_refused_and_the_error_says_so(mtls_api, pki):
    with pytest.raises(SecureApiError) as error:
        call_api(f"{mtls_api.url}/prod/", cert=(pki.stranger_cert, pki.stranger_key), verify=pki.ca_cert)
    assert str(error.value) in (
        f"the TLS handshake with the API at {mtls_api.url} failed: the server did not accept the client certificate (cert=): "
        "check that a CA in the domain's truststore issued it and that it has not expired",
        f"the API at {mtls_api.url} closed the connection: the server may not have accepted the client certificate (cert=): "
        "check that a CA in the domain's truststore issued it and that it has not expired",
    )
    assert mtls_api.requests == []


def test_without_verify_the_servers_certificate_is_not_trusted(mtls_api, pki):
    with pytest.raises(SecureApiError, match=r"^the API's certificate at https://127\.0\.0\.1:\d+ is not trusted: check the URL, or pass verify= the CA that issued it$"):
        call_api(f"{mtls_api.url}/prod/", cert=(pki.client_cert, pki.client_key))
    assert mtls_api.requests == []


def test_wrong_files_are_named_before_anything_is_sent(mtls_api, pki):
    url = f"{mtls_api.url}/prod/"
    with pytest.raises(SecureApiError, match="^cannot read the client certificate file /nonexistent/client.pem: no such file$"):
        call_api(url, cert=("/nonexistent/client.pem", pki.client_key), verify=pki.ca_cert)
    with pytest.raises(SecureApiError, match=f"^cannot use the client certificate and key {pki.client_cert} / {pki.stranger_key}: .*KEY_VALUES_MISMATCH"):
        call_api(url, cert=(pki.client_cert, pki.stranger_key), verify=pki.ca_cert)
    with pytest.raises(SecureApiError, match=f"^cannot use the client certificate and key {pki.client_cert}: "):
        call_api(url, cert=pki.client_cert, verify=pki.ca_cert)
    with pytest.raises(SecureApiError, match=f"^cannot use the CA file {pki.client_key}: "):
        call_api(url, cert=pki.client_combined, verify=pki.client_key)
    with pytest.raises(SecureApiError, match=r"^a client certificate \(cert=\) or CA file \(verify=\) needs an https:// URL$"):
        call_api("http://127.0.0.1:9/", cert=pki.client_combined)
    assert mtls_api.requests == []
