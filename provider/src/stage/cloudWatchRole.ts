// API Gateway's CloudWatch role: API Gateway writes access and execution logs
// to CloudWatch Logs only once the account has a role for it in the region
// (GetAccount's cloudwatchRoleArn). That setting is ACCOUNT-WIDE, shared by
// every API of the account in the region, so it is changed only when a component
// is asked to (cloudWatchRole: true), and never by two components of one stack
// (claimCloudWatchRole in sharedInputs.ts).
// Like CDK's RestApi (cloudWatchRoleRemovalPolicy RETAIN), the role, its policy
// attachment and the setting outlive the stack (retainOnDelete): deleting an
// aws.apigateway.Account may reset the setting (pulumi-aws v6 announced that for
// its next major version; v7 has no resetOnDelete to opt out), which would stop
// the logs of every other API in the region. The role's name gets a random
// suffix, so a re-created stack does not collide with the role it left behind.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../shared/awsContext";

/** IAM's limit on a name prefix: 64 characters minus the 26 of the suffix Pulumi adds. */
const ROLE_NAME_PREFIX_MAX = 38;

export interface CloudWatchRoleArgs {
    readonly stackName: string;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The role API Gateway assumes to push logs, and the account setting naming it; logging waits for the latter. */
export function createCloudWatchRole(name: string, args: CloudWatchRoleArgs, parent: pulumi.Resource): aws.apigateway.Account {
    const kept = { parent, retainOnDelete: true };
    const role = new aws.iam.Role(
        `${name}-cloudwatch`,
        {
            namePrefix: `${args.stackName.slice(0, ROLE_NAME_PREFIX_MAX - "-apigw-logs-".length)}-apigw-logs-`,
            description: "Lets API Gateway push access and execution logs to CloudWatch Logs (the account's API Gateway CloudWatch role)",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: args.tags,
        },
        kept,
    );
    const policy = new aws.iam.RolePolicyAttachment(
        `${name}-cloudwatch`,
        {
            role: role.name,
            policyArn: pulumi.interpolate`arn:${awsContext(parent, args.region).partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
        },
        kept,
    );
    return new aws.apigateway.Account(
        `${name}-cloudwatch`,
        {
            cloudwatchRoleArn: role.arn,
            region: args.region,
        },
        { ...kept, dependsOn: [policy] },
    );
}
