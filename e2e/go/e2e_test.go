// The components under the real engine, from Go (run by scripts/e2e.sh): the
// real CLI and engine, our plugin constructing the components over gRPC, the
// generated Go SDK, a file backend with encrypted secrets, moto for the key
// flow, and a STAND-IN aws provider (test-support/stand-in-aws-provider).
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi-secure-api/pulumi-secure-api/sdk/go/secureapi"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const project = "e2e-go"

func env(t *testing.T, name string) string {
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run this suite through scripts/e2e.sh", name)
	}
	return v
}

// Both components in front of one Lambda, with routes from the SDK's helpers.
func program(ctx *pulumi.Context) error {
	role, err := iam.NewRole(ctx, "handler-role", &iam.RoleArgs{
		AssumeRolePolicy: pulumi.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
	})
	if err != nil {
		return err
	}
	handler, err := lambda.NewFunction(ctx, "handler", &lambda.FunctionArgs{
		Role:    role.Arn,
		Runtime: lambda.RuntimeNodeJS20dX,
		Handler: pulumi.String("index.handler"),
		Code:    pulumi.NewAssetArchive(map[string]any{"index.js": pulumi.NewStringAsset("exports.handler = async () => ({ statusCode: 200 });")}),
	})
	if err != nil {
		return err
	}
	keyed, err := secureapi.NewSecureRestApi(ctx, "keyed-api", &secureapi.SecureRestApiArgs{
		Routes: []secureapi.RouteInput{
			secureapi.LambdaMethods(handler, secureapi.HttpGET),
			secureapi.LambdaRoute(handler, "/hello", secureapi.HttpGET, secureapi.HttpPOST),
		},
	})
	if err != nil {
		return err
	}
	iamAPI, err := secureapi.NewIAMSecureRestApi(ctx, "iam-api", &secureapi.IAMSecureRestApiArgs{
		StackName: pulumi.StringRef(fmt.Sprintf("%s-%s-iam", ctx.Project(), ctx.Stack())),
		UseRole:   pulumi.BoolRef(true),
		Routes:    []secureapi.RouteInput{secureapi.LambdaRoute(handler, "/hello", secureapi.HttpGET)},
	})
	if err != nil {
		return err
	}
	ctx.Export("APIEndpoint", keyed.ApiEndpoint)
	ctx.Export("APIKey", keyed.ApiKey)
	ctx.Export("APIIAMUserCredentials", iamAPI.ApiIamUserCredentials)
	ctx.Export("APIIAMRoleARN", iamAPI.ApiIamRoleArn)
	return nil
}

func TestBothComponentsUnderTheRealEngine(t *testing.T) {
	ctx := context.Background()
	cli := env(t, "PULUMI_CLI")
	work := filepath.Join(env(t, "E2E_WORK"), "go")
	state := filepath.Join(work, "state")
	if err := os.MkdirAll(state, 0o755); err != nil {
		t.Fatal(err)
	}
	envVars := map[string]string{
		"PULUMI_SECURE_API_CACHE": filepath.Join(work, "api-keys.json"),
		"PULUMI_BACKEND_URL":      "file://" + state,
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: filepath.Dir(filepath.Dir(cli)), SkipVersionCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", project, program,
		auto.WorkDir(work), auto.EnvVars(envVars), auto.Pulumi(cmd))
	if err != nil {
		t.Fatal(err)
	}
	runCLI := func(args ...string) string {
		c := exec.Command(cli, append(args, "--stack", "dev", "--non-interactive")...)
		c.Dir = work
		c.Env = os.Environ()
		for k, v := range envVars {
			c.Env = append(c.Env, k+"="+v)
		}
		out, err := c.Output()
		if err != nil {
			t.Fatalf("pulumi %v: %v", args, err)
		}
		return string(out)
	}

	up, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	defer func() {
		if _, err := stack.Destroy(ctx); err != nil {
			t.Errorf("destroy: %v", err)
		}
		var after struct {
			Deployment struct{ Resources []any } `json:"deployment"`
		}
		if err := json.Unmarshal([]byte(runCLI("stack", "export")), &after); err != nil || len(after.Deployment.Resources) != 0 {
			t.Errorf("destroy left %d resources (%v)", len(after.Deployment.Resources), err)
		}
	}()

	t.Run("APIKey is secret and is what the CLI shows", func(t *testing.T) {
		key, ok := up.Outputs["APIKey"]
		if !ok || !key.Secret {
			t.Fatalf("APIKey output missing or not secret: %+v", key)
		}
		value, _ := key.Value.(string)
		if len(value) != 40 {
			t.Fatalf("APIKey has %d characters, want 40", len(value))
		}
		if shown := strings.TrimSpace(runCLI("stack", "output", "APIKey", "--show-secrets")); shown != value {
			t.Errorf("`pulumi stack output APIKey --show-secrets` printed another value")
		}
		if exported := runCLI("stack", "export"); strings.Contains(exported, value) {
			t.Errorf("the API key is in plain text in `pulumi stack export`")
		}
	})

	t.Run("IAM outputs are present", func(t *testing.T) {
		role := fmt.Sprint(up.Outputs["APIIAMRoleARN"].Value)
		if role != "arn:aws:iam::123456789012:role/"+project+"-dev-iam@api-invoke-role" {
			t.Errorf("APIIAMRoleARN = %q", role)
		}
		link := fmt.Sprint(up.Outputs["APIIAMUserCredentials"].Value)
		if !strings.HasPrefix(link, "https://us-east-1.console.aws.amazon.com/secretsmanager/secret?name=") {
			t.Errorf("APIIAMUserCredentials = %q", link)
		}
	})

	t.Run("the components parent their graphs", func(t *testing.T) {
		var state struct {
			Deployment struct {
				Resources []struct{ URN, Type, Parent string } `json:"resources"`
			} `json:"deployment"`
		}
		if err := json.Unmarshal([]byte(runCLI("stack", "export")), &state); err != nil {
			t.Fatal(err)
		}
		parents := map[string]string{}
		for _, r := range state.Deployment.Resources {
			parents[r.Type+" "+r.URN[strings.LastIndex(r.URN, "::")+2:]] = r.Parent
		}
		for _, want := range []string{"aws:apigateway/restApi:RestApi keyed-api", "aws:apigateway/apiKey:ApiKey keyed-api", "aws:iam/user:User iam-api"} {
			p, ok := parents[want]
			if !ok || !strings.Contains(p, "secure-api:index:") {
				t.Errorf("%s: parent %q", want, p)
			}
		}
	})

	t.Run("a preview after up changes nothing", func(t *testing.T) {
		res, err := stack.Preview(ctx, optpreview.Diff())
		if err != nil {
			t.Fatal(err)
		}
		for op, n := range res.ChangeSummary {
			if op != "same" && n > 0 {
				t.Errorf("preview after up: %d %s", n, op)
			}
		}
	})
}
