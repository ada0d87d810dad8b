"""The console script's ``secure-api audit`` (secure_api_client.cli.main): the
expectations from a stack's state (the shared stack export, through a stand-in
``pulumi`` on PATH) or given on the command line, the live API from the
recorded-response API Gateway, the table or JSON and the exit status, as the
TypeScript client's (client/src/cliAudit.test.ts); the console script itself
is installed by pip."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_audit_read import KEY_VALUE, RecordedApiGateway
from test_stack_output import stand_in_pulumi

from secure_api_client.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "test-support" / "audit-cases"
STATE = json.loads((CASES / "stack-state.json").read_text(encoding="utf-8"))


def case(name: str) -> dict:
    return json.loads((CASES / "compare" / f"{name}.json").read_text(encoding="utf-8"))


def run(*args: str):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def serve():
    servers = []

    def start(shop: str, ops: str = "clean-iam") -> str:
        servers.append(RecordedApiGateway(CASES / "compare" / f"{shop}.json", CASES / "compare" / f"{ops}.json"))
        return servers[-1].url

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def pulumi(tmp_path, monkeypatch):
    """A stand-in pulumi on PATH printing the shared stack export."""
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    env = stand_in_pulumi(tmp_path, json.dumps(STATE["stackExport"]))
    monkeypatch.setenv("PATH", env["PATH"])
    return tmp_path


def test_a_stack_as_deployed_audits_clean(serve, pulumi):
    code, out, err = run("audit", "--stack", "prod", "--endpoint-url", serve("clean-secure"))
    assert code == 0, err
    assert json.loads((pulumi / "args.json").read_text()) == ["stack", "export", "--stack", "prod"]
    assert out == (
        'SecureRestApi "shop": REST API a1b2c3d4e5 stage prod (us-east-1): no drift (6 operations as deployed)\n'
        'IAMSecureRestApi "ops": REST API opsapi0001 stage prod (us-east-1): no drift (3 operations as deployed)\n'
        "2 APIs audited, 0 with drift: clean (exit 0)\n"
    )


def test_drift_exit_1_table_and_json_and_no_key_value(serve, pulumi):
    url = serve("several-drifts")
    code, out, _ = run("audit", "--endpoint-url", url)
    assert code == 1
    assert case("several-drifts")["table"].split("\n1 API audited")[0] in out
    assert out.endswith("2 APIs audited, 1 with drift: drift found (exit 1)\n")
    code, out_json, _ = run("audit", "--json", "--endpoint-url", url)
    report = json.loads(out_json)
    assert (code, report["exitCode"], report["drift"]) == (1, 1, True)
    assert report["apis"][0] == case("several-drifts")["audit"]
    assert KEY_VALUE not in out + out_json


def test_a_refused_read_exits_2_naming_the_permission(serve, pulumi):
    code, out, _ = run("audit", "--endpoint-url", serve("unread-export"))
    assert code == 2
    assert ("  could not read stage export: needs apigateway:GET on arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod/exports/oas30 "
            "(AccessDeniedException: User: ") in out


def test_the_document_alone(serve, tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    doc = tmp_path / "openapi.json"
    doc.write_text(json.dumps(case("clean-secure")["expectation"]["document"]))
    args = ["audit", "--rest-api-id", "a1b2c3d4e5", "--stage", "prod", "--expected", str(doc), "--endpoint-url", serve("clean-secure")]
    code, out, _ = run(*args)
    assert code == 0
    assert out == case("explicit-document-only")["table"].replace("stage prod:", "stage prod (us-east-1):", 1)
    code, out, _ = run(*args, "--deployment-id", "dep000", "--api-key-id", "key1", "--api-key-id", "key3")
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("  - ")] == [
        "  - stage prod serves deployment dep111, not dep000 (the one deployed from the document)",
        "  - API key key3 (shop-dev-retired) is disabled",
        "  - API key key3 (shop-dev-retired) is attached to none of the usage plans on stage prod: its callers get 403",
    ]


@pytest.mark.parametrize("args,message", [
    (["--rest-api-id", "a1b2c3d4e5"], "--rest-api-id needs --stage and --expected (the OpenAPI document it was deployed from)"),
    (["--stage", "prod"], "--stage applies with --rest-api-id only"),
    (["--rest-api-id", "a", "--stage", "p", "--expected", "/nonexistent.json"], "--expected /nonexistent.json: cannot read it (No such file or directory)"),
    (["--stack", "dev", "--rest-api-id", "a"], "--stack and --rest-api-id cannot be used together"),
])
def test_usage_errors_exit_2(args, message, capsys):
    assert main(["audit", *args]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"secure-api audit: error: {message}"


def test_no_stack_exits_2_with_pulumis_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", stand_in_pulumi(tmp_path, "", 255, "error: no stack named 'nope' found\n")["PATH"])
    code, _, err = run("audit", "--stack", "nope")
    assert (code, err) == (2, "error: pulumi stack export of stack nope failed (exit 255): error: no stack named 'nope' found\n")


def test_the_console_script(tmp_path):
    """pyproject's [project.scripts] names secure-api -> secure_api_client.cli:run, which runs main as a process would;
    `make build` pip-installs it, and then the installed script is run too."""
    import tomllib

    scripts = tomllib.loads((ROOT / "client-python" / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"secure-api": "secure_api_client.cli:run"}
    env = {**os.environ, "PYTHONPATH": str(ROOT / "client-python" / "src")}
    as_script = [sys.executable, "-c", "import sys; from secure_api_client.cli import run; sys.argv[0] = 'secure-api'; run()"]
    commands = [as_script]
    installed = shutil.which("secure-api", path=os.path.dirname(sys.executable))
    if installed:
        commands.append([installed])
    for command in commands:
        done = subprocess.run([*command, "audit", "--help"], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        assert "Exit status: 0 no drift; 1 drift found; 2 could not read everything" in done.stdout
        usage = subprocess.run([*command, "audit", "--stage", "prod"], capture_output=True, text=True, env=env)
        assert usage.returncode == 2 and "secure-api audit: error: --stage applies with --rest-api-id only" in usage.stderr
