"""
The Python SDK (pulumi_secure_api, pip-installed from sdk/python by `make build-sdks`)
under Pulumi's mocks: the inputs its two component classes send must be exactly
test-support/sdk-wire-fixture.json's, which the provider's construct is tested with
too (provider/src/sdkFixture.test.ts).
"""
import json
import pathlib

import pulumi
import pytest
from pulumi.runtime.mocks import MockMonitor

FIXTURE = json.loads((pathlib.Path(__file__).parents[2] / "test-support" / "sdk-wire-fixture.json").read_text())
SIG = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"

registrations = []


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        registrations.append(args)
        return [f"{args.name}-id", args.inputs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        raise AssertionError(f"unexpected invoke {args.token}")


remote = {}


class RecordingMonitor(MockMonitor):
    """The mocks hand new_resource no `remote` flag; read it off the request the SDK sends."""

    def RegisterResource(self, request):  # noqa: N802 (the gRPC method's name)
        remote[request.name] = request.remote
        return super().RegisterResource(request)


MOCKS = Mocks()
pulumi.runtime.set_mocks(MOCKS, project=FIXTURE["project"], stack=FIXTURE["stack"], preview=False,
                         monitor=RecordingMonitor(MOCKS))

# Imported after set_mocks, as the runtime loads a program's modules.
import pulumi_aws as aws  # noqa: E402
import pulumi_secure_api as secure_api  # noqa: E402
from pulumi_secure_api import (  # noqa: E402
    AccessLogsArgs, ApiClientArgs, AuthorizerArgs, AuthorizerType, CorsArgs, CustomDomainArgs, DomainSecurityPolicy, EndpointType, ExecutionLogLevel, ExecutionLogsArgs, Hardening, Http,
    IAMSecureRestApi, IntegrationArgs, InvokerGrantArgs, KeyRotationArgs, LambdaPermissionScope, ManagedWafArgs, MutualTlsArgs, QuotaArgs,
    QuotaPeriod, RequestValidationArgs, RouteArgs, RouteGrantArgs, RouteThrottleArgs, SecureHttpApi, SecureRestApi, StageCacheArgs, ThrottleArgs,
    WafLoggingArgs, integration_methods, integration_route,
    lambda_methods, lambda_route, OperationBindingArgs, StateMachineOptionsArgs, StateMachineRequestContextArgs,
    open_api_definition_from_file,
)

KEY = "0123456789abcdefghijKLMNOP"
POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_SdkWire01"
AUTHORIZER = AuthorizerArgs(type=AuthorizerType.COGNITO, user_pool_arns=[POOL])
LOG_FORMAT = "$context.requestId $context.identity.apiKeyId $context.status"
FIREHOSE = "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-sdk-wire"
MOCK_INTEGRATION = {"application/json": '{"statusCode": 200}'}
TRUSTSTORE = "s3://sdk-wire-truststores/partners/ca.pem"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/sdk-wire/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
ALLOWED_IPS = ["203.0.113.0/24", "2001:db8::/32"]
MANAGED_RULES = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]
LOGS_KEY = "arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
SECRET_KEY = "arn:aws:kms:us-east-1:123456789012:key/ffffffff-1111-2222-3333-444444444444"
PAGE = "method.request.querystring.page"


def fixture_component(typ, name=None):
    return next(c for c in FIXTURE["components"] if c["type"] == typ and (name is None or c["name"] == name))


def registered(typ, name):
    found = [r for r in registrations if r.typ == typ and r.name == name]
    assert len(found) == 1, f"{typ} {name} registered {len(found)} times"
    return found[0]


def engine_urn(urn):
    """
    Pulumi's Python mocks prefix the type of a child of the stack with the stack's type
    (urn:pulumi:dev::p::pulumi:pulumi:Stack$aws:...); the engine does not, and the fixture
    holds the engine's URN.
    """
    return urn.replace("::pulumi:pulumi:Stack$", "::")


def wire_form(value):
    """What the mock received, back in wire form (an Output, since a resource's URN is one)."""
    if isinstance(value, pulumi.Resource):
        ref = {SIG: RESOURCE_SIG, "urn": value.urn.apply(engine_urn)}
        if isinstance(value, pulumi.CustomResource):
            ref["id"] = value.id
        return pulumi.Output.all(**ref).apply(lambda r: r)
    if isinstance(value, (list, tuple)):
        return pulumi.Output.all(*[wire_form(v) for v in value]).apply(list)
    if isinstance(value, dict):
        keys = sorted(value)
        return pulumi.Output.all(*[wire_form(value[k]) for k in keys]).apply(lambda vs: dict(zip(keys, vs)))
    return pulumi.Output.from_input(value)


def handler_function():
    # The program, as a user writes it with the SDK.
    return aws.lambda_.Function(
        FIXTURE["handler"]["name"],
        role="arn:aws:iam::123456789012:role/sdk-wire-lambda",
        runtime="nodejs20.x",
        handler="index.handler",
    )


HANDLER = None


def handler():
    global HANDLER
    if HANDLER is None:
        HANDLER = handler_function()
    return HANDLER


def assert_sends_fixture(component, fixture_inputs, name):
    def check(_):
        reg = [r for r in registrations if r.name == name and not r.custom]
        assert len(reg) == 1, f"component {name} registered {len(reg)} times"
        # A remote component: one resource the engine asks the secure-api plugin to construct.
        assert remote[name] is True
        for route in reg[0].inputs.get("routes", []):
            if "handler" in route:
                # The handler crossed as a reference to the very resource, not a copy of its properties.
                assert isinstance(route["handler"], aws.lambda_.Function)
        return wire_form(reg[0].inputs).apply(lambda got: compare(got, fixture_inputs))

    return component.urn.apply(check)


def compare(got, want):
    # Numbers travel as doubles (3600 arrives as 3600.0), which == takes as equal; names, values,
    # shapes, secrets and references must match exactly.
    assert got == want, f"\n got: {json.dumps(got, sort_keys=True)}\nwant: {json.dumps(want, sort_keys=True)}"
    return True


@pulumi.runtime.test
def test_handler_registers_as_the_fixture_function():
    fn = handler()

    def check(args):
        urn, id_ = args
        assert engine_urn(urn) == FIXTURE["handler"]["urn"]
        assert id_ == FIXTURE["handler"]["id"]
        reg = registered(FIXTURE["handler"]["type"], FIXTURE["handler"]["name"])
        assert reg.custom
        assert remote[FIXTURE["handler"]["name"]] is False
        assert dict(reg.inputs) == FIXTURE["handler"]["inputs"]

    return pulumi.Output.all(fn.urn, fn.id).apply(check)


@pulumi.runtime.test
def test_secure_rest_api_sends_exactly_the_fixture_inputs():
    expected = fixture_component("secure-api:index:SecureRestApi")
    api = SecureRestApi(
        expected["name"],
        stack_name="sdk-wire-keyed",
        description="SDK wire fixture: API-key API",
        authorizer=AUTHORIZER,
        stage_name="v1",
        endpoint_type=EndpointType.REGIONAL,
        routes=[
            lambda_methods(handler(), Http.GET),
            RouteArgs(path="/items/{id}", methods=[Http.GET, Http.PUT], handler=handler(),
                      throttle=RouteThrottleArgs(burst_limit=4, rate_limit=2), authorization_scopes=["items/write"],
                      request_validation=RequestValidationArgs(body_schema={"type": "object"}, required_headers=["x-request-id"])),
            integration_route(IntegrationArgs(type="MOCK", request_templates=MOCK_INTEGRATION), "/ping", Http.GET),
        ],
        throttle=ThrottleArgs(burst_limit=10, rate_limit=2.5),
        quota=QuotaArgs(limit=100000, period=QuotaPeriod.WEEK, offset=10),
        tags={"app": "sdk-wire"},
        api_key_value=KEY,
        cache=False,
        access_logs=AccessLogsArgs(retention_in_days=30, format=LOG_FORMAT),
        execution_logs=ExecutionLogsArgs(level=ExecutionLogLevel.ERROR, metrics=True, tracing=True),
        binary_media_types=["image/png"],
        minimum_compression_size=1024,
        cors=CorsArgs(allow_origins=["https://app.sdk-wire.example.com"], allow_credentials=True, expose_headers=["x-request-id"],
                      max_age=300),
        domain=CustomDomainArgs(domain_name="api.sdk-wire.example.com", certificate_arn=CERT, base_path="v1",
                                hosted_zone_id="Z1D633PJN98FT9", security_policy=DomainSecurityPolicy.TLS12,
                                mutual_tls=MutualTlsArgs(truststore_uri=TRUSTSTORE, truststore_version="v2-sdk-wire")),
        disable_execute_api_endpoint=True,
        allowed_source_ips=ALLOWED_IPS,
        waf=ManagedWafArgs(rate_limit=1000, managed_rules=MANAGED_RULES,
                           logging=WafLoggingArgs(retention_in_days=180, kms_key_id=LOGS_KEY)),
        client_certificate=True,
        stage_cache=StageCacheArgs(size_gb=1.6, ttl_in_seconds=120, key_parameters=[PAGE]),
    )
    assert isinstance(api, SecureRestApi)
    return assert_sends_fixture(api, expected["inputs"], expected["name"])


@pulumi.runtime.test
def test_dict_literal_inputs_send_the_same_names():
    # The TypedDict spelling (snake_case keys, plain strings for enums) must reach the same wire names.
    expected = fixture_component("secure-api:index:SecureRestApi")
    api = SecureRestApi(
        "keyed-api-dicts",
        stack_name="sdk-wire-keyed",
        description="SDK wire fixture: API-key API",
        authorizer={"type": "cognito", "user_pool_arns": [POOL]},
        stage_name="v1",
        endpoint_type="REGIONAL",
        routes=[
            {"path": "/", "methods": ["GET"], "handler": handler()},
            {"path": "/items/{id}", "methods": ["GET", "PUT"], "handler": handler(), "throttle": {"burst_limit": 4, "rate_limit": 2},
             "authorization_scopes": ["items/write"], "request_validation": {"body_schema": {"type": "object"}, "required_headers": ["x-request-id"]}},
            {"path": "/ping", "methods": ["GET"], "integration": {"type": "MOCK", "request_templates": MOCK_INTEGRATION}},
        ],
        throttle={"burst_limit": 10, "rate_limit": 2.5},
        quota={"limit": 100000, "period": "WEEK", "offset": 10},
        tags={"app": "sdk-wire"},
        api_key_value=KEY,
        cache=False,
        access_logs={"retention_in_days": 30, "format": LOG_FORMAT},
        execution_logs={"level": "ERROR", "metrics": True, "tracing": True},
        binary_media_types=["image/png"],
        minimum_compression_size=1024,
        cors={"allow_origins": ["https://app.sdk-wire.example.com"], "allow_credentials": True, "expose_headers": ["x-request-id"],
              "max_age": 300},
        domain={"domain_name": "api.sdk-wire.example.com", "certificate_arn": CERT, "base_path": "v1",
                "hosted_zone_id": "Z1D633PJN98FT9", "security_policy": "TLS_1_2",
                "mutual_tls": {"truststore_uri": TRUSTSTORE, "truststore_version": "v2-sdk-wire"}},
        disable_execute_api_endpoint=True,
        allowed_source_ips=ALLOWED_IPS,
        waf={"rate_limit": 1000, "managed_rules": MANAGED_RULES, "logging": {"retention_in_days": 180, "kms_key_id": LOGS_KEY}},
        client_certificate=True,
        stage_cache={"size_gb": 1.6, "ttl_in_seconds": 120, "key_parameters": [PAGE]},
    )
    return assert_sends_fixture(api, expected["inputs"], "keyed-api-dicts")


@pulumi.runtime.test
def test_iam_secure_rest_api_sends_exactly_the_fixture_inputs():
    expected = fixture_component("secure-api:index:IAMSecureRestApi")
    api = IAMSecureRestApi(
        expected["name"],
        stack_name="sdk-wire-iam",
        routes=[lambda_route(handler(), "/hello", Http.GET, Http.POST)],
        use_role=True,
        trust_account_root=False,
        max_session_duration=3600,
        secret_name="sdk-wire/iam-credentials",
        secret_recovery_window_in_days=7,
        invokers=["arn:aws:iam::210987654321:role/sdk-wire-caller", "111122223333"],
        invoker_grants=[InvokerGrantArgs(principal="arn:aws:iam::210987654321:role/sdk-wire-reader",
                                         routes=[RouteGrantArgs(method=Http.GET, path="/hello")])],
        policy_routes=[RouteGrantArgs(method=Http.GET, path="/hello"), RouteGrantArgs(method=Http.POST, path="/hello")],
        access_key_rotation=KeyRotationArgs(generation=2, retire_previous=True),
        access_logs=AccessLogsArgs(destination_arn=FIREHOSE),
        execution_logs=ExecutionLogsArgs(level=ExecutionLogLevel.INFO, data_trace=True),
        cloud_watch_role=True,
        cors=CorsArgs(allow_origins=["*"], allow_methods=[Http.GET, Http.POST]),
        domain=CustomDomainArgs(domain_name="iam.sdk-wire.example.com", certificate_arn=CERT, endpoint_type=EndpointType.EDGE),
        denied_source_ips=["198.51.100.0/24"],
        web_acl_arn=WEB_ACL,
        hardening=Hardening.STRICT,
        create_user=True,
        secret_kms_key_id=SECRET_KEY,
    )
    assert isinstance(api, IAMSecureRestApi)
    return assert_sends_fixture(api, expected["inputs"], expected["name"])


@pulumi.runtime.test
def test_secure_rest_api_with_clients_sends_exactly_the_fixture_inputs():
    expected = fixture_component("secure-api:index:SecureRestApi", "clients-api")
    api = SecureRestApi(
        expected["name"],
        stack_name="sdk-wire-clients",
        audit=True,
        routes=[integration_route(IntegrationArgs(type="MOCK", request_templates=MOCK_INTEGRATION), "/ping", Http.GET)],
        test=True,
        rotation=KeyRotationArgs(generation=2, retire_previous=True),
        clients=[
            ApiClientArgs(name="mobile"),
            ApiClientArgs(
                name="partner", enabled=False, throttle=ThrottleArgs(burst_limit=5, rate_limit=10),
                quota=QuotaArgs(limit=1000, period=QuotaPeriod.DAY), rotation=KeyRotationArgs(generation=1),
            ),
        ],
    )
    return assert_sends_fixture(api, expected["inputs"], expected["name"])


@pulumi.runtime.test
def test_secure_http_api_sends_exactly_the_fixture_inputs():
    expected = fixture_component("secure-api:index:SecureHttpApi")
    listener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/sdk-wire/50dc6c495c0c9188/0467ef3c8400ae65"
    api = SecureHttpApi(
        expected["name"],
        stack_name="sdk-wire-http",
        api_name="sdk-wire-http-api",
        description="SDK wire fixture: HTTP API",
        stage_name="v2",
        authorizer=AuthorizerArgs(type=AuthorizerType.JWT, name="oidc", issuer="https://issuer.sdk-wire.example.com/",
                                  audiences=["sdk-wire-web"]),
        routes=[
            RouteArgs(path="/orders", methods=[Http.GET], handler=handler(), authorization_scopes=["orders/read"],
                      throttle=RouteThrottleArgs(burst_limit=3, rate_limit=1)),
            RouteArgs(path="/signed", methods=[Http.GET, Http.POST], handler=handler(), authorizer=AuthorizerArgs(type=AuthorizerType.IAM)),
            RouteArgs(path="/partners/{id}", methods=[Http.PUT], handler=handler(),
                      authorizer=AuthorizerArgs(type=AuthorizerType.REQUEST, function=handler(),
                                                identity_sources=["$request.header.X-Partner-Token"], result_ttl_in_seconds=0,
                                                simple_responses=False)),
            RouteArgs(path="/internal/{proxy+}", methods=[Http.GET],
                      integration=IntegrationArgs(type="HTTP_PROXY", uri=listener, http_method="ANY", connection_type="VPC_LINK",
                                                  connection_id="abc123", timeout_milliseconds=10000,
                                                  request_parameters={"overwrite:path": "$request.path"}),
                      authorizer=AuthorizerArgs(type=AuthorizerType.COGNITO, user_pool_arns=[POOL], audiences=["sdk-wire-pool-client"])),
        ],
        throttle=ThrottleArgs(burst_limit=50, rate_limit=25),
        stage_variables={"backend": "backend.sdk-wire.example.com"},
        tags={"app": "sdk-wire"},
        lambda_permission_scope=LambdaPermissionScope.METHOD,
        access_logs=AccessLogsArgs(retention_in_days=14),
        cors=CorsArgs(allow_origins=["https://app.sdk-wire.example.com"], allow_headers=["authorization", "content-type", "x-partner-token"],
                      max_age=300),
        domain=CustomDomainArgs(domain_name="http.sdk-wire.example.com", certificate_arn=CERT, base_path="v2",
                                hosted_zone_id="Z1D633PJN98FT9", mutual_tls=MutualTlsArgs(truststore_uri=TRUSTSTORE)),
        disable_execute_api_endpoint=True,
        use_role=True,
        role_name="sdk-wire-http-invoke",
        trust_account_root=False,
        max_session_duration=7200,
        invokers=["arn:aws:iam::210987654321:role/sdk-wire-caller"],
        policy_routes=[RouteGrantArgs(method=Http.GET, path="/signed")],
        secret_name="sdk-wire/http-credentials",
        secret_recovery_window_in_days=10,
        access_key_rotation=KeyRotationArgs(generation=1),
    )
    assert isinstance(api, SecureHttpApi)
    return assert_sends_fixture(api, expected["inputs"], expected["name"])


def test_secure_rest_api_with_a_definition_sends_exactly_the_fixture_inputs():
    expected = fixture_component("secure-api:index:SecureRestApi", "definition-api")
    sm = FIXTURE["stateMachine"]
    # The program, as a user writes it: an EXPRESS state machine, the definition read with the SDK's helper.
    checkout = aws.sfn.StateMachine(
        sm["name"],
        type="EXPRESS",
        role_arn="arn:aws:iam::123456789012:role/sdk-wire-workflow",
        definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}, separators=(",", ":")),
    )
    api = SecureRestApi(
        expected["name"],
        stack_name="sdk-wire-definition",
        test=True,
        open_api_definition=open_api_definition_from_file(
            str(pathlib.Path(__file__).parents[2] / "test-support" / "sdk-wire-openapi.yaml")),
        operations={
            "getOrder": OperationBindingArgs(handler=handler(), throttle=RouteThrottleArgs(burst_limit=3, rate_limit=1.5)),
            "checkout": OperationBindingArgs(
                state_machine=checkout,
                state_machine_options=StateMachineOptionsArgs(
                    headers=True, path=False,
                    request_context=StateMachineRequestContextArgs(request_id=True, source_ip=True)),
            ),
        },
        public_operations=["GET /health"],
        routes=[RouteArgs(path="/flow", methods=[Http.POST], state_machine=checkout,
                          state_machine_options=StateMachineOptionsArgs(
                              authorizer=False, querystring=False,
                              request_context=StateMachineRequestContextArgs(user_agent=True)))],
    )

    def check_machine(args):
        urn, id_ = args
        assert engine_urn(urn) == sm["urn"] and id_ == sm["id"]
        assert dict(registered(sm["type"], sm["name"]).inputs) == sm["inputs"]
        return True

    return pulumi.Output.all(checkout.urn, checkout.id).apply(check_machine).apply(
        lambda _: assert_sends_fixture(api, expected["inputs"], expected["name"]))


@pytest.mark.parametrize("helper,args", [
    (lambda_route, lambda fn: (fn, "/path1")),
    (lambda_methods, lambda fn: (fn,)),
    (integration_route, lambda fn: ({"type": "MOCK"}, "/path1")),
    (integration_methods, lambda fn: ({"type": "MOCK"},)),
])
def test_helpers_reject_a_route_without_methods(helper, args):
    with pytest.raises(ValueError, match=rf"^{helper.__name__}: at least one HTTP method is required"):
        helper(*args(object()))


def test_helpers_mirror_the_reference_and_return_route_args():
    fn = object()  # the helpers only pass the handler on
    r = lambda_route(fn, "/path1", Http.GET)
    assert isinstance(r, RouteArgs)
    assert (r.path, list(r.methods), r.handler, r.integration) == ("/path1", [Http.GET], fn, None)
    r = lambda_methods(fn, Http.PUT, "POST")
    assert (r.path, list(r.methods), r.handler) == ("/", [Http.PUT, Http.POST], fn)
    integration = IntegrationArgs(type="HTTP_PROXY", uri="https://example.com", http_method="GET")
    r = integration_route(integration, "/proxy/{proxy+}", Http.ANY)
    assert (r.path, list(r.methods), r.integration, r.handler) == ("/proxy/{proxy+}", [Http.ANY], integration, None)
    r = integration_methods({"type": "MOCK"}, Http.OPTIONS)
    assert (r.path, list(r.methods), r.integration) == ("/", [Http.OPTIONS], {"type": "MOCK"})
    with pytest.raises(ValueError, match="lambda_route: unknown HTTP method 'FETCH'"):
        lambda_route(fn, "/x", "FETCH")
    with pytest.raises(ValueError, match='lambda_route: path must be a string starting with "/"'):
        lambda_route(fn, "x", Http.GET)
    # The enum carries every method the schema knows, under the reference's names.
    assert [m.name for m in Http] == ["OPTIONS", "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "ANY"]
    assert secure_api.lambda_route is lambda_route
