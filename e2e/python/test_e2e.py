"""The components under the real engine, from Python (run by scripts/e2e.sh).

The real CLI and engine, our plugin constructing the components over gRPC,
the generated Python SDK as pip installed it, a file backend with encrypted
secrets, moto for the key flow, and a STAND-IN aws provider
(test-support/stand-in-aws-provider). The program is examples/python's own
__main__.py, run as an Automation API inline program.
"""
import json
import os
import runpy
import subprocess
from pathlib import Path

import boto3
import pytest
from pulumi import automation as auto

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "python" / "__main__.py"


def env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run this suite through scripts/e2e.sh")
    return value


@pytest.fixture(scope="module")
def deployed():
    work = Path(env("E2E_WORK")) / "py-example"
    state = work / "state"
    state.mkdir(parents=True)
    project = "e2e-py-example"
    env_vars = {"PULUMI_SECURE_API_CACHE": str(work / "api-keys.json"), "PULUMI_BACKEND_URL": f"file://{state}"}
    cli = env("PULUMI_CLI")
    stack = auto.create_stack(
        "dev",
        project_name=project,
        program=lambda: runpy.run_path(str(EXAMPLE), run_name="__main__"),
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(work),
            env_vars=env_vars,
            project_settings=auto.ProjectSettings(name=project, runtime="python", backend=auto.ProjectBackend(url=f"file://{state}")),
            pulumi_command=auto.PulumiCommand(root=str(Path(cli).parent.parent), skip_version_check=True),
        ),
    )
    log = []
    up = stack.up(on_output=log.append)

    def run_cli(*args):
        return subprocess.run([cli, *args, "--stack", "dev", "--non-interactive"], cwd=work, env={**os.environ, **env_vars},
                              capture_output=True, text=True, check=True).stdout

    yield {"stack": stack, "up": up, "log": "\n".join(log), "project": project, "cli": run_cli, "state": state}
    stack.destroy()
    resources = json.loads(run_cli("stack", "export"))["deployment"].get("resources") or []
    assert resources == [], "destroy left resources behind"


def test_up_succeeds_without_error_diagnostics(deployed):
    assert deployed["up"].summary.result == "succeeded"
    # e.g. pip's deprecation warnings, which the engine shows as `error:` lines
    assert "error:" not in deployed["log"]


def test_components_and_children_are_in_the_state(deployed):
    resources = json.loads(deployed["cli"]("stack", "export"))["deployment"]["resources"]
    by_type = {}
    for r in resources:
        by_type.setdefault(r["type"], []).append(r)
    keyed = by_type["secure-api:index:SecureRestApi"][0]
    iam = by_type["secure-api:index:IAMSecureRestApi"][0]
    assert keyed["urn"].endswith("::keyed-api") and iam["urn"].endswith("::iam-api")
    children = lambda urn: {r["type"] for r in resources if r.get("parent") == urn}
    assert {"aws:apigateway/restApi:RestApi", "aws:apigateway/apiKey:ApiKey", "aws:apigateway/usagePlan:UsagePlan"} <= children(keyed["urn"])
    assert {"aws:apigateway/restApi:RestApi", "aws:iam/user:User", "aws:secretsmanager/secret:Secret", "aws:iam/role:Role"} <= children(iam["urn"])


def test_api_key_is_secret_and_equals_the_ssm_parameter(deployed):
    outputs = deployed["stack"].outputs()
    assert outputs["APIKey"].secret
    key = outputs["APIKey"].value
    ssm = boto3.client("ssm", region_name=os.environ["AWS_REGION"], endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    stored = ssm.get_parameter(Name=f"/{deployed['project']}-dev/api-key", WithDecryption=True)["Parameter"]
    assert stored["Type"] == "SecureString"
    assert stored["Value"] == key and len(key) == 40
    assert deployed["cli"]("stack", "output", "APIKey", "--show-secrets").strip() == key
    assert outputs["APIIAMUserCredentials"].value.startswith("https://us-east-1.console.aws.amazon.com/secretsmanager/secret?name=")
    assert outputs["APIIAMRoleARN"].value == f"arn:aws:iam::123456789012:role/{deployed['project']}-dev-iam@api-invoke-role"


def test_state_holds_no_secret_in_plain_text(deployed):
    key = deployed["stack"].outputs()["APIKey"].value
    with_secrets = json.loads(deployed["cli"]("stack", "export", "--show-secrets"))["deployment"]["resources"]
    access_key = next(r for r in with_secrets if r["type"] == "aws:iam/accessKey:AccessKey")
    # `stack export --show-secrets` keeps the secret envelope, with the value JSON-encoded.
    secret_access_key = json.loads(access_key["outputs"]["secret"]["plaintext"])
    assert len(secret_access_key) > 20
    raw = (deployed["state"] / ".pulumi" / "stacks" / deployed["project"] / "dev.json").read_text()
    for text in (deployed["cli"]("stack", "export"), raw):
        assert key not in text
        assert secret_access_key not in text


def test_preview_after_up_changes_nothing(deployed):
    preview = deployed["stack"].preview()
    assert set(preview.change_summary) == {"same"}
