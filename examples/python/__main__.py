"""Both secure-api components in front of one small inline Lambda function.

    python3 -m venv venv && venv/bin/pip install -r requirements.txt   (after `make build`)
    pulumi up
"""
import json

import pulumi
import pulumi_aws as aws
from pulumi_secure_api import Http, IAMSecureRestApi, SecureRestApi, lambda_methods, lambda_route

# The Lambda function's execution role (it may write its logs, nothing else).
role = aws.iam.Role(
    "handler-role",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)
logs = aws.iam.RolePolicyAttachment(
    "handler-logs",
    role=role.name,
    policy_arn=aws.iam.ManagedPolicy.AWS_LAMBDA_BASIC_EXECUTION_ROLE,
)

# A proxy-integration handler, its code inline.
HANDLER_JS = """exports.handler = async (event) => ({
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "hello from pulumi-secure-api", method: event.httpMethod, path: event.path }),
});
"""
handler = aws.lambda_.Function(
    "handler",
    role=role.arn,
    runtime=aws.lambda_.Runtime.NODE_JS20D_X,
    handler="index.handler",
    code=pulumi.AssetArchive({"index.js": pulumi.StringAsset(HANDLER_JS)}),
    opts=pulumi.ResourceOptions(depends_on=[logs]),
)

# Every method needs the x-api-key header; the key comes from (or goes to) SSM.
keyed = SecureRestApi(
    "keyed-api",
    routes=[
        lambda_methods(handler, Http.GET),  # GET /
        lambda_route(handler, "/hello", Http.GET, Http.POST),
    ],
)

# Every method needs AWS IAM (SigV4) auth; an IAM user may assume the invoke role.
# Two components in one stack need distinct stack_names (the default is {project}-{stack}).
iam = IAMSecureRestApi(
    "iam-api",
    stack_name=f"{pulumi.get_project()}-{pulumi.get_stack()}-iam",
    use_role=True,
    routes=[lambda_route(handler, "/hello", Http.GET)],
)

pulumi.export("APIEndpoint", keyed.api_endpoint)
pulumi.export("APIKey", keyed.api_key)  # secret already (the schema marks apiKey secret): no Output.secret needed
pulumi.export("IAMAPIEndpoint", iam.api_endpoint)
pulumi.export("APIIAMUserCredentials", iam.api_iam_user_credentials)
pulumi.export("APIIAMRoleARN", iam.api_iam_role_arn)
