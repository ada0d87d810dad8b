"""The audit's reads, through botocore's apigateway client, against the
recorded-response API Gateway (test-support/recorded-api-gateway.js, run with
node) serving each shared case's snapshot as AWS answers it: the reads rebuild
exactly the snapshot (pages followed, methods embedded, key values dropped,
refusals recorded with their permission), so the audit is the case's. The
TypeScript client runs the same (client/src/audit/read.test.ts)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from secure_api_client.audit import compare_api, read_live_api

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "test-support" / "audit-cases" / "compare").glob("*.json"))
KEY_VALUE = "RecordedKeyValue0123456789abcdefghijKLMN"  # what the server answers for every key's value
CREDENTIALS = type("Credentials", (), {"access_key": "AKIARECORDED00000001", "secret_key": "recorded/0000000000000000000000000000001", "token": None})()


class RecordedApiGateway:
    def __init__(self, *files: Path):
        node = shutil.which("node")
        if not node:
            pytest.skip("node is needed to run the recorded API Gateway")
        self._process = subprocess.Popen([node, str(ROOT / "test-support" / "recorded-api-gateway.js"), *map(str, files)],
                                         stdout=subprocess.PIPE, text=True)
        self.url = self._process.stdout.readline().strip()

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        self._process.stdout.close()


@pytest.fixture
def recorded():
    servers = []

    def serve(*files: Path) -> RecordedApiGateway:
        servers.append(RecordedApiGateway(*files))
        return servers[-1]

    yield serve
    for s in servers:
        s.close()


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_read_rebuilds_the_snapshot(path: Path, recorded):
    case = json.loads(path.read_text(encoding="utf-8"))
    server = recorded(path)
    snapshot = read_live_api(case["expectation"], region="us-east-1", endpoint_url=server.url, credentials=CREDENTIALS)
    assert snapshot == case["snapshot"]
    assert compare_api(case["expectation"], snapshot) == case["audit"]
    assert KEY_VALUE not in json.dumps(snapshot)


def test_cannot_reach_api_gateway(aws_env):
    case = json.loads((ROOT / "test-support" / "audit-cases" / "compare" / "clean-secure.json").read_text(encoding="utf-8"))
    snapshot = read_live_api(case["expectation"], region="us-east-1", endpoint_url="http://127.0.0.1:9", credentials=CREDENTIALS)
    assert [u["what"] for u in snapshot["unread"]] == ["REST API"]
    assert "cannot connect to API Gateway at http://127.0.0.1:9" in snapshot["unread"][0]["error"]
    assert "AWS_ENDPOINT_URL_API_GATEWAY" in snapshot["unread"][0]["error"]
