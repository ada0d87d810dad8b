"""Requests to the API, built once in wire form and then authorized: the
``x-api-key`` header and/or a bearer token (``Authorization: Bearer ...``), or
a SigV4 signature made from the URL as requests will send it. A client
certificate for mutual TLS and the CA to trust are requests' own ``cert`` and
``verify``. The query is re-encoded with RFC 3986 (the canonical request's own
encoding, ``+`` a literal plus) and the path percent-encoded as UTF-8, the same
wire form as the TypeScript client, so both sign the same request alike."""

from __future__ import annotations

import json as _json
import os
import re
import ssl
from typing import Any, Mapping, Optional, Tuple, Union
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import requests

from .errors import SecureApiError
from .signing import EXECUTE_API_SERVICE, region_from_url, sign

API_KEY_HEADER = "x-api-key"
USER_AGENT = "secure-api-client-python"
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_DEFAULT_PORTS = {"http": 80, "https": 443}

Body = Union[bytes, str, None]
#: requests' ``cert``: one PEM file holding certificate and key, or (certificate file, key file).
Cert = Union[str, Tuple[str, str], None]


def header_safe_api_key(api_key: str) -> str:
    """The key without surrounding white space: a key read from a file or
    ``echo`` ends with a newline, which HTTP forbids in a header. Anything else
    that does not fit a header is refused without showing the key."""
    key = (api_key or "").strip()
    if not key:
        raise SecureApiError("the API key is empty")
    if not re.fullmatch(r"[\x21-\x7e]+", key):
        raise SecureApiError(
            "the API key contains white space, control or non-ASCII characters, "
            "which an HTTP header cannot carry (the key is not shown)"
        )
    return key


def bearer_authorization(token: str) -> str:
    """The ``Authorization`` value for a bearer token: ``Bearer TOKEN``, or the
    value as given when it already has a scheme (``Bearer x``, ``Basic x``).
    Refuses, without showing the token, what a header cannot carry."""
    value = (token or "").strip()
    if not value:
        raise SecureApiError("the bearer token is empty")
    if re.fullmatch(r"[\x21-\x7e]+", value):
        return f"Bearer {value}"
    if re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+ [\x21-\x7e]+", value):
        return value
    raise SecureApiError(
        "the bearer token contains white space, control or non-ASCII characters, "
        "which an HTTP header cannot carry (the token is not shown)"
    )


def _remove_dot_segments(path: str) -> str:
    # RFC 3986 5.2.4, as browsers and the TypeScript client's URL parser do,
    # so what is signed is what the server sees.
    out: list = []
    segments = path.split("/")[1:]
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg in (".", ".."):
            if seg == ".." and out:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/" + "/".join(out)


def _wire_query(query: str) -> str:
    # Names and values decoded ("+" stays a plus), grouped by name in order of
    # first appearance, re-encoded with RFC 3986; "a" becomes "a=".
    groups: dict = {}
    for piece in query.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            groups.setdefault(unquote(name), []).append(unquote(value))
    return "&".join(f"{quote(n, safe='')}={quote(v, safe='')}" for n, values in groups.items() for v in values)


def wire_url(url: str) -> str:
    """The URL exactly as it goes on the wire: path percent-encoded (UTF-8,
    existing %XX kept, dot segments resolved), query RFC 3986-encoded."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise SecureApiError(f"unsupported URL scheme {parts.scheme or '(none)'}: (use https:// or http://)")
    if parts.username or parts.password:
        raise SecureApiError("credentials in the URL are not supported")
    if not parts.hostname:
        raise SecureApiError(f"no host in the URL {url}")
    path = quote(_remove_dot_segments(parts.path or "/"), safe="/%!$&'()*+,;=:@~")
    return urlunsplit((parts.scheme, _host(parts), path, _wire_query(parts.query), ""))


def _host(parts: Any) -> str:
    """The Host header: lower-case host, the port only when not the scheme's default."""
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    return host if port is None or port == _DEFAULT_PORTS.get(parts.scheme) else f"{host}:{port}"


def prepare_request(
    url: str,
    method: str = "GET",
    *,
    body: Body = None,
    json: Any = None,
    headers: Optional[Mapping[str, str]] = None,
    api_key: Optional[str] = None,
    bearer: Optional[str] = None,
    credentials: Any = None,
    region: Optional[str] = None,
    service: str = EXECUTE_API_SERVICE,
) -> requests.PreparedRequest:
    """The request, authorized, ready for ``requests.Session.send``.

    ``api_key``: sent as ``x-api-key``. ``bearer``: a token for a route with an
    authorizer (a Cognito ID or access token, a Lambda authorizer's token),
    sent as ``Authorization: Bearer TOKEN`` (a value with a scheme as given);
    with ``api_key`` too when the route needs both. ``credentials``: any object with
    access_key, secret_key and token (botocore ``Credentials``, e.g. from
    ``credentials_from_secret``, ``assume_role``, ``default_credentials`` or
    ``boto3.Session().get_credentials()``); the request is signed for
    ``service`` in ``region`` (else the execute-api URL's region).
    ``json``: a body serialized as JSON, with ``Content-Type: application/json``.
    """
    if api_key is not None and credentials is not None:
        raise ValueError("give api_key or credentials, not both")
    if bearer is not None and credentials is not None:
        raise ValueError("give bearer or credentials, not both: the signature is the Authorization header")
    if bearer is not None and any(name.lower() == "authorization" for name in (headers or {})):
        raise ValueError("give bearer or an Authorization header, not both")
    if body is not None and json is not None:
        raise ValueError("give body or json, not both")
    signed_headers: dict = {}
    for name, value in (headers or {}).items():
        if not _TOKEN.match(name):
            raise SecureApiError(f"invalid header name {name!r}")
        if "\r" in value or "\n" in value:
            raise SecureApiError(f"header {name} has a line break in its value")
        signed_headers[name.lower()] = value
    if json is not None:
        body = _json.dumps(json)
        signed_headers.setdefault("content-type", "application/json")
    data = body.encode("utf-8") if isinstance(body, str) else body

    target = wire_url(url)
    # Host is signed, so it is set here rather than left to the HTTP library.
    signed_headers["host"] = urlsplit(target).netloc
    if api_key is not None:
        signed_headers[API_KEY_HEADER] = header_safe_api_key(api_key)
    if bearer is not None:
        signed_headers["authorization"] = bearer_authorization(bearer)
    prepared = requests.Request(method.upper(), target, headers=signed_headers, data=data).prepare()
    if credentials is not None:
        sign_region = region or region_from_url(url)
        if not sign_region:
            raise SecureApiError(
                f"cannot tell the API's region from {urlsplit(target).hostname} (not an execute-api host): give the region"
            )
        # Signed from the prepared URL and body: exactly what goes on the wire.
        prepared.headers.update(
            sign(prepared.method or method, prepared.url or target, signed_headers, data or b"",
                 credentials=credentials, region=sign_region, service=service)
        )
    # Added after signing and never signed: proxies may rewrite it.
    prepared.headers["User-Agent"] = USER_AGENT
    return prepared


def _check_tls(cert: Cert, verify: Union[bool, str, None]) -> None:
    """Loads the client certificate and the CA file before anything is sent, so
    a wrong file is named (never its contents)."""
    if cert is not None:
        certfile, keyfile = (cert, None) if isinstance(cert, str) else cert
        for f in (certfile, keyfile):
            if f is not None and not os.path.isfile(f):
                raise SecureApiError(f"cannot read the client certificate file {f}: no such file")
        try:
            ssl.create_default_context().load_cert_chain(certfile, keyfile)
        except (ssl.SSLError, OSError) as e:
            files = certfile if keyfile is None else f"{certfile} / {keyfile}"
            raise SecureApiError(f"cannot use the client certificate and key {files}: {e}") from None
    if isinstance(verify, str):
        if not os.path.exists(verify):
            raise SecureApiError(f"cannot read the CA file {verify}: no such file")
        try:
            ssl.create_default_context(cafile=verify if os.path.isfile(verify) else None,
                                       capath=verify if os.path.isdir(verify) else None)
        except (ssl.SSLError, OSError) as e:
            raise SecureApiError(f"cannot use the CA file {verify}: {e}") from None


def _tls_error(origin: str, error: Exception, cert: Cert) -> str:
    """Why the TLS handshake with the API failed, from OpenSSL's words."""
    text = str(error)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return f"the API's certificate at {origin} is not trusted: check the URL, or pass verify= the CA that issued it"
    if cert is not None:
        return (f"the TLS handshake with the API at {origin} failed: the server did not accept the client certificate "
                "(cert=): check that a CA in the domain's truststore issued it and that it has not expired")
    return (f"the TLS handshake with the API at {origin} failed: the server may require a client certificate "
            "(mutual TLS): pass cert=")


def send_request(
    prepared: requests.PreparedRequest,
    *,
    timeout: float = 30.0,
    session: Optional[requests.Session] = None,
    cert: Cert = None,
    verify: Union[bool, str, None] = None,
) -> requests.Response:
    """Sends a prepared request as it is; redirects are not followed (a signature covers one host).

    ``cert``: a client certificate for mutual TLS, as requests takes it (one
    PEM file with certificate and key, or a (certificate, key) pair of files;
    the key unencrypted). ``verify``: a CA bundle file to trust the API's
    certificate with (else requests' default)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(prepared.url or ""))
    if (cert is not None or isinstance(verify, str)) and not origin.startswith("https://"):
        raise SecureApiError("a client certificate (cert=) or CA file (verify=) needs an https:// URL")
    _check_tls(cert, verify)
    http = session or requests.Session()
    options: dict = {}
    if cert is not None:
        options["cert"] = cert
    if verify is not None:
        options["verify"] = verify
    try:
        return http.send(prepared, timeout=timeout, allow_redirects=False, **options)
    except requests.exceptions.Timeout:
        raise SecureApiError(f"no response from {origin} within {timeout} s") from None
    except requests.exceptions.SSLError as e:
        raise SecureApiError(_tls_error(origin, e, cert)) from None
    except requests.exceptions.ConnectionError as e:
        if cert is not None and origin.startswith("https://") and "ConnectionResetError" in repr(e):
            # TLS 1.3: the server checks the certificate after the client's part of the handshake, then hangs up.
            raise SecureApiError(
                f"the API at {origin} closed the connection: the server may not have accepted the client certificate "
                "(cert=): check that a CA in the domain's truststore issued it and that it has not expired"
            ) from None
        raise SecureApiError(
            f"cannot connect to the API at {origin}: check the URL "
            "(endpoint_url and AWS_ENDPOINT_URL_* apply only to the AWS lookups, not to the API)"
        ) from None
    finally:
        if session is None:
            http.close()


def call_api(url: str, method: str = "GET", *, timeout: float = 30.0, session: Optional[requests.Session] = None,
             cert: Cert = None, verify: Union[bool, str, None] = None, **options: Any) -> requests.Response:
    """One request, whatever the status (``response.content`` is the body as
    bytes, ``response.text`` / ``response.json()`` decoded). ``options`` are
    those of ``prepare_request``; ``cert`` and ``verify`` those of ``send_request``."""
    return send_request(prepare_request(url, method, **options), timeout=timeout, session=session, cert=cert, verify=verify)
