"""Synthesizes AWS CDK's own constructs to CloudFormation, for comparison with ours.

Run with the aws-cdk-lib venv's Python (bash scripts/tool.sh aws-cdk-lib). Reads
JSON on stdin:
  {"account", "region",
   "definition": an OpenAPI document (SpecRestApi, ApiDefinition.fromInline),
   "stateMachine": {"name"}, "options": CDK's StepFunctionsRestApi options in our
   names (headers, querystring, path, authorizer, requestContext: {sourceIp: true, ...})}
and writes {"spec": template, "stepFunctions": template} on stdout.
"""
import json
import re
import sys
import tempfile

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_stepfunctions as sfn


def snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def main():
    spec = json.load(sys.stdin)
    env = cdk.Environment(account=spec["account"], region=spec["region"])
    app = cdk.App(outdir=tempfile.mkdtemp(prefix="cdk-peer-"))

    spec_stack = cdk.Stack(app, "Spec", env=env)
    apigw.SpecRestApi(spec_stack, "Api", api_definition=apigw.ApiDefinition.from_inline(spec["definition"]))

    sfn_stack = cdk.Stack(app, "StepFunctions", env=env)
    machine = sfn.StateMachine(
        sfn_stack,
        "Machine",
        state_machine_name=spec["stateMachine"]["name"],
        state_machine_type=sfn.StateMachineType.EXPRESS,
        definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(sfn_stack, "Pass")),
    )
    options = dict(spec.get("options") or {})
    context = options.pop("requestContext", None)
    kwargs = {snake(k): v for k, v in options.items()}
    if context:
        kwargs["request_context"] = apigw.RequestContext(**{snake(k): v for k, v in context.items()})
    apigw.StepFunctionsRestApi(sfn_stack, "Api", state_machine=machine, **kwargs)

    assembly = app.synth()
    json.dump(
        {
            "spec": assembly.get_stack_by_name("Spec").template,
            "stepFunctions": assembly.get_stack_by_name("StepFunctions").template,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
