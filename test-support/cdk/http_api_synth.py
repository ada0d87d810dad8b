"""CDK's HttpApi (aws-cdk-lib's aws_apigatewayv2) for a list of routes, synthesized
to CloudFormation: the peer SecureHttpApi is compared with point by point
(provider/src/components/secureHttpApi.cdk.test.ts). Reads the routes as JSON on
stdin, prints the template as JSON on stdout. Run with the interpreter of
`bash scripts/tool.sh aws-cdk-lib`.

Input: {"routes": [{"path", "methods", "functionArn" | "url", "authorizer": null |
{"type": "iam"} | {"type": "jwt", "name", "issuer", "audiences", "identitySource"} |
{"type": "request", "name", "functionArn", "identitySources", "ttl", "simple"},
"scopes": [...]}], "cors": null | {"allowOrigins", "allowMethods", "allowHeaders",
"maxAge", "allowCredentials"}}
"""
import json
import sys

import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_

spec = json.load(sys.stdin)
app = cdk.App()
stack = cdk.Stack(app, "Peer", env=cdk.Environment(account="123456789012", region="us-east-1"))

functions = {}


def function(arn):
    if arn not in functions:
        functions[arn] = lambda_.Function.from_function_arn(stack, f"fn{len(functions)}", arn)
    return functions[arn]


shared = {}


def authorizer(a):
    if a is None:
        return None
    if a["type"] == "iam":
        return authorizers.HttpIamAuthorizer()
    if a["name"] in shared:
        return shared[a["name"]]
    if a["type"] == "jwt":
        made = authorizers.HttpJwtAuthorizer(
            a["name"], a["issuer"], jwt_audience=a["audiences"], identity_source=[a["identitySource"]], authorizer_name=a["name"]
        )
    else:
        made = authorizers.HttpLambdaAuthorizer(
            a["name"],
            function(a["functionArn"]),
            authorizer_name=a["name"],
            identity_source=a["identitySources"],
            results_cache_ttl=cdk.Duration.seconds(a["ttl"]),
            response_types=[authorizers.HttpLambdaResponseType.SIMPLE if a["simple"] else authorizers.HttpLambdaResponseType.IAM],
        )
    shared[a["name"]] = made
    return made


cors = spec.get("cors")
api = apigw.HttpApi(
    stack,
    "api",
    cors_preflight=None
    if cors is None
    else apigw.CorsPreflightOptions(
        allow_origins=cors["allowOrigins"],
        allow_methods=[apigw.CorsHttpMethod(m) for m in cors["allowMethods"]],
        allow_headers=cors["allowHeaders"],
        max_age=cdk.Duration.seconds(cors["maxAge"]),
        allow_credentials=cors["allowCredentials"],
    ),
)

for i, r in enumerate(spec["routes"]):
    if "url" in r:
        target = integrations.HttpUrlIntegration(f"i{i}", r["url"], method=apigw.HttpMethod(r["urlMethod"]))
    else:
        target = integrations.HttpLambdaIntegration(f"i{i}", function(r["functionArn"]))
    api.add_routes(
        path=r["path"],
        methods=[apigw.HttpMethod(m) for m in r["methods"]],
        integration=target,
        authorizer=authorizer(r.get("authorizer")),
        authorization_scopes=r.get("scopes") or None,
    )

json.dump(app.synth().get_stack_by_name("Peer").template, sys.stdout)
