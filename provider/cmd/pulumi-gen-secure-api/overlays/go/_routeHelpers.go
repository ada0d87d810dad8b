// Route helpers of the secure-api SDK. This file is not generated from
// schema.yaml: `make gen` copies it from
// provider/cmd/pulumi-gen-secure-api/overlays/go/_routeHelpers.go into
// sdk/go/secureapi/routeHelpers.go (edit it there; the leading underscore keeps
// the go tool from compiling it inside the generator's module).

package secureapi

import (
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
)

// The helpers below mirror the reference library's
// add_resource_and_lambda_methods, add_lambda_methods and add_methods: each
// returns one Route for the Routes input of SecureRestApi or IAMSecureRestApi.
// A route needs at least one method, so the first one is a separate parameter.
//
//	Routes: []secureapi.RouteInput{
//		secureapi.LambdaMethods(fn, secureapi.HttpGET),
//		secureapi.LambdaRoute(fn, "/items/{id}", secureapi.HttpGET, secureapi.HttpPUT),
//	}

func httpInputs(method Http, more []Http) []HttpInput {
	out := make([]HttpInput, 0, 1+len(more))
	out = append(out, method)
	for _, m := range more {
		out = append(out, m)
	}
	return out
}

// LambdaRoute answers method (and more) on path, served by the Lambda function
// handler through a proxy integration; the component adds the invoke
// permission. The counterpart of add_resource_and_lambda_methods(handler, "/path", *methods).
func LambdaRoute(handler *lambda.Function, path string, method Http, more ...Http) RouteArgs {
	return RouteArgs{Path: &path, Methods: httpInputs(method, more), Handler: handler}
}

// LambdaMethods answers method (and more) on the API's root path "/", served by
// the Lambda function handler. The counterpart of add_lambda_methods(handler, *methods).
func LambdaMethods(handler *lambda.Function, method Http, more ...Http) RouteArgs {
	return LambdaRoute(handler, "/", method, more...)
}

// IntegrationRoute answers method (and more) on path, served by a generic
// integration (HTTP, HTTP_PROXY, AWS, AWS_PROXY or MOCK). The counterpart of
// add_methods(integration, *methods, resource=...).
func IntegrationRoute(integration IntegrationArgs, path string, method Http, more ...Http) RouteArgs {
	return RouteArgs{Path: &path, Methods: httpInputs(method, more), Integration: &integration}
}

// IntegrationMethods answers method (and more) on the API's root path "/",
// served by a generic integration. The counterpart of add_methods(integration, *methods).
func IntegrationMethods(integration IntegrationArgs, method Http, more ...Http) RouteArgs {
	return IntegrationRoute(integration, "/", method, more...)
}
