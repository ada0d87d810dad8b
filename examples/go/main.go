// Both secure-api components in front of one small inline Lambda function.
//
//	pulumi up   (after `make build`; the SDK comes from ../../sdk through go.mod's replace)
package main

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi-secure-api/pulumi-secure-api/sdk/go/secureapi"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const handlerJS = `exports.handler = async (event) => ({
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "hello from pulumi-secure-api", method: event.httpMethod, path: event.path }),
});
`

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The Lambda function's execution role (it may write its logs, nothing else).
		trust, err := json.Marshal(map[string]any{
			"Version": "2012-10-17",
			"Statement": []map[string]any{{
				"Effect": "Allow", "Principal": map[string]string{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole",
			}},
		})
		if err != nil {
			return err
		}
		role, err := iam.NewRole(ctx, "handler-role", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(string(trust))})
		if err != nil {
			return err
		}
		logs, err := iam.NewRolePolicyAttachment(ctx, "handler-logs", &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: iam.ManagedPolicyAWSLambdaBasicExecutionRole,
		})
		if err != nil {
			return err
		}

		// A proxy-integration handler, its code inline.
		handler, err := lambda.NewFunction(ctx, "handler", &lambda.FunctionArgs{
			Role:    role.Arn,
			Runtime: lambda.RuntimeNodeJS20dX,
			Handler: pulumi.String("index.handler"),
			Code: pulumi.NewAssetArchive(map[string]any{
				"index.js": pulumi.NewStringAsset(handlerJS),
			}),
		}, pulumi.DependsOn([]pulumi.Resource{logs}))
		if err != nil {
			return err
		}

		// Every method needs the x-api-key header; the key comes from (or goes to) SSM.
		keyed, err := secureapi.NewSecureRestApi(ctx, "keyed-api", &secureapi.SecureRestApiArgs{
			Routes: []secureapi.RouteInput{
				secureapi.LambdaMethods(handler, secureapi.HttpGET), // GET /
				secureapi.LambdaRoute(handler, "/hello", secureapi.HttpGET, secureapi.HttpPOST),
			},
		})
		if err != nil {
			return err
		}

		// Every method needs AWS IAM (SigV4) auth; an IAM user may assume the invoke role.
		// Two components in one stack need distinct stack names (the default is {project}-{stack}).
		iamAPI, err := secureapi.NewIAMSecureRestApi(ctx, "iam-api", &secureapi.IAMSecureRestApiArgs{
			StackName: pulumi.StringRef(fmt.Sprintf("%s-%s-iam", ctx.Project(), ctx.Stack())),
			UseRole:   pulumi.BoolRef(true),
			Routes:    []secureapi.RouteInput{secureapi.LambdaRoute(handler, "/hello", secureapi.HttpGET)},
		})
		if err != nil {
			return err
		}

		ctx.Export("APIEndpoint", keyed.ApiEndpoint)
		ctx.Export("APIKey", pulumi.ToSecret(keyed.ApiKey))
		ctx.Export("IAMAPIEndpoint", iamAPI.ApiEndpoint)
		ctx.Export("APIIAMUserCredentials", iamAPI.ApiIamUserCredentials)
		ctx.Export("APIIAMRoleARN", iamAPI.ApiIamRoleArn)
		return nil
	})
}
