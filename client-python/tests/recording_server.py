"""A 127.0.0.1 HTTP server that records every request exactly as it arrived
(raw request target, headers, body bytes) and answers as the test says. It
stands in for API Gateway. Given an ``ssl.SSLContext`` it serves HTTPS; one
that requires a client certificate stands in for a custom domain with
mutual TLS, and each request records the CN of the certificate it came with."""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional


@dataclass
class Recorded:
    method: str
    #: The raw request target: path and query as they were on the wire.
    target: str
    #: Lower-case names.
    headers: Dict[str, str]
    body: bytes
    #: HTTPS with a client certificate: its subject CN.
    client_cert_cn: Optional[str] = None


@dataclass
class Reply:
    status: int = 200
    headers: Dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    body: bytes = b'{"ok":true}'


class RecordingServer:
    def __init__(self, tls: Optional[ssl.SSLContext] = None) -> None:
        self.requests: List[Recorded] = []
        self.responder: Callable[[Recorded], Reply] = lambda _: Reply()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                cn = None
                if isinstance(self.connection, ssl.SSLSocket):
                    peer = self.connection.getpeercert() or {}
                    cn = next((value for rdn in peer.get("subject", ()) for key, value in rdn if key == "commonName"), None)
                recorded = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body, cn)
                server.requests.append(recorded)
                reply = server.responder(recorded)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _handle

            def log_message(self, *args: object) -> None:  # quiet
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            # The handshake runs on accept; a failed one (no or an untrusted client certificate) drops that connection only.
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self.url = f"{'https' if tls is not None else 'http'}://127.0.0.1:{self.port}"
        self.host = f"127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def last(self) -> Recorded:
        assert self.requests, "the server has received no request"
        return self.requests[-1]

    def respond(self, responder: Callable[[Recorded], Reply]) -> None:
        self.responder = responder

    def reset(self) -> None:
        self.requests.clear()
        self.responder = lambda _: Reply()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
