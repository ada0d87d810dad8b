"""One real-engine `up` of the bench program in Python, for bench/flat.js (run in
the real-engine suite's environment, scripts/e2e.sh bench): a fresh stack with one
IAM role, one Lambda and a SecureRestApi of N paths x 2 methods (GET, POST)
through the generated Python SDK, its key given (apiKeyValue), so no AWS call is
timed. The program is the same as bench/engine-child.js's, in Python.

    python3 bench/engine_child.py <N> <workDir>

Prints one JSON line: {"ms": ...} (or {"error": ...}).
"""
import json
import os
import sys
import time
from pathlib import Path

import pulumi
import pulumi_aws as aws
from pulumi import automation as auto
from pulumi_secure_api import SecureRestApi

KEY = "0123456789abcdefghijKLMNOPqrstuv"


def main():
    n, work = int(sys.argv[1]), Path(sys.argv[2])
    state = work / "state"
    state.mkdir(parents=True, exist_ok=True)

    def program():
        role = aws.iam.Role("handler-role", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
        handler = aws.lambda_.Function(
            "handler", role=role.arn, runtime="python3.12", handler="index.handler",
            code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(e, c):\n    return {'statusCode': 200}\n")}),
        )
        routes = [{"path": f"/r{i}", "methods": ["GET", "POST"], "handler": handler} for i in range(n)]
        api = SecureRestApi("api", routes=routes, api_key_value=KEY)
        pulumi.export("endpoint", api.api_endpoint)

    project = f"bench-py-{n}"
    cli = os.environ["PULUMI_CLI"]
    stack = auto.create_or_select_stack(
        "dev", project_name=project, program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(work), env_vars={"PULUMI_BACKEND_URL": f"file://{state}"},
            project_settings=auto.ProjectSettings(name=project, runtime="python", backend=auto.ProjectBackend(url=f"file://{state}")),
            pulumi_command=auto.PulumiCommand(root=str(Path(cli).parent.parent), skip_version_check=True),
        ),
    )
    t0 = time.perf_counter()
    stack.up()
    print(json.dumps({"ms": (time.perf_counter() - t0) * 1000}))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # reported to bench/flat.js as data, like engine-child.js does
        print(json.dumps({"error": str(e)[:4000]}))
        sys.exit(1)
