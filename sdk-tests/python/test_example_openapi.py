"""
examples/python-openapi against the Python SDK `make build-sdks` installed: it byte-compiles,
every name it takes from the SDK exists, and it runs under Pulumi's mocks, sending the
component its definition file's text, the operations bound by operationId (a Lambda
function, an Express state machine with its options) and the public operation. Under an
SDK's mocks the component is remote, so its checks do not run here: the provider's tests
construct it from the same file and bindings (openApiDefinition.test.ts), and the
real-engine suite deploys the YAML twin (e2e/yaml).
"""
import ast
import json
import pathlib
import py_compile
import subprocess
import sys

import yaml

import pulumi_secure_api

ROOT = pathlib.Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "python-openapi"
PROGRAM = EXAMPLE / "__main__.py"


def test_example_byte_compiles(tmp_path):
    py_compile.compile(str(PROGRAM), cfile=str(tmp_path / "main.pyc"), doraise=True)


def test_example_uses_only_names_the_installed_sdk_has():
    tree = ast.parse(PROGRAM.read_text())
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "pulumi_secure_api"
                for a in n.names]
    assert {"SecureRestApi", "OperationBindingArgs", "open_api_definition_from_file"} <= set(imported)
    assert [name for name in imported if not hasattr(pulumi_secure_api, name)] == []


def test_example_project_files():
    requirements = (EXAMPLE / "requirements.txt").read_text().split("\n")
    assert "../../sdk/python" in requirements
    project = (EXAMPLE / "Pulumi.yaml").read_text()
    assert "name: python" in project and "path: ../../provider" in project
    # The same contract as the YAML example's.
    assert (EXAMPLE / "openapi.yaml").read_text() == (ROOT / "examples" / "yaml-openapi" / "openapi.yaml").read_text()


def test_example_runs_under_mocks_and_sends_the_definition_and_bindings():
    # Run from the example's directory, as `pulumi up` runs it: the definition file is read from there.
    r = subprocess.run([sys.executable, "-W", "ignore::DeprecationWarning",
                        str(pathlib.Path(__file__).parent / "run_example_under_mocks.py"), str(PROGRAM)],
                       capture_output=True, text=True, timeout=120, cwd=EXAMPLE)
    assert r.returncode == 0, r.stdout + r.stderr
    line = next((l for l in r.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line, r.stdout + r.stderr
    result = json.loads(line[len("RESULT "):])
    assert [t for t in result["registrations"] if t.startswith("secure-api:")] == ["secure-api:index:SecureRestApi"]
    assert {"aws:lambda/function:Function", "aws:sfn/stateMachine:StateMachine"} <= set(result["registrations"])
    assert {"APIEndpoint", "APIKey"} <= set(result["exports"])
    shop = next(c["inputs"] for c in result["components"] if c["name"] == "shop")
    # The file's text, as written; the schema's names (camelCase) on the wire.
    assert shop["openApiDefinition"] == (EXAMPLE / "openapi.yaml").read_text()
    assert sorted(shop["operations"]) == ["checkout", "getOrder"]
    assert set(shop["operations"]["getOrder"]) == {"handler"}
    assert set(shop["operations"]["checkout"]) == {"stateMachine", "stateMachineOptions"}
    assert shop["operations"]["checkout"]["stateMachineOptions"] == {"requestContext": {"requestId": True}}
    assert shop["publicOperations"] == ["GET /health"]
    # Every operation the program binds exists in the file, and every other one has its own integration.
    doc = yaml.safe_load((EXAMPLE / "openapi.yaml").read_text())
    ops = {op["operationId"]: op for item in doc["paths"].values() for op in item.values()}
    assert set(shop["operations"]) <= set(ops)
    assert all("x-amazon-apigateway-integration" in op for op_id, op in ops.items() if op_id not in shop["operations"])
