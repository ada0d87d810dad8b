"""
examples/python against the Python SDK `make build-sdks` installed: it byte-compiles,
every name it takes from the SDK exists, and it runs under Pulumi's mocks, building both
components and exporting the four stack outputs.
"""
import ast
import json
import pathlib
import py_compile
import subprocess
import sys

import pulumi_secure_api

ROOT = pathlib.Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "python"
PROGRAM = EXAMPLE / "__main__.py"
STACK_OUTPUTS = ["APIEndpoint", "APIKey", "APIIAMUserCredentials", "APIIAMRoleARN"]


def test_example_byte_compiles(tmp_path):
    py_compile.compile(str(PROGRAM), cfile=str(tmp_path / "main.pyc"), doraise=True)


def test_example_uses_only_names_the_installed_sdk_has():
    tree = ast.parse(PROGRAM.read_text())
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "pulumi_secure_api"
                for a in n.names]
    assert {"SecureRestApi", "IAMSecureRestApi", "lambda_route"} <= set(imported)
    missing = [name for name in imported if not hasattr(pulumi_secure_api, name)]
    assert missing == []
    # The SDK the test sees is the one installed from sdk/python, not a stray copy.
    assert (pathlib.Path(pulumi_secure_api.__file__).parent / "route_helpers.py").read_text() == \
        (ROOT / "sdk" / "python" / "pulumi_secure_api" / "route_helpers.py").read_text()


def test_example_project_files():
    requirements = (EXAMPLE / "requirements.txt").read_text().split("\n")
    assert "../../sdk/python" in requirements
    assert any(r.startswith("pulumi>=") for r in requirements)
    assert any(r.startswith("pulumi-aws>=") for r in requirements)
    project = (EXAMPLE / "Pulumi.yaml").read_text()
    assert "name: python" in project and "path: ../../provider" in project


def test_example_runs_under_mocks():
    r = subprocess.run([sys.executable, "-W", "ignore::DeprecationWarning", str(pathlib.Path(__file__).parent / "run_example_under_mocks.py"),
                        str(PROGRAM)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    line = next((l for l in r.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line, r.stdout + r.stderr
    result = json.loads(line[len("RESULT "):])
    assert sorted(t for t in result["registrations"] if t.startswith("secure-api:")) == \
        ["secure-api:index:IAMSecureRestApi", "secure-api:index:SecureRestApi"]
    assert "aws:lambda/function:Function" in result["registrations"]
    assert set(STACK_OUTPUTS) <= set(result["exports"])
