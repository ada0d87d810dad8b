"""Your own OpenAPI definition (openapi.yaml), secured by SecureRestApi: a Lambda function
and an Express state machine serve its operations, bound by operationId.

    python3 -m venv venv && venv/bin/pip install -r requirements.txt   (after `make build`)
    pulumi up
"""
import json

import pulumi
import pulumi_aws as aws
from pulumi_secure_api import (
    OperationBindingArgs,
    SecureRestApi,
    StateMachineOptionsArgs,
    StateMachineRequestContextArgs,
    open_api_definition_from_file,
)


def assume_role_policy(service: str) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    })


# The Lambda function behind GET /orders/{id}, with its execution role.
handler_role = aws.iam.Role("handler-role", assume_role_policy=assume_role_policy("lambda.amazonaws.com"))
logs = aws.iam.RolePolicyAttachment(
    "handler-logs",
    role=handler_role.name,
    policy_arn=aws.iam.ManagedPolicy.AWS_LAMBDA_BASIC_EXECUTION_ROLE,
)
GET_ORDER_JS = """exports.handler = async (event) => ({
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ item: "book", id: event.pathParameters.id }),
});
"""
get_order = aws.lambda_.Function(
    "get-order",
    role=handler_role.arn,
    runtime=aws.lambda_.Runtime.NODE_JS20D_X,
    handler="index.handler",
    code=pulumi.AssetArchive({"index.js": pulumi.StringAsset(GET_ORDER_JS)}),
    opts=pulumi.ResourceOptions(depends_on=[logs]),
)

# The checkout workflow: an EXPRESS state machine (API Gateway runs it synchronously).
workflow_role = aws.iam.Role("workflow-role", assume_role_policy=assume_role_policy("states.amazonaws.com"))
checkout = aws.sfn.StateMachine(
    "checkout",
    type="EXPRESS",
    role_arn=workflow_role.arn,
    definition=json.dumps({
        "StartAt": "Accept",
        "States": {"Accept": {"Type": "Pass", "Parameters": {"accepted": True, "item.$": "$.body.item"}, "End": True}},
    }),
)

# Every operation of openapi.yaml needs the x-api-key header, except the one listed as public.
shop = SecureRestApi(
    "shop",
    open_api_definition=open_api_definition_from_file("openapi.yaml"),
    operations={
        "getOrder": OperationBindingArgs(handler=get_order),
        "checkout": OperationBindingArgs(
            state_machine=checkout,
            state_machine_options=StateMachineOptionsArgs(
                request_context=StateMachineRequestContextArgs(request_id=True),
            ),
        ),
    },
    public_operations=["GET /health"],
)

pulumi.export("APIEndpoint", shop.api_endpoint)
pulumi.export("APIKey", pulumi.Output.secret(shop.api_key))
pulumi.export("OpenApiDocument", shop.open_api_document)
