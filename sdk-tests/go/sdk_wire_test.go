// The Go SDK (sdk/go/secureapi, used here through a replace to ../../sdk) under
// Pulumi's mocks: the inputs its three component types send must be exactly
// test-support/sdk-wire-fixture.json's, which the provider's construct is
// tested with too (provider/src/sdkFixture.test.ts).
package sdktests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi-secure-api/pulumi-secure-api/sdk/go/secureapi"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/sfn"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const (
	sigKey      = "4dabf18193072939515e22adb298388d"
	resourceSig = "5cf8f73096256a8f31e491e813e4eb8e"
	apiKey      = "0123456789abcdefghijKLMNOP"
	// certificateArn is the ACM certificate of both custom domains.
	certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
)

type fixtureResource struct {
	Type         string              `json:"type"`
	Name         string              `json:"name"`
	URN          string              `json:"urn"`
	ID           string              `json:"id"`
	Inputs       map[string]any      `json:"inputs"`
	Dependencies map[string][]string `json:"dependencies"`
}

type fixtureFile struct {
	Project      string            `json:"project"`
	Stack        string            `json:"stack"`
	Handler      fixtureResource   `json:"handler"`
	StateMachine fixtureResource   `json:"stateMachine"`
	Components   []fixtureResource `json:"components"`
}

func loadFixture(t *testing.T) fixtureFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "test-support", "sdk-wire-fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f fixtureFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

type mocks struct {
	mu   sync.Mutex
	regs []pulumi.MockResourceArgs
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.regs = append(m.regs, args)
	return args.Name + "-id", args.Inputs, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, &unexpectedInvoke{args.Token}
}

type unexpectedInvoke struct{ token string }

func (e *unexpectedInvoke) Error() string { return "unexpected invoke " + e.token }

func (m *mocks) only(t *testing.T, typ, name string) pulumi.MockResourceArgs {
	t.Helper()
	var found []pulumi.MockResourceArgs
	for _, r := range m.regs {
		if r.TypeToken == typ && r.Name == name {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s %s registered %d times", typ, name, len(found))
	}
	return found[0]
}

// ref is a pointer to v: plain optional inputs (stageName, endpointType, ...) are pointers in the Go SDK.
func ref[T any](v T) *T { return &v }

// throttled is a route with a stage throttle of its own.
func throttled(r secureapi.RouteArgs, burst int, rate float64) secureapi.RouteArgs {
	r.Throttle = &secureapi.RouteThrottleArgs{BurstLimit: burst, RateLimit: rate}
	return r
}

// validated adds the route's Cognito scopes and request validation.
func validated(r secureapi.RouteArgs) secureapi.RouteArgs {
	r.AuthorizationScopes = []pulumi.StringInput{pulumi.String("items/write")}
	r.RequestValidation = &secureapi.RequestValidationArgs{
		BodySchema:      map[string]pulumi.Input{"type": pulumi.String("object")},
		RequiredHeaders: []pulumi.StringInput{pulumi.String("x-request-id")},
	}
	return r
}

// program is what a user writes with the Go SDK.
func program(ctx *pulumi.Context) error {
	handler, err := lambda.NewFunction(ctx, "handler", &lambda.FunctionArgs{
		Role:    pulumi.String("arn:aws:iam::123456789012:role/sdk-wire-lambda"),
		Runtime: pulumi.String("nodejs20.x"),
		Handler: pulumi.String("index.handler"),
	})
	if err != nil {
		return err
	}
	_, err = secureapi.NewSecureRestApi(ctx, "keyed-api", &secureapi.SecureRestApiArgs{
		StackName:   pulumi.StringRef("sdk-wire-keyed"),
		Description: pulumi.String("SDK wire fixture: API-key API"),
		Authorizer: &secureapi.AuthorizerArgs{
			Type:         secureapi.AuthorizerTypeCognito,
			UserPoolArns: pulumi.StringArray{pulumi.String("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_SdkWire01")},
		},
		StageName:    pulumi.StringRef("v1"),
		EndpointType: ref(secureapi.EndpointTypeREGIONAL),
		Routes: []secureapi.RouteInput{
			secureapi.LambdaMethods(handler, secureapi.HttpGET),
			validated(throttled(secureapi.LambdaRoute(handler, "/items/{id}", secureapi.HttpGET, secureapi.HttpPUT), 4, 2)),
			secureapi.IntegrationRoute(secureapi.IntegrationArgs{
				Type:             "MOCK",
				RequestTemplates: pulumi.StringMap{"application/json": pulumi.String(`{"statusCode": 200}`)},
			}, "/ping", secureapi.HttpGET),
		},
		Throttle:    &secureapi.ThrottleArgs{BurstLimit: pulumi.IntRef(10), RateLimit: pulumi.Float64Ref(2.5)},
		Quota:       &secureapi.QuotaArgs{Limit: pulumi.IntRef(100000), Period: ref(secureapi.QuotaPeriodWEEK), Offset: pulumi.IntRef(10)},
		Tags:        pulumi.StringMap{"app": pulumi.String("sdk-wire")},
		ApiKeyValue: pulumi.String(apiKey),
		Cache:       pulumi.BoolRef(false),
		AccessLogs: &secureapi.AccessLogsArgs{
			RetentionInDays: pulumi.IntRef(30),
			Format:          pulumi.StringRef("$context.requestId $context.identity.apiKeyId $context.status"),
		},
		ExecutionLogs:          &secureapi.ExecutionLogsArgs{Level: ref(secureapi.ExecutionLogLevelERROR), Metrics: pulumi.BoolRef(true), Tracing: pulumi.BoolRef(true)},
		BinaryMediaTypes:       []pulumi.StringInput{pulumi.String("image/png")},
		MinimumCompressionSize: pulumi.IntRef(1024),
		Cors: &secureapi.CorsArgs{
			AllowOrigins:     []pulumi.StringInput{pulumi.String("https://app.sdk-wire.example.com")},
			AllowCredentials: pulumi.BoolRef(true),
			ExposeHeaders:    []pulumi.StringInput{pulumi.String("x-request-id")},
			MaxAge:           pulumi.IntRef(300),
		},
		Domain: &secureapi.CustomDomainArgs{
			DomainName:     "api.sdk-wire.example.com",
			CertificateArn: pulumi.String(certificateArn),
			BasePath:       pulumi.StringRef("v1"),
			HostedZoneId:   pulumi.String("Z1D633PJN98FT9"),
			SecurityPolicy: ref(secureapi.DomainSecurityPolicyTLS12),
			MutualTls: &secureapi.MutualTlsArgs{
				TruststoreUri:     pulumi.String("s3://sdk-wire-truststores/partners/ca.pem"),
				TruststoreVersion: pulumi.StringPtr("v2-sdk-wire"),
			},
		},
		DisableExecuteApiEndpoint: pulumi.BoolRef(true),
		AllowedSourceIps:          []pulumi.StringInput{pulumi.String("203.0.113.0/24"), pulumi.String("2001:db8::/32")},
		Waf: &secureapi.ManagedWafArgs{
			RateLimit:    pulumi.IntRef(1000),
			ManagedRules: []pulumi.StringInput{pulumi.String("AWSManagedRulesCommonRuleSet"), pulumi.String("AWSManagedRulesKnownBadInputsRuleSet")},
			Logging: &secureapi.WafLoggingArgs{
				RetentionInDays: pulumi.IntRef(180),
				KmsKeyId:        pulumi.String("arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
			},
		},
		ClientCertificate: pulumi.BoolRef(true),
		StageCache: &secureapi.StageCacheArgs{
			SizeGb:        pulumi.Float64Ref(1.6),
			TtlInSeconds:  pulumi.IntRef(120),
			KeyParameters: []pulumi.StringInput{pulumi.String("method.request.querystring.page")},
		},
	})
	if err != nil {
		return err
	}
	_, err = secureapi.NewIAMSecureRestApi(ctx, "iam-api", &secureapi.IAMSecureRestApiArgs{
		StackName:                  pulumi.StringRef("sdk-wire-iam"),
		Routes:                     []secureapi.RouteInput{secureapi.LambdaRoute(handler, "/hello", secureapi.HttpGET, secureapi.HttpPOST)},
		UseRole:                    pulumi.BoolRef(true),
		TrustAccountRoot:           pulumi.BoolRef(false),
		MaxSessionDuration:         pulumi.IntRef(3600),
		SecretName:                 pulumi.StringRef("sdk-wire/iam-credentials"),
		SecretRecoveryWindowInDays: pulumi.IntRef(7),
		Invokers:                   []pulumi.StringInput{pulumi.String("arn:aws:iam::210987654321:role/sdk-wire-caller"), pulumi.String("111122223333")},
		InvokerGrants: []secureapi.InvokerGrantInput{secureapi.InvokerGrantArgs{
			Principal: "arn:aws:iam::210987654321:role/sdk-wire-reader",
			Routes:    []secureapi.RouteGrantInput{secureapi.RouteGrantArgs{Method: secureapi.HttpGET, Path: "/hello"}},
		}},
		PolicyRoutes: []secureapi.RouteGrantInput{
			secureapi.RouteGrantArgs{Method: secureapi.HttpGET, Path: "/hello"},
			secureapi.RouteGrantArgs{Method: secureapi.HttpPOST, Path: "/hello"},
		},
		AccessKeyRotation: &secureapi.KeyRotationArgs{Generation: pulumi.Int(2), RetirePrevious: pulumi.BoolPtr(true)},
		AccessLogs: &secureapi.AccessLogsArgs{
			DestinationArn: pulumi.String("arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-sdk-wire"),
		},
		ExecutionLogs:  &secureapi.ExecutionLogsArgs{Level: ref(secureapi.ExecutionLogLevelINFO), DataTrace: pulumi.BoolRef(true)},
		CloudWatchRole: pulumi.BoolRef(true),
		Cors: &secureapi.CorsArgs{
			AllowOrigins: []pulumi.StringInput{pulumi.String("*")},
			AllowMethods: []secureapi.HttpInput{secureapi.HttpGET, secureapi.HttpPOST},
		},
		Domain: &secureapi.CustomDomainArgs{
			DomainName:     "iam.sdk-wire.example.com",
			CertificateArn: pulumi.String(certificateArn),
			EndpointType:   ref(secureapi.EndpointTypeEDGE),
		},
		DeniedSourceIps: []pulumi.StringInput{pulumi.String("198.51.100.0/24")},
		WebAclArn:       pulumi.String("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/sdk-wire/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"),
		// The preset, with the IAM user kept explicitly (an input given wins) and its secret under a key of our own.
		Hardening:      ref(secureapi.HardeningStrict),
		CreateUser:     pulumi.BoolRef(true),
		SecretKmsKeyId: pulumi.String("arn:aws:kms:us-east-1:123456789012:key/ffffffff-1111-2222-3333-444444444444"),
	})
	if err != nil {
		return err
	}
	// An HTTP API: a JWT default, an iam route, a Lambda authorizer, a Cognito route through a VPC link.
	orders := secureapi.LambdaRoute(handler, "/orders", secureapi.HttpGET)
	orders.AuthorizationScopes = []pulumi.StringInput{pulumi.String("orders/read")}
	orders.Throttle = &secureapi.RouteThrottleArgs{BurstLimit: 3, RateLimit: 1}
	signed := secureapi.LambdaRoute(handler, "/signed", secureapi.HttpGET, secureapi.HttpPOST)
	signed.Authorizer = &secureapi.AuthorizerArgs{Type: secureapi.AuthorizerTypeIam}
	partners := secureapi.LambdaRoute(handler, "/partners/{id}", secureapi.HttpPUT)
	partners.Authorizer = &secureapi.AuthorizerArgs{
		Type:               secureapi.AuthorizerTypeRequest,
		Function:           handler,
		IdentitySources:    []pulumi.StringInput{pulumi.String("$request.header.X-Partner-Token")},
		ResultTtlInSeconds: pulumi.IntRef(0),
		SimpleResponses:    pulumi.BoolRef(false),
	}
	internal := secureapi.IntegrationRoute(secureapi.IntegrationArgs{
		Type:                "HTTP_PROXY",
		Uri:                 pulumi.String("arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/sdk-wire/50dc6c495c0c9188/0467ef3c8400ae65"),
		HttpMethod:          pulumi.String("ANY"),
		ConnectionType:      pulumi.String("VPC_LINK"),
		ConnectionId:        pulumi.String("abc123"),
		TimeoutMilliseconds: pulumi.Int(10000),
		RequestParameters:   pulumi.StringMap{"overwrite:path": pulumi.String("$request.path")},
	}, "/internal/{proxy+}", secureapi.HttpGET)
	internal.Authorizer = &secureapi.AuthorizerArgs{
		Type:         secureapi.AuthorizerTypeCognito,
		UserPoolArns: pulumi.StringArray{pulumi.String("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_SdkWire01")},
		Audiences:    pulumi.StringArray{pulumi.String("sdk-wire-pool-client")},
	}
	_, err = secureapi.NewSecureHttpApi(ctx, "http-api", &secureapi.SecureHttpApiArgs{
		StackName:   pulumi.StringRef("sdk-wire-http"),
		ApiName:     pulumi.StringRef("sdk-wire-http-api"),
		Description: pulumi.String("SDK wire fixture: HTTP API"),
		StageName:   pulumi.StringRef("v2"),
		Authorizer: &secureapi.AuthorizerArgs{
			Type:      secureapi.AuthorizerTypeJwt,
			Name:      pulumi.StringRef("oidc"),
			Issuer:    pulumi.String("https://issuer.sdk-wire.example.com/"),
			Audiences: pulumi.StringArray{pulumi.String("sdk-wire-web")},
		},
		Routes:                []secureapi.RouteInput{orders, signed, partners, internal},
		Throttle:              &secureapi.ThrottleArgs{BurstLimit: pulumi.IntRef(50), RateLimit: pulumi.Float64Ref(25)},
		StageVariables:        map[string]pulumi.StringInput{"backend": pulumi.String("backend.sdk-wire.example.com")},
		Tags:                  pulumi.StringMap{"app": pulumi.String("sdk-wire")},
		LambdaPermissionScope: ref(secureapi.LambdaPermissionScopeMethod),
		AccessLogs:            &secureapi.AccessLogsArgs{RetentionInDays: pulumi.IntRef(14)},
		Cors: &secureapi.CorsArgs{
			AllowOrigins: []pulumi.StringInput{pulumi.String("https://app.sdk-wire.example.com")},
			AllowHeaders: []pulumi.StringInput{pulumi.String("authorization"), pulumi.String("content-type"), pulumi.String("x-partner-token")},
			MaxAge:       pulumi.IntRef(300),
		},
		Domain: &secureapi.CustomDomainArgs{
			DomainName:     "http.sdk-wire.example.com",
			CertificateArn: pulumi.String(certificateArn),
			BasePath:       pulumi.StringRef("v2"),
			HostedZoneId:   pulumi.String("Z1D633PJN98FT9"),
			MutualTls:      &secureapi.MutualTlsArgs{TruststoreUri: pulumi.String("s3://sdk-wire-truststores/partners/ca.pem")},
		},
		DisableExecuteApiEndpoint:  pulumi.BoolRef(true),
		UseRole:                    pulumi.BoolRef(true),
		RoleName:                   pulumi.StringRef("sdk-wire-http-invoke"),
		TrustAccountRoot:           pulumi.BoolRef(false),
		MaxSessionDuration:         pulumi.IntRef(7200),
		Invokers:                   []pulumi.StringInput{pulumi.String("arn:aws:iam::210987654321:role/sdk-wire-caller")},
		PolicyRoutes:               []secureapi.RouteGrantInput{secureapi.RouteGrantArgs{Method: secureapi.HttpGET, Path: "/signed"}},
		SecretName:                 pulumi.StringRef("sdk-wire/http-credentials"),
		SecretRecoveryWindowInDays: pulumi.IntRef(10),
		AccessKeyRotation:          &secureapi.KeyRotationArgs{Generation: pulumi.Int(1)},
	})
	if err != nil {
		return err
	}
	// Clients with keys of their own and rotation of the shared key (test mode), audited.
	_, err = secureapi.NewSecureRestApi(ctx, "clients-api", &secureapi.SecureRestApiArgs{
		StackName: pulumi.StringRef("sdk-wire-clients"),
		Audit:     pulumi.BoolRef(true),
		Routes: []secureapi.RouteInput{secureapi.IntegrationRoute(secureapi.IntegrationArgs{
			Type:             "MOCK",
			RequestTemplates: pulumi.StringMap{"application/json": pulumi.String(`{"statusCode": 200}`)},
		}, "/ping", secureapi.HttpGET)},
		Test:     pulumi.BoolRef(true),
		Rotation: &secureapi.KeyRotationArgs{Generation: pulumi.Int(2), RetirePrevious: pulumi.BoolPtr(true)},
		Clients: []secureapi.ApiClientInput{
			secureapi.ApiClientArgs{Name: pulumi.String("mobile")},
			secureapi.ApiClientArgs{
				Name:     pulumi.String("partner"),
				Enabled:  pulumi.BoolPtr(false),
				Throttle: secureapi.ThrottleArgs{BurstLimit: ref(5), RateLimit: ref(10.0)},
				Quota:    secureapi.QuotaArgs{Limit: ref(1000), Period: ref(secureapi.QuotaPeriodDAY)},
				Rotation: secureapi.KeyRotationArgs{Generation: pulumi.Int(1)},
			},
		},
	})
	if err != nil {
		return err
	}
	// Your own definition: operations bound by operationId to the handler and to an EXPRESS state machine.
	checkout, err := sfn.NewStateMachine(ctx, "checkout", &sfn.StateMachineArgs{
		Type:       pulumi.String("EXPRESS"),
		RoleArn:    pulumi.String("arn:aws:iam::123456789012:role/sdk-wire-workflow"),
		Definition: pulumi.String(`{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`),
	})
	if err != nil {
		return err
	}
	definition, err := secureapi.OpenApiDefinitionFromFile(filepath.Join("..", "..", "test-support", "sdk-wire-openapi.yaml"))
	if err != nil {
		return err
	}
	_, err = secureapi.NewSecureRestApi(ctx, "definition-api", &secureapi.SecureRestApiArgs{
		StackName:         pulumi.StringRef("sdk-wire-definition"),
		Test:              pulumi.BoolRef(true),
		OpenApiDefinition: definition,
		Operations: map[string]secureapi.OperationBindingInput{
			"getOrder": secureapi.OperationBindingArgs{Handler: handler, Throttle: &secureapi.RouteThrottleArgs{BurstLimit: 3, RateLimit: 1.5}},
			"checkout": secureapi.OperationBindingArgs{
				StateMachine: checkout,
				StateMachineOptions: &secureapi.StateMachineOptionsArgs{
					Headers:        ref(true),
					Path:           ref(false),
					RequestContext: &secureapi.StateMachineRequestContextArgs{RequestId: ref(true), SourceIp: ref(true)},
				},
			},
		},
		PublicOperations: []pulumi.StringInput{pulumi.String("GET /health")},
		Routes: []secureapi.RouteInput{secureapi.RouteArgs{
			Path:         ref("/flow"),
			Methods:      []secureapi.HttpInput{secureapi.HttpPOST},
			StateMachine: checkout,
			StateMachineOptions: &secureapi.StateMachineOptionsArgs{
				Authorizer:     ref(false),
				Querystring:    ref(false),
				RequestContext: &secureapi.StateMachineRequestContextArgs{UserAgent: ref(true)},
			},
		}},
	})
	return err
}

var (
	runOnce sync.Once
	ran     *mocks
	runErr  error
)

func run(t *testing.T, f fixtureFile) *mocks {
	t.Helper()
	runOnce.Do(func() {
		ran = &mocks{}
		runErr = pulumi.RunErr(program, pulumi.WithMocks(f.Project, f.Stack, ran))
	})
	if runErr != nil {
		t.Fatal(runErr)
	}
	return ran
}

// wireForm is what the SDK sent for a registration, as JSON: the struct of the
// RegisterResource request itself (Pulumi's wire form, secrets and resource
// references in their signature objects), minus each reference's
// packageVersion (the aws SDK version, which differs per language) and the
// name and type the Go SDK repeats from the URN (checked against it first).
func wireForm(t *testing.T, reg pulumi.MockResourceArgs) map[string]any {
	t.Helper()
	if reg.RegisterRPC == nil {
		t.Fatalf("%s %s: the mock saw no RegisterResource request", reg.TypeToken, reg.Name)
	}
	var strip func(v any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			if x[sigKey] == resourceSig {
				urn := resource.URN(x["urn"].(string))
				if name, ok := x["name"]; ok && name != urn.Name() {
					t.Errorf("resource reference %s names %v", urn, name)
				}
				if typ, ok := x["type"]; ok && typ != string(urn.Type()) {
					t.Errorf("resource reference %s has type %v", urn, typ)
				}
				delete(x, "packageVersion")
				delete(x, "name")
				delete(x, "type")
			}
			for k, e := range x {
				x[k] = strip(e)
			}
		case []any:
			for i, e := range x {
				x[i] = strip(e)
			}
		}
		return v
	}
	return strip(reg.RegisterRPC.GetObject().AsMap()).(map[string]any)
}

func asJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func TestHandlerRegistersAsTheFixtureFunction(t *testing.T) {
	f := loadFixture(t)
	m := run(t, f)
	h := m.only(t, f.Handler.Type, f.Handler.Name)
	if !h.Custom {
		t.Errorf("the handler registered as a component")
	}
	if got := wireForm(t, h); !reflect.DeepEqual(got, f.Handler.Inputs) {
		t.Errorf("handler inputs\n got %s\nwant %s", asJSON(got), asJSON(f.Handler.Inputs))
	}
}

func TestStateMachineRegistersAsTheFixtureStateMachine(t *testing.T) {
	f := loadFixture(t)
	m := run(t, f)
	sm := m.only(t, f.StateMachine.Type, f.StateMachine.Name)
	if !sm.Custom {
		t.Errorf("the state machine registered as a component")
	}
	if got := wireForm(t, sm); !reflect.DeepEqual(got, f.StateMachine.Inputs) {
		t.Errorf("state machine inputs\n got %s\nwant %s", asJSON(got), asJSON(f.StateMachine.Inputs))
	}
}

func TestComponentsSendExactlyTheFixtureInputs(t *testing.T) {
	f := loadFixture(t)
	m := run(t, f)
	for _, c := range f.Components {
		t.Run(strings.TrimPrefix(c.Type, "secure-api:index:"), func(t *testing.T) {
			reg := m.only(t, c.Type, c.Name)
			if reg.Custom {
				t.Errorf("%s registered as a custom resource, want a component", c.Type)
			}
			// A remote component: the engine has the secure-api plugin construct it.
			if !reg.RegisterRPC.GetRemote() {
				t.Errorf("%s registered as a local component, want remote (constructed by the plugin)", c.Type)
			}
			got := wireForm(t, reg)
			if !reflect.DeepEqual(got, c.Inputs) {
				t.Errorf("inputs of %s\n got %s\nwant %s", c.Name, asJSON(got), asJSON(c.Inputs))
			}
			// The handler crossed as a reference to the very resource, not a copy of its properties.
			for _, route := range reg.Inputs["routes"].ArrayValue() {
				if h, ok := route.ObjectValue()["handler"]; ok {
					if !h.IsResourceReference() || string(h.ResourceReferenceValue().URN) != f.Handler.URN {
						t.Errorf("route handler is %v, want a reference to %s", h, f.Handler.URN)
					}
				}
			}
			// Per-property dependencies: the Go SDK records none for a resource held in a
			// plain field (the TypeScript SDK does); the provider builds either way
			// (provider/src/sdkFixture.test.ts constructs with and without them). Any it
			// does send must be the fixture's.
			for k, v := range reg.RegisterRPC.GetPropertyDependencies() {
				urns := append([]string(nil), v.GetUrns()...)
				sort.Strings(urns)
				if want := c.Dependencies[k]; len(urns) > 0 && !reflect.DeepEqual(urns, want) {
					t.Errorf("dependencies of %s: got %v, want %v", k, urns, want)
				}
			}
		})
	}
}

func TestRouteHelpersMirrorTheReference(t *testing.T) {
	fn := &lambda.Function{}
	r := secureapi.LambdaMethods(fn, secureapi.HttpPUT, secureapi.HttpPOST)
	if *r.Path != "/" || r.Handler != fn || r.Integration != nil ||
		!reflect.DeepEqual(r.Methods, []secureapi.HttpInput{secureapi.HttpPUT, secureapi.HttpPOST}) {
		t.Errorf("LambdaMethods: %+v", r)
	}
	r = secureapi.LambdaRoute(fn, "/path1", secureapi.HttpGET)
	if *r.Path != "/path1" || r.Handler != fn || len(r.Methods) != 1 {
		t.Errorf("LambdaRoute: %+v", r)
	}
	r = secureapi.IntegrationRoute(secureapi.IntegrationArgs{Type: "MOCK"}, "/ping", secureapi.HttpANY)
	if *r.Path != "/ping" || r.Handler != nil || r.Integration.Type != "MOCK" {
		t.Errorf("IntegrationRoute: %+v", r)
	}
	r = secureapi.IntegrationMethods(secureapi.IntegrationArgs{Type: "MOCK"}, secureapi.HttpOPTIONS)
	if *r.Path != "/" || r.Integration.Type != "MOCK" {
		t.Errorf("IntegrationMethods: %+v", r)
	}
}
