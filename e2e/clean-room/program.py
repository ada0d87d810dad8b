# The clean room's Python program (e2e/clean-room/cleanRoom.test.ts): run by
# the interpreter of a virtualenv outside the checkout, where the SDK is
# installed from its wheel. An Automation API inline program: preview, up,
# destroy through the real engine. Prints one JSON line of facts for the test.
import json
import os
from pathlib import Path

import pulumi
import pulumi_aws as aws
import pulumi_secure_api
from pulumi import automation as auto
from pulumi_secure_api import Http, SecureRestApi, lambda_methods, lambda_route

seen = set()


def plugin_executables():
    """Executables of running secure-api plugins started by this PULUMI_HOME's engine (Linux /proc)."""
    home = f"PULUMI_HOME={os.environ['PULUMI_HOME']}".encode()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            if home in environ and any(os.path.basename(a) == b"pulumi-resource-secure-api" for a in cmd):
                found.append(os.readlink(f"/proc/{pid}/exe"))
        except OSError:
            pass  # gone, or not ours to read
    return found


def program():
    role = aws.iam.Role("handler-role", assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }))
    handler = aws.lambda_.Function(
        "handler", role=role.arn, runtime="python3.12", handler="index.handler",
        code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return {'statusCode': 200}\n")}),
    )
    api = SecureRestApi("api", routes=[lambda_methods(handler, Http.GET), lambda_route(handler, "/hello", Http.GET)])
    # Constructed by then: the plugin serving it is running.
    api.urn.apply(lambda _: seen.update(plugin_executables()))
    pulumi.export("APIEndpoint", api.api_endpoint)
    pulumi.export("APIKey", api.api_key)


def main():
    directory = Path(os.environ["ROOM_STACK_DIR"])
    state = directory / "state"
    state.mkdir(parents=True, exist_ok=True)
    backend = f"file://{state}"
    stack = auto.create_stack(
        stack_name="dev",
        project_name="clean-room-py",
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(directory),
            project_settings=auto.ProjectSettings(name="clean-room-py", runtime="python", backend=auto.ProjectBackend(url=backend)),
            env_vars={"PULUMI_BACKEND_URL": backend, "PULUMI_SECURE_API_CACHE": str(directory / "api-keys.json")},
            pulumi_command=auto.PulumiCommand(root=str(Path(os.environ["PULUMI_CLI"]).parent.parent), skip_version_check=True),
        ),
    )
    stack.set_config("aws:region", auto.ConfigValue(os.environ["AWS_REGION"]))
    preview = stack.preview()
    up = stack.up()
    key = up.outputs.get("APIKey")
    destroy = stack.destroy()
    remaining = len(stack.export_stack().deployment.get("resources") or [])
    print(json.dumps({
        "preview": preview.change_summary,
        "up": {"result": up.summary.result, "resourceChanges": up.summary.resource_changes, "stdout": up.stdout},
        "apiKey": {"secret": bool(key and key.secret), "length": len(key.value) if key and isinstance(key.value, str) else -1},
        "apiEndpoint": up.outputs["APIEndpoint"].value if "APIEndpoint" in up.outputs else None,
        "destroy": {"result": destroy.summary.result, "remaining": remaining},
        "sdk": pulumi_secure_api.__file__,
        "plugins": sorted(seen),
    }))


if __name__ == "__main__":
    main()
