"""A throwaway PKI for the mutual-TLS tests, made with the openssl command
line (as test-support/testPki.ts does for the TypeScript client): a CA, a
server certificate for 127.0.0.1 signed by it, a client certificate signed by
it, and a client certificate from a second CA the server does not trust."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def _openssl(directory: Path, *args: str) -> None:
    if shutil.which("openssl") is None:
        raise RuntimeError("the mutual-TLS tests need the openssl command on PATH to make their throwaway certificates")
    subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)


def _ca(directory: Path, name: str) -> None:
    _openssl(directory, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
             "-subj", f"/CN={name}", "-keyout", f"{name}.key", "-out", f"{name}.pem",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")


def _leaf(directory: Path, name: str, issuer: str, extensions: str) -> None:
    _openssl(directory, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", f"/CN={name}",
             "-keyout", f"{name}.key", "-out", f"{name}.csr")
    (directory / f"{name}.ext").write_text(extensions)
    _openssl(directory, "x509", "-req", "-in", f"{name}.csr", "-CA", f"{issuer}.pem", "-CAkey", f"{issuer}.key",
             "-CAcreateserial", "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}.pem")


class Pki:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        _ca(directory, "test-ca")
        _ca(directory, "stranger-ca")
        _leaf(directory, "server", "test-ca", "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        _leaf(directory, "client", "test-ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
        _leaf(directory, "stranger", "stranger-ca", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n")
        self.ca_cert = str(directory / "test-ca.pem")
        self.server_cert, self.server_key = str(directory / "server.pem"), str(directory / "server.key")
        self.client_cert, self.client_key = str(directory / "client.pem"), str(directory / "client.key")
        self.stranger_cert, self.stranger_key = str(directory / "stranger.pem"), str(directory / "stranger.key")
        combined = directory / "client-combined.pem"
        combined.write_bytes(Path(self.client_cert).read_bytes() + Path(self.client_key).read_bytes())
        self.client_combined = str(combined)
