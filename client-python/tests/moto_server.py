"""A real moto server for the tests: started on a free 127.0.0.1 port, reached
by real botocore clients through endpoint_url, stopped after the session."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import time
import urllib.request

#: Dummy credentials moto accepts; never real ones.
MOTO_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    def __init__(self, timeout: float = 30.0):
        # MOTO_SERVER overrides the command, as in test-support/moto.ts.
        command = shlex.split(os.environ.get("MOTO_SERVER", "moto_server"))
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"}
        try:
            self._process = subprocess.Popen(
                [*command, "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
            )
        except FileNotFoundError:
            raise RuntimeError(f"cannot start moto ({command[0]}): install it with pip install 'moto[server]'") from None
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"moto exited early: {self._process.stderr.read().decode(errors='replace')}")
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"moto did not start within {timeout} s") from None
                time.sleep(0.1)

    def reset(self) -> None:
        """Forget every resource moto holds."""
        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST"), timeout=5).close()

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stderr.close()
