// The backend client certificate (clientCertificate): an API Gateway client
// certificate set on the stage, which API Gateway presents when it calls an HTTP
// or HTTP_PROXY backend, so the backend can tell the API's calls from anyone
// else's (mutual TLS to the backend; checkov CKV2_AWS_51). AWS's terms: no charge;
// each certificate is valid 365 days from its creation; at most 60 per account and
// region (API Gateway quotas, "Client certificates per account per Region",
// counted in graph/awsLimits.ts). Lambda and AWS service integrations ignore it.
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { InputChecker } from "../shared/inputErrors";

export function clientCertificateSetting(value: unknown, check: InputChecker): boolean {
    if (value !== undefined && typeof value !== "boolean") check.fail("clientCertificate", value, "must be true or false");
    return value === true;
}

export function createClientCertificate(
    name: string,
    s: { restApiName: string; region?: pulumi.Input<string>; tags?: pulumi.Input<Record<string, pulumi.Input<string>>> },
    parent: pulumi.Resource,
): aws.apigateway.ClientCertificate {
    return new aws.apigateway.ClientCertificate(
        `${name}-backend`,
        { description: `Presented by ${s.restApiName} to its HTTP backends`, region: s.region, tags: s.tags },
        { parent },
    );
}
